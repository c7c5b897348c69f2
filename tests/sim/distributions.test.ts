import { describe, expect, it } from "vitest"
import { Rng } from "../../src/sim/rng.ts"
import {
  empirical,
  exponential,
  fixed,
  lognormalFromMeanP99,
  lognormalFromMeanSigma,
  lognormalSigmaFromMeanP99,
  MAX_LOGNORMAL_P99_OVER_MEAN,
  type Sampler,
  type SpecResult,
  toTokenCount,
  uniform,
} from "../../src/sim/distributions.ts"

const N = 200_000

const unwrap = <T>(r: SpecResult<T>): T => {
  if (!r.ok) throw new Error(r.message)
  return r.value
}

const draws = (s: Sampler, seed: number, n = N): Float64Array => {
  const rng = new Rng(seed)
  const out = new Float64Array(n)
  for (let i = 0; i < n; i++) out[i] = s.sample(rng)
  return out
}

const mean = (xs: Float64Array): number => xs.reduce((a, b) => a + b, 0) / xs.length
const quantile = (xs: Float64Array, p: number): number => {
  const sorted = Float64Array.from(xs).sort()
  return sorted[Math.floor(p * (sorted.length - 1))]!
}

describe("exponential", () => {
  it("has mean 1/rate: rate 2 → 0.5 (sd 0.5, standard error over 200k draws 0.0011; tolerance ≈ 5 SE)", () => {
    const xs = draws(unwrap(exponential(2)), 1)
    expect(Math.abs(mean(xs) - 0.5)).toBeLessThan(0.006)
    expect(xs.every((x) => x > 0 && Number.isFinite(x))).toBe(true)
  })

  it("rejects a zero, negative or non-finite rate", () => {
    expect(exponential(0).ok).toBe(false)
    expect(exponential(-1).ok).toBe(false)
    expect(exponential(Number.NaN).ok).toBe(false)
  })
})

describe("lognormal from mean and p99", () => {
  it("solves σ for mean 1200, p99 8000 as computed by hand", () => {
    // ln(8000/1200) = ln 6.6667 = 1.89712; z² = 2.3263² = 5.41167
    // σ = z − √(z² − 2·1.89712) = 2.3263 − √1.61743 = 2.3263 − 1.27178 = 1.05452
    const sigma = unwrap(lognormalSigmaFromMeanP99(1200, 8000))
    expect(sigma).toBeCloseTo(1.0545, 3)
  })

  it("samples have the specified mean and p99 (SE of the mean ≈ 3.8, of the p99 ≈ 70 over 200k; tolerances ≈ 5 SE)", () => {
    // sd = mean·√(e^{σ²} − 1) = 1200·1.428 = 1714 → SE(mean) = 1714/√200000 = 3.8
    // SE(p99) = √(0.99·0.01/n)/f(p99), f(p99) = φ(2.326)/(8000·1.0545) = 3.16e-6 → 70
    const s = unwrap(lognormalFromMeanP99(1200, 8000))
    expect(s.mean).toBeCloseTo(1200, 6)
    const xs = draws(s, 2)
    expect(Math.abs(mean(xs) - 1200)).toBeLessThan(20)
    expect(Math.abs(quantile(xs, 0.99) - 8000)).toBeLessThan(350)
  })

  it("caps at max: no draw exceeds it and P(X > 5000) ≈ 3.0% of draws sit exactly at the cap", () => {
    // μ = ln 1200 − σ²/2 = 6.5341; (ln 5000 − μ)/σ = (8.5172 − 6.5341)/1.0545 = 1.8806; 1 − Φ(1.8806) = 0.0300
    // SE of the share = √(0.03·0.97/200000) = 0.00038; tolerance ≈ 5 SE
    const xs = draws(unwrap(lognormalFromMeanP99(1200, 8000, 5000)), 3)
    let atCap = 0, above = 0
    for (const x of xs) {
      if (x > 5000) above++
      if (x === 5000) atCap++
    }
    expect(above).toBe(0)
    expect(Math.abs(atCap / xs.length - 0.03)).toBeLessThan(0.002)
  })

  it("explains that p99 must exceed the mean", () => {
    const r = lognormalFromMeanP99(1200, 1000)
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.message).toMatch(/p99 \(1000\) must be greater than the mean \(1200\).*fixed/)
  })

  it("explains the largest p99/mean a lognormal can have (≈ 14.97) and what would work", () => {
    expect(MAX_LOGNORMAL_P99_OVER_MEAN).toBeCloseTo(14.97, 2)
    const r = lognormalFromMeanP99(100, 2000)
    expect(r.ok).toBe(false)
    if (!r.ok) {
      expect(r.message).toContain("20.0× the mean")
      expect(r.message).toContain("at most 1496")
      expect(r.message).toContain("sigma")
    }
    expect(lognormalFromMeanP99(100, 1496).ok).toBe(true)
  })
})

