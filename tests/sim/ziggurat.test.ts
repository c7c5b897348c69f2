import { errorFunction } from "simple-statistics"
import { describe, expect, it } from "vitest"
import { Rng } from "../../src/sim/rng.ts"
import {
  EXPONENTIAL_R,
  EXPONENTIAL_TABLES,
  EXPONENTIAL_V,
  NORMAL_R,
  NORMAL_TABLES,
  NORMAL_V,
  standardExponential,
  standardNormal,
  type ZigguratTables,
} from "../../src/sim/ziggurat.ts"

const normalDensity = (x: number) => Math.exp(-0.5 * x * x)
/** Φ(x) through the error function (Numerical Recipes' erfc: fractional error < 1.2e-7). */
const normalCdf = (x: number) => 0.5 * (1 + errorFunction(x / Math.SQRT2))

const draws = (f: (rng: Rng) => number, seed: number, n: number): Float64Array => {
  const rng = new Rng(seed)
  const out = new Float64Array(n)
  for (let i = 0; i < n; i++) out[i] = f(rng)
  return out
}

/** Kolmogorov–Smirnov statistic of a sample against a continuous CDF. */
const ks = (xs: Float64Array, cdf: (x: number) => number): number => {
  const s = Float64Array.from(xs).sort()
  let d = 0
  for (let i = 0; i < s.length; i++) {
    const c = cdf(s[i]!)
    d = Math.max(d, (i + 1) / s.length - c, c - i / s.length)
  }
  return d
}

const moments = (xs: Float64Array) => {
  let m = 0
  for (const x of xs) m += x
  m /= xs.length
  let m2 = 0
  let m3 = 0
  let m4 = 0
  for (const x of xs) {
    const d = x - m
    m2 += d * d
    m3 += d * d * d
    m4 += d * d * d * d
  }
  m2 /= xs.length
  return { mean: m, variance: m2, skewness: m3 / xs.length / m2 ** 1.5, kurtosis: m4 / xs.length / (m2 * m2) }
}

const layerAreas = (t: ZigguratTables): number[] => {
  const areas = [t.x[0]! * t.f[1]!] // base: rectangle of width x₀ at height f(r) (its part beyond r stands for the tail)
  for (let i = 1; i < 256; i++) areas.push(t.x[i]! * (t.f[i + 1]! - t.f[i]!))
  return areas
}

describe("ziggurat tables", () => {
  it("normal: 257 edges from x₀ = v/f(r) down to 0, every layer of area v (the top one closes the recurrence to 1e-9)", () => {
    const t = NORMAL_TABLES
    expect(t.x[1]).toBe(NORMAL_R)
    expect(t.x[0]).toBeCloseTo(NORMAL_V / normalDensity(NORMAL_R), 14) // 3.9107579595…
    expect(t.x[256]).toBe(0)
    for (let i = 0; i < 256; i++) expect(t.x[i + 1]!).toBeLessThan(t.x[i]!)
    for (const a of layerAreas(t)) expect(Math.abs(a / NORMAL_V - 1)).toBeLessThan(1e-8)
  })

  it("exponential: x₀ = v·e^r = 8.6971174701…, every layer of area v", () => {
    const t = EXPONENTIAL_TABLES
    expect(t.x[1]).toBe(EXPONENTIAL_R)
    expect(t.x[0]).toBeCloseTo(8.697117470131053, 12)
    expect(t.x[256]).toBe(0)
    for (const a of layerAreas(t)) expect(Math.abs(a / EXPONENTIAL_V - 1)).toBeLessThan(1e-12)
  })

  it("the base layer's tail beyond r has the density's tail area: v − r·f(r) = ∫_r^∞ f", () => {
    // Normal: ∫_r^∞ e^{−x²/2} dx = √(π/2)·erfc(r/√2); exponential: e^{−r}.
    const normalTail = Math.sqrt(Math.PI / 2) * (1 - errorFunction(NORMAL_R / Math.SQRT2))
    expect((NORMAL_V - NORMAL_R * normalDensity(NORMAL_R)) / normalTail).toBeCloseTo(1, 5)
    expect((EXPONENTIAL_V - EXPONENTIAL_R * Math.exp(-EXPONENTIAL_R)) / Math.exp(-EXPONENTIAL_R)).toBeCloseTo(1, 9)
  })

  it("the one-comparison fast path takes 98.5% (normal) and 97.8% (exponential) of draws: mean of xᵢ₊₁/xᵢ", () => {
    const fast = (t: ZigguratTables) => {
      let s = 0
      for (let i = 0; i < 256; i++) s += t.x[i + 1]! / t.x[i]!
      return s / 256
    }
    expect(fast(NORMAL_TABLES)).toBeCloseTo(0.98508, 4)
    expect(fast(EXPONENTIAL_TABLES)).toBeCloseTo(0.97778, 4)
  })
})

