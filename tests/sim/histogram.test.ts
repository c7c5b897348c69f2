import { describe, expect, it } from "vitest"
import { LogHistogram } from "../../src/sim/histogram.ts"
import { Rng } from "../../src/sim/rng.ts"

/** Lognormal samples by Box–Muller on the seeded RNG (median 0.5 s, sigma 1.2: latency-like). */
const lognormal = (rng: Rng, n: number): number[] => {
  const out: number[] = []
  for (let i = 0; i < n; i++) {
    const z = Math.sqrt(-2 * Math.log(rng.nextOpen())) * Math.cos(2 * Math.PI * rng.next())
    out.push(0.5 * Math.exp(1.2 * z))
  }
  return out
}

const exactQuantile = (sorted: number[], q: number): number => sorted[Math.floor(q * (sorted.length - 1))]!

describe("LogHistogram", () => {
  it("gives quantiles within 1% of the exact order statistic on lognormal samples", () => {
    const xs = lognormal(new Rng(5), 100_000)
    const h = new LogHistogram()
    for (const x of xs) h.add(x)
    const sorted = [...xs].sort((a, b) => a - b)
    for (const q of [0.001, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 0.999]) {
      const exact = exactQuantile(sorted, q)
      expect(Math.abs(h.quantile(q) - exact) / exact).toBeLessThanOrEqual(0.01)
    }
    expect(h.quantile(0)).toBe(sorted[0])
    expect(h.quantile(1)).toBe(sorted[sorted.length - 1])
  })

  it("keeps count, sum, min, max and mean exactly", () => {
    const h = new LogHistogram()
    for (const x of [2, 4, 9]) h.add(x)
    expect([h.count, h.sum, h.min, h.max, h.mean]).toEqual([3, 15, 2, 9, 5])
  })

  it("counts zeros and reports them as 0", () => {
    const h = new LogHistogram()
    for (let i = 0; i < 30; i++) h.add(0)
    for (let i = 0; i < 70; i++) h.add(10)
    expect(h.quantile(0.2)).toBe(0)
    expect(Math.abs(h.quantile(0.5) - 10) / 10).toBeLessThanOrEqual(0.01)
    expect(h.min).toBe(0)
  })

  it("merging two histograms equals the histogram of the union", () => {
    const a = lognormal(new Rng(1), 20_000)
    const b = lognormal(new Rng(2), 30_000).map((x) => x * 3)
    const ha = new LogHistogram(), hb = new LogHistogram(), hu = new LogHistogram()
    for (const x of a) ha.add(x), hu.add(x)
    for (const x of b) hb.add(x), hu.add(x)
    ha.merge(hb)
    expect(ha.count).toBe(hu.count)
    expect(ha.min).toBe(hu.min)
    expect(ha.max).toBe(hu.max)
    expect(ha.sum).toBeCloseTo(hu.sum, 6)
    for (const q of [0.01, 0.3, 0.5, 0.9, 0.99]) expect(ha.quantile(q)).toBe(hu.quantile(q))
  })

  it("refuses to merge histograms with different buckets", () => {
    expect(() => new LogHistogram().merge(new LogHistogram({ relativeError: 0.02 }))).toThrow(RangeError)
  })

  it("uses memory independent of the number of samples (a fixed 2,419 buckets at 1%)", () => {
    // log(1e12/1e-9)/log(1.01/0.99) = 48.354/0.020001 = 2417.6 → 2,419 bucket indices inclusive.
    const h = new LogHistogram() as unknown as { buckets: Float64Array }
    expect(h.buckets.length).toBe(2419)
  })

  it("is empty-safe", () => {
    const h = new LogHistogram()
    expect(h.quantile(0.5)).toBeNaN()
    expect(h.mean).toBeNaN()
  })
})

describe("LogHistogram bucket lookup", () => {
  it("puts every value in the bucket of the ⌈ln v / ln γ⌉ formula (table lookup is exact)", () => {
    for (const options of [{}, { relativeError: 0.02, minValue: 1e-6, maxValue: 1e6 }]) {
      const h = new LogHistogram(options)
      const { minValue, maxValue } = h
      const gamma = (1 + h.relativeError) / (1 - h.relativeError)
      const logGamma = Math.log(gamma)
      const offset = Math.ceil(Math.log(minValue) / logGamma)
      const length = Math.ceil(Math.log(maxValue) / logGamma) - offset + 1
      const formula = (v: number): number => Math.min(length - 1, Math.max(0, Math.ceil(Math.log(v) / logGamma) - offset))
      // probe through the private counters: add one value to a fresh histogram, find its bucket
      const bucketOf = (v: number): number => {
        const one = new LogHistogram(options)
        one.add(v)
        return (one as unknown as { buckets: Float64Array }).buckets.indexOf(1)
      }
      const rng = new Rng(11)
      const probes: number[] = [minValue, maxValue, maxValue * 10, Infinity, Number.MAX_VALUE]
      for (let k = -2; k < length + 2; k++) {
        // around every bucket edge γ^k: the edge and its neighbouring doubles
        const edge = Math.exp((k + offset) * logGamma)
        probes.push(edge, edge * (1 + 2 ** -52), edge * (1 - 2 ** -53), edge * (1 + 1e-12), edge * (1 - 1e-12))
      }
      for (let n = 0; n < 20_000; n++) probes.push(Math.exp(Math.log(minValue) + rng.next() * (Math.log(maxValue) - Math.log(minValue) + 2)))
      for (const v of probes) if (v >= minValue) expect(bucketOf(v), String(v)).toBe(formula(v))
    }
  })
})
