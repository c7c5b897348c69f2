import { describe, expect, it } from "vitest"
import { allenCunneenMeanWaitSeconds, erlangB, erlangC, mmcMeanWaitSeconds } from "../../src/perf/queueing.ts"

describe("Erlang B and C", () => {
  it("Erlang B for 2 servers at 1 Erlang: (1/2) / (1 + 1 + 1/2) = 0.2", () => {
    expect(erlangB(2, 1)).toBeCloseTo(0.2, 15)
  })

  it("Erlang C for one server is the utilization: C(1, ρ) = ρ", () => {
    expect(erlangC(1, 0.9)).toBeCloseTo(0.9, 15)
  })

  it("M/M/2 with λ = μ = 1 by hand: C = (a²/2!·1/(1−ρ)) / (1 + a + a²/2!·1/(1−ρ)) = 1 / 3", () => {
    expect(erlangC(2, 1)).toBeCloseTo(1 / 3, 15)
  })

  it("M/M/10 at a = 8 Erlangs waits with probability 0.4092 (standard Erlang C table value)", () => {
    expect(erlangC(10, 8)).toBeCloseTo(0.4092, 4)
  })

  it("is 1 when saturated and 0 with no load", () => {
    expect(erlangC(4, 4)).toBe(1)
    expect(erlangC(4, 0)).toBe(0)
  })

  it("stays finite and in [0, 1] for thousands of servers (no factorial overflow)", () => {
    const c = erlangC(5000, 4950)
    expect(c).toBeGreaterThan(0)
    expect(c).toBeLessThan(1)
  })
})

describe("mean wait in queue", () => {
  it("M/M/1 at ρ = 0.9 waits Wq = ρ/(μ−λ) = 9/μ", () => {
    expect(mmcMeanWaitSeconds(0.9, 1, 1)).toBeCloseTo(9, 12)
    expect(mmcMeanWaitSeconds(1.8, 2, 1)).toBeCloseTo(9 / 2, 12)
  })

  it("M/M/2 with λ = μ = 1: Wq = (1/3)/(2 − 1) = 1/3", () => {
    expect(mmcMeanWaitSeconds(1, 1, 2)).toBeCloseTo(1 / 3, 15)
  })

  it("is infinite at or beyond capacity", () => {
    expect(mmcMeanWaitSeconds(2, 1, 2)).toBe(Infinity)
  })

  it("Allen–Cunneen with exponential service (cs² = 1) is exactly Erlang C", () => {
    expect(allenCunneenMeanWaitSeconds(7, 1, 10, 1, 1)).toBe(mmcMeanWaitSeconds(7, 1, 10))
  })

  it("Allen–Cunneen with deterministic service gives M/D/1's Pollaczek–Khinchine wait ρ/(2μ(1−ρ)) = 4.5/μ at ρ = 0.9", () => {
    expect(allenCunneenMeanWaitSeconds(0.9, 1, 1, 1, 0)).toBeCloseTo(4.5, 12)
  })
})