describe("standardNormal", () => {
  const n = 400_000
  const xs = draws(standardNormal, 11, n)

  it("has mean 0, variance 1, skewness 0, kurtosis 3 (tolerances ≈ 4 standard errors over 400k draws)", () => {
    const m = moments(xs)
    expect(Math.abs(m.mean)).toBeLessThan(4 / Math.sqrt(n)) // SE 1/√n = 0.0016
    expect(Math.abs(m.variance - 1)).toBeLessThan(4 * Math.sqrt(2 / n)) // SE √(2/n)
    expect(Math.abs(m.skewness)).toBeLessThan(4 * Math.sqrt(6 / n))
    expect(Math.abs(m.kurtosis - 3)).toBeLessThan(4 * Math.sqrt(24 / n))
  })

  it("matches Φ: Kolmogorov–Smirnov distance below the 1% critical value 1.63/√n", () => {
    expect(ks(xs, normalCdf)).toBeLessThan(1.63 / Math.sqrt(n))
  })

  it("is symmetric and fills both tails: P(Z > r) = ½·erfc(r/√2) = 1.29e-4 each side (tail method), P(|Z| > r + ½) = 1.9e-5, within 5 SD", () => {
    const big = draws(standardNormal, 12, 4_000_000)
    for (const edge of [NORMAL_R, NORMAL_R + 0.5]) {
      const expected = 0.5 * (1 - errorFunction(edge / Math.SQRT2)) * big.length // ≈ 516 per side at r, ≈ 38 at r + ½
      const sd = Math.sqrt(expected)
      let above = 0
      let below = 0
      for (const x of big) {
        if (x > edge) above++
        else if (x < -edge) below++
      }
      expect(Math.abs(above - expected)).toBeLessThan(5 * sd)
      expect(Math.abs(below - expected)).toBeLessThan(5 * sd)
    }
  })

  it("shapes the tail as the normal's: mean excess of |Z| beyond r is φ(r)/Φ̄(r) − r = 0.2566 (not the 1/r = 0.2737 of an unrejected exponential), within 4 SE", () => {
    const rng = new Rng(14)
    const excess: number[] = []
    for (let i = 0; i < 20_000_000; i++) {
      const z = Math.abs(standardNormal(rng))
      if (z > NORMAL_R) excess.push(z - NORMAL_R)
    }
    const tail = 0.5 * (1 - errorFunction(NORMAL_R / Math.SQRT2))
    const expected = normalDensity(NORMAL_R) / Math.sqrt(2 * Math.PI) / tail - NORMAL_R
    const m = excess.reduce((a, b) => a + b, 0) / excess.length
    const sd = Math.sqrt(excess.reduce((a, b) => a + (b - m) ** 2, 0) / excess.length)
    expect(excess.length).toBeGreaterThan(4000) // ≈ 5,160 expected
    expect(Math.abs(m - expected)).toBeLessThan((4 * sd) / Math.sqrt(excess.length))
  })

  it("never returns exactly 0 and is a function of the seed", () => {
    expect(xs.includes(0)).toBe(false)
    expect(draws(standardNormal, 11, 100)).toEqual(xs.subarray(0, 100))
    expect(draws(standardNormal, 13, 100)).not.toEqual(xs.subarray(0, 100))
  })
})

describe("standardExponential", () => {
  const n = 400_000
  const xs = draws(standardExponential, 21, n)

  it("has mean 1, variance 1, skewness 2 (tolerances ≈ 4–5 standard errors)", () => {
    const m = moments(xs)
    expect(Math.abs(m.mean - 1)).toBeLessThan(4 / Math.sqrt(n))
    expect(Math.abs(m.variance - 1)).toBeLessThan(4 * Math.sqrt(8 / n)) // Var of (X−1)² for Exp(1) is 8
    expect(Math.abs(m.skewness - 2)).toBeLessThan(0.05)
  })

  it("matches 1 − e^{−x}: Kolmogorov–Smirnov distance below 1.63/√n", () => {
    expect(ks(xs, (x) => 1 - Math.exp(-x))).toBeLessThan(1.63 / Math.sqrt(n))
  })

  it("has the exponential's tail beyond r: P(E > r) = e^{−r} = 4.54e-4, and P(E > r + 2) = e^{−r−2}, within 5 SD", () => {
    const big = draws(standardExponential, 22, 2_000_000)
    for (const edge of [EXPONENTIAL_R, EXPONENTIAL_R + 2]) {
      const expected = Math.exp(-edge) * big.length // ≈ 908, then ≈ 123
      let count = 0
      for (const x of big) if (x > edge) count++
      expect(Math.abs(count - expected)).toBeLessThan(5 * Math.sqrt(expected))
    }
  })

  it("is positive (no draw is exactly 0)", () => {
    let min = Infinity
    for (const x of xs) if (x < min) min = x
    expect(min).toBeGreaterThan(0)
  })
})
