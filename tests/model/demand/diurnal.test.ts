import { describe, expect, it } from "vitest"
import { DAY_SECONDS, DiurnalRate, raisedCosineExponent } from "../../../src/model/demand/diurnal.ts"
import { arrivalTimes, countIn, source } from "./helpers.ts"

const HOUR = 3600

/** ∫ of meanRate·(1 + A·cos(2π(t − peakAt)/day)) over [a, b], by hand. */
const cosineIntegral = (meanRate: number, A: number, peakAt: number, a: number, b: number): number => {
  const w = (2 * Math.PI) / DAY_SECONDS
  return meanRate * (b - a + (A / w) * (Math.sin(w * (b - peakAt)) - Math.sin(w * (a - peakAt))))
}

describe("diurnal rate shape", () => {
  it("peakToMean ≤ 2 is a cosine: mean rate at the mean, peakToMean × mean at peakAt, the mirror at the trough", () => {
    const r = new DiurnalRate({ meanRate: 20, peakToMean: 1.8, peakAt: 14 * HOUR })
    expect(r.at(14 * HOUR)).toBeCloseTo(36, 9)
    expect(r.at(2 * HOUR)).toBeCloseTo(4, 9) // 20·(1 − 0.8)
    expect(r.at(8 * HOUR)).toBeCloseTo(20, 9) // a quarter day before the peak: cos = 0
  })

  it("the raised-cosine exponent matches the closed form mean(c^k) = C(2k, k)/4^k for whole k", () => {
    // k = 1: 2/4 = 1/2 → P = 2; k = 2: 6/16 = 0.375 → P = 8/3; k = 3: 20/64 = 0.3125 → P = 3.2
    expect(raisedCosineExponent(2)).toBeCloseTo(1, 9)
    expect(raisedCosineExponent(8 / 3)).toBeCloseTo(2, 9)
    expect(raisedCosineExponent(3.2)).toBeCloseTo(3, 9)
  })

  it("peakToMean 4 keeps a daily mean of meanRate, a peak of 4× at peakAt and never goes negative", () => {
    const r = new DiurnalRate({ meanRate: 10, peakToMean: 4, peakAt: 9 * HOUR })
    let sum = 0, min = Infinity, max = 0, argMax = 0
    for (let s = 0; s < DAY_SECONDS; s++) {
      const v = r.at(s)
      sum += v
      if (v < min) min = v
      if (v > max) [max, argMax] = [v, s]
    }
    expect(sum / DAY_SECONDS).toBeCloseTo(10, 6)
    expect(max).toBeCloseTo(40, 6)
    expect(argMax).toBe(9 * HOUR)
    expect(min).toBeGreaterThanOrEqual(0)
  })
})

describe("diurnal arrivals", () => {
  it("hourly counts over a week follow ∫λ, the busiest hour holds the peak and peak/mean ≈ peakToMean", () => {
    // meanRate 2/s, peak 1.8× at 14:30, 7 days: ≈ 1.21M arrivals
    const peakAt = 14.5 * HOUR
    const times = arrivalTimes(
      source({ arrivals: { pattern: "diurnal", meanRate: 2, peakToMean: 1.8, peakAt }, horizonSeconds: 7 * DAY_SECONDS }),
    )
    const hourly = new Float64Array(24)
    for (const t of times) hourly[Math.floor((t % DAY_SECONDS) / HOUR)]!++
    for (let h = 0; h < 24; h++) {
      const expected = 7 * cosineIntegral(2, 0.8, peakAt, h * HOUR, (h + 1) * HOUR)
      expect(Math.abs(hourly[h]! - expected)).toBeLessThan(5 * Math.sqrt(expected))
    }
    const busiest = hourly.indexOf(Math.max(...hourly))
    expect(busiest).toBe(14)
    // an hour-long bin averages the cosine: 1 + 0.8·sin(π/24)/(π/24) = 1.7977
    const meanHour = times.length / 24
    expect(hourly[14]! / meanHour).toBeGreaterThan(1.77)
    expect(hourly[14]! / meanHour).toBeLessThan(1.83)
    expect(Math.abs(times.length - 7 * 2 * DAY_SECONDS)).toBeLessThan(5 * Math.sqrt(7 * 2 * DAY_SECONDS))
  })

  it("weekendFactor scales Saturday and Sunday (days 5 and 6; day 0 is Monday)", () => {
    const times = arrivalTimes(
      source({
        arrivals: { pattern: "diurnal", meanRate: 1, peakToMean: 1.5, peakAt: 12 * HOUR, weekendFactor: 0.25 },
        horizonSeconds: 7 * DAY_SECONDS,
      }),
    )
    for (let day = 0; day < 7; day++) {
      const expected = day >= 5 ? 0.25 * DAY_SECONDS : DAY_SECONDS
      const n = countIn(times, day * DAY_SECONDS, (day + 1) * DAY_SECONDS)
      expect(Math.abs(n - expected)).toBeLessThan(5 * Math.sqrt(expected))
    }
  })

  it("a weekend factor of 0 gives a silent weekend that the generator skips over", () => {
    const times = arrivalTimes(
      source({
        arrivals: { pattern: "diurnal", meanRate: 0.1, peakToMean: 1, peakAt: 0, weekendFactor: 0 },
        horizonSeconds: 14 * DAY_SECONDS,
      }),
    )
    expect(countIn(times, 5 * DAY_SECONDS, 7 * DAY_SECONDS)).toBe(0)
    expect(countIn(times, 12 * DAY_SECONDS, 14 * DAY_SECONDS)).toBe(0)
    expect(countIn(times, 7 * DAY_SECONDS, 8 * DAY_SECONDS)).toBeGreaterThan(8000)
  })

  it("peakToMean 4 keeps the daily mean in the generated counts", () => {
    const times = arrivalTimes(
      source({ arrivals: { pattern: "diurnal", meanRate: 1, peakToMean: 4, peakAt: 20 * HOUR }, horizonSeconds: 4 * DAY_SECONDS }),
    )
    expect(Math.abs(times.length - 4 * DAY_SECONDS)).toBeLessThan(5 * Math.sqrt(4 * DAY_SECONDS))
    const hourly = new Float64Array(24)
    for (const t of times) hourly[Math.floor((t % DAY_SECONDS) / HOUR)]!++
    expect([19, 20]).toContain(hourly.indexOf(Math.max(...hourly)))
  })
})