describe("lognormal from mean and sigma", () => {
  it("keeps the mean for σ = 0.5 (sd = 300·√(e^0.25 − 1) = 159.9, SE 0.36; tolerance ≈ 5 SE)", () => {
    const xs = draws(unwrap(lognormalFromMeanSigma(300, 0.5)), 4)
    expect(Math.abs(mean(xs) - 300)).toBeLessThan(1.8)
    // median = exp(μ) = 300·e^{−0.125} = 264.75
    expect(Math.abs(quantile(xs, 0.5) - 264.75)).toBeLessThan(2)
  })

  it("rejects a negative sigma and a non-positive mean", () => {
    expect(lognormalFromMeanSigma(300, -0.1).ok).toBe(false)
    expect(lognormalFromMeanSigma(0, 0.5).ok).toBe(false)
  })
})

describe("uniform", () => {
  it("stays in [min, max) with mean (min + max)/2 (sd 57.7, SE 0.13; tolerance ≈ 5 SE)", () => {
    const xs = draws(unwrap(uniform(100, 300)), 5)
    expect(xs.every((x) => x >= 100 && x < 300)).toBe(true)
    expect(Math.abs(mean(xs) - 200)).toBeLessThan(0.7)
  })

  it("rejects max below min", () => {
    const r = uniform(300, 100)
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.message).toContain("no smaller than min")
  })
})

describe("empirical", () => {
  it("draws each observation with equal probability: [1, 2, 2, 7] → 2 half the time (SE 0.0011; tolerance ≈ 5 SE)", () => {
    const xs = draws(unwrap(empirical([1, 2, 2, 7])), 6)
    const share = (v: number) => xs.filter((x) => x === v).length / xs.length
    expect(Math.abs(share(1) - 0.25)).toBeLessThan(0.005)
    expect(Math.abs(share(2) - 0.5)).toBeLessThan(0.005)
    expect(Math.abs(share(7) - 0.25)).toBeLessThan(0.005)
    expect(share(1) + share(2) + share(7)).toBe(1)
  })

  it("caps at max and reports the uncapped mean", () => {
    const s = unwrap(empirical([1, 2, 2, 7], 5))
    expect(s.mean).toBe(3)
    expect(Math.max(...draws(s, 7, 1000))).toBe(5)
  })

  it("rejects an empty list and negative values, naming the position", () => {
    expect(empirical([]).ok).toBe(false)
    const r = empirical([3, -1])
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.message).toContain("value 2")
  })
})

describe("fixed", () => {
  it("always returns its value, or the cap when the value exceeds it", () => {
    expect(unwrap(fixed(512)).sample(new Rng(1))).toBe(512)
    expect(unwrap(fixed(512, 256)).sample(new Rng(1))).toBe(256)
    expect(fixed(-1).ok).toBe(false)
  })
})

describe("toTokenCount", () => {
  it("rounds to the nearest integer and never goes below 1", () => {
    expect(toTokenCount(0)).toBe(1)
    expect(toTokenCount(0.4)).toBe(1)
    expect(toTokenCount(1.49)).toBe(1)
    expect(toTokenCount(1.5)).toBe(2)
    expect(toTokenCount(1199.6)).toBe(1200)
  })
})

describe("sampling is a pure function of the RNG", () => {
  it("the same seed gives the same draws, sampler after sampler", () => {
    const s = unwrap(lognormalFromMeanP99(280, 1500))
    expect(draws(s, 9, 100)).toEqual(draws(s, 9, 100))
  })
})
