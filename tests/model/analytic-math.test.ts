/** The analytic engine's building blocks: normal functions, capped lognormal mean, strata, waits, lengths and demand summaries. */
import { describe, expect, it } from "vitest"
import { normalCdf, normalQuantile } from "../../src/model/analytic/normal.ts"
import { cappedLognormalMean, lengthModel, valuesLengthModel } from "../../src/model/analytic/lengths.ts"
import { FINE_EDGES, stratify, strataMean, strataScv } from "../../src/model/analytic/strata.ts"
import { waitMean, waitQuantile } from "../../src/model/analytic/latency.ts"
import { summarizeDemand } from "../../src/model/analytic/demand-rates.ts"

describe("normal distribution", () => {
  it("Φ(1.959964) = 0.975 and Φ(0) = 0.5 (standard table values)", () => {
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6)
    expect(normalCdf(0)).toBeCloseTo(0.5, 7)
    expect(normalCdf(-1)).toBeCloseTo(0.158655254, 6)
  })
  it("Φ⁻¹(0.99) = 2.32634787 and Φ⁻¹(0.001) = −3.09023231", () => {
    expect(normalQuantile(0.99)).toBeCloseTo(2.3263478740408408, 7)
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232306, 7)
    expect(normalQuantile(0.5)).toBe(0)
  })
})

describe("lengths", () => {
  it("capped lognormal mean: μ=0, σ=1 capped at the median 1 is e^½·Φ(−1) + ½ = 0.761578", () => {
    expect(cappedLognormalMean(0, 1, Infinity)).toBeCloseTo(Math.exp(0.5), 12)
    expect(cappedLognormalMean(0, 1, 1)).toBeCloseTo(Math.exp(0.5) * 0.158655254 + 0.5, 6)
  })
  it("uniform 100..300 has mean 200; fixed 500 capped at 400 is 400", () => {
    expect(lengthModel({ distribution: "uniform", min: 100, max: 300 }, "prompt").meanTokens).toBe(200)
    expect(lengthModel({ distribution: "fixed", value: 500, max: 400 }, "prompt").meanTokens).toBe(400)
  })
  it("lognormal mean 1200 p99 8000 capped at 32k: the cap removes a little of the mean", () => {
    const m = lengthModel({ distribution: "lognormal", mean: 1200, p99: 8000, max: 32_000 }, "prompt")
    expect(m.meanTokens).toBeLessThan(1200)
    expect(m.meanTokens).toBeGreaterThan(1150)
  })
  it("observed values: mean of all values (capped), strata from the sorted values", () => {
    const m = valuesLengthModel([1, 2, 3, 10], 5)
    expect(m.meanTokens).toBe(11 / 4)
    expect(m.fine.values[0]).toBe(1)
    expect(m.fine.values[m.fine.values.length - 1]).toBe(5)
  })
})

describe("strata", () => {
  it("midpoint quantiles weighted by stratum width: the identity has mean ½ and SCV ≈ 1/3", () => {
    const s = stratify((q) => q, FINE_EDGES)
    expect(s.weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12)
    expect(strataMean(s)).toBeCloseTo(0.5, 12)
    expect(strataScv(s)).toBeCloseTo(1 / 3, 2)
  })
})

describe("waits", () => {
  it("queue: P(W > t) = p·e^(−t/m), so with p = ½, m = 2 the 99th percentile is 2·ln 50", () => {
    const w = { kind: "queue", probability: 0.5, meanIfWaitingSeconds: 2 } as const
    expect(waitQuantile(w, 0.99)).toBeCloseTo(2 * Math.log(50), 12)
    expect(waitQuantile(w, 0.4)).toBe(0)
    expect(waitMean(w)).toBe(1)
  })
  it("uniform (fluid overload): quantiles linear between the bounds", () => {
    const w = { kind: "uniform", lowSeconds: 0, highSeconds: 100 } as const
    expect(waitQuantile(w, 0.9)).toBeCloseTo(90, 12)
    expect(waitMean(w)).toBe(50)
  })
})

describe("demand summaries", () => {
  it("diurnal over a week with weekendFactor ½: mean (5 + 2·½)/7 of meanRate, latency at the peak", () => {
    const d = summarizeDemand({ pattern: "diurnal", meanRate: 14, peakToMean: 1.5, peakAt: 50_400, weekendFactor: 0.5 }, 7 * 86_400)
    expect(d.kind).toBe("open")
    if (d.kind !== "open") return
    expect(d.meanRatePerSecond).toBeCloseTo((14 * 6) / 7, 12)
    expect(d.latencyRatePerSecond).toBe(21)
    expect(d.expectedArrivals).toBeCloseTo(12 * 7 * 86_400, 6)
  })
  it("ramp 0 → 10/s over 1 h, horizon 2 h: mean 7.5/s, latency at 10/s", () => {
    const d = summarizeDemand({ pattern: "ramp", from: 0, to: 10, over: 3600 }, 7200)
    if (d.kind !== "open") throw new Error("open expected")
    expect(d.meanRatePerSecond).toBeCloseTo(7.5, 12)
    expect(d.latencyRatePerSecond).toBe(10)
  })
  it("looped trace: rows per period (span·rows/(rows − 1)), times rateScale/timeScale", () => {
    const trace = { time: Float64Array.from([0, 1, 2, 3, 4]), promptTokens: new Float64Array(5), outputTokens: new Float64Array(5), spanSeconds: 4, rows: 5 }
    const d = summarizeDemand({ pattern: "trace", file: "t.csv", loop: true, rateScale: 2 }, 100, trace)
    if (d.kind !== "open") throw new Error("open expected")
    expect(d.meanRatePerSecond).toBeCloseTo(2, 12) // 5 rows per 5 s, doubled
    expect(d.arrivalScv).toBeCloseTo(0, 12) // evenly spaced
  })
})
