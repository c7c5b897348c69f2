import { describe, expect, it } from "vitest"
import { rampRate } from "../../../src/model/demand/ramp.ts"
import { arrivalTimes, countIn, source } from "./helpers.ts"

describe("poisson", () => {
  it("5/s over 100,000 s gives 500,000 arrivals within 5 standard deviations (√500000 ≈ 707)", () => {
    const times = arrivalTimes(source({ arrivals: { pattern: "poisson", rate: 5 }, horizonSeconds: 100_000 }))
    expect(Math.abs(times.length - 500_000)).toBeLessThan(5 * 707)
  })

  it("has exponential gaps: coefficient of variation 1 (a constant stream would give 0)", () => {
    const times = arrivalTimes(source({ arrivals: { pattern: "poisson", rate: 5 }, horizonSeconds: 20_000 }))
    let s = 0, s2 = 0
    for (let i = 1; i < times.length; i++) {
      const g = times[i]! - times[i - 1]!
      s += g
      s2 += g * g
    }
    const n = times.length - 1
    const mean = s / n
    const cv = Math.sqrt(s2 / n - mean * mean) / mean
    expect(mean).toBeCloseTo(0.2, 2)
    expect(Math.abs(cv - 1)).toBeLessThan(0.02) // SE of the CV ≈ 1/√n = 0.0032 at n ≈ 100k
  })
})

describe("constant", () => {
  it("spaces arrivals exactly 1/rate apart, the first one gap after 0, and keeps one at the horizon", () => {
    const times = arrivalTimes(source({ arrivals: { pattern: "constant", rate: 4 }, horizonSeconds: 10 }))
    expect(times.length).toBe(40)
    expect([...times].every((t, i) => t === (i + 1) / 4)).toBe(true)
  })

  it("does not drift over a long run: the 3,000,000th arrival at 10/s is at exactly 300,000 s", () => {
    const times = arrivalTimes(source({ arrivals: { pattern: "constant", rate: 10 }, horizonSeconds: 300_000 }))
    expect(times.length).toBe(3_000_000)
    expect(times[times.length - 1]).toBe(300_000)
  })
})

describe("ramp", () => {
  it("the rate is linear from → to over `over`, then constant", () => {
    const r = { from: 0, to: 100, over: 1000 }
    expect(rampRate(r, 0)).toBe(0)
    expect(rampRate(r, 250)).toBe(25)
    expect(rampRate(r, 1000)).toBe(100)
    expect(rampRate(r, 5000)).toBe(100)
  })

  it("0 → 100/s over 1000 s: counts in the first and last 100 s of the ramp and after it match ∫λ", () => {
    const times = arrivalTimes(source({ arrivals: { pattern: "ramp", from: 0, to: 100, over: 1000 }, horizonSeconds: 2000 }))
    // ∫₀¹⁰⁰ 0.1t dt = 500; ∫₉₀₀¹⁰⁰⁰ 0.1t dt = 0.05·(1000² − 900²) = 9500; ∫₁₉₀₀²⁰⁰⁰ 100 dt = 10000
    // tolerance: 5 standard deviations (√count) of a Poisson count
    expect(Math.abs(countIn(times, 0, 100) - 500)).toBeLessThan(5 * Math.sqrt(500))
    expect(Math.abs(countIn(times, 900, 1000) - 9500)).toBeLessThan(5 * Math.sqrt(9500))
    expect(Math.abs(countIn(times, 1900, 2000) - 10_000)).toBeLessThan(5 * 100)
    expect(Math.abs(times.length - 150_000)).toBeLessThan(5 * Math.sqrt(150_000))
  })

  it("a ramp down to 0 stops arriving once the rate reaches 0", () => {
    const times = arrivalTimes(source({ arrivals: { pattern: "ramp", from: 100, to: 0, over: 1000 }, horizonSeconds: 5000 }))
    // ∫₀¹⁰⁰ (100 − 0.1t) dt = 10000 − 500 = 9500; the total is 100·1000/2 = 50000
    expect(Math.abs(countIn(times, 0, 100) - 9500)).toBeLessThan(5 * Math.sqrt(9500))
    expect(Math.abs(times.length - 50_000)).toBeLessThan(5 * Math.sqrt(50_000))
    expect(times[times.length - 1]!).toBeLessThanOrEqual(1000)
  })
})

describe("batch", () => {
  it("submits every request at `at`, then nothing", () => {
    const times = arrivalTimes(source({ arrivals: { pattern: "batch", requests: 1000, at: 60 }, horizonSeconds: 3600 }))
    expect(times.length).toBe(1000)
    expect(times.every((t) => t === 60)).toBe(true)
  })

  it("defaults to time 0, and a batch after the horizon never arrives", () => {
    expect([...arrivalTimes(source({ arrivals: { pattern: "batch", requests: 3 }, horizonSeconds: 10 }))]).toEqual([0, 0, 0])
    expect(arrivalTimes(source({ arrivals: { pattern: "batch", requests: 3, at: 11 }, horizonSeconds: 10 })).length).toBe(0)
  })
})
