/**
 * Random samplers built from the numbers a user writes in a scenario (a mean and a p99, a min and
 * a max, a list of observed values). Constructing a sampler validates its parameters and returns
 * an error value with a message a sales engineer understands; sampling never allocates and never
 * fails, so it can sit in the simulation's hot loop.
 *
 * ```ts
 * const r = lognormalFromMeanP99(1200, 8000, 32_768)
 * if (!r.ok) return report(r.message)
 * const prompt = toTokenCount(r.value.sample(rng)) // an integer ≥ 1
 * ```
 */
import type { Rng } from "./rng.ts"
import { standardExponential, standardNormal } from "./ziggurat.ts"

/** A successfully built value, or a message saying what is wrong and what would work. */
export type SpecResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string }

/** A distribution over non-negative reals that can be sampled without allocating. */
export interface Sampler {
  /** One draw, using `rng` only (no hidden state), already capped at `max` when one was given. */
  sample(rng: Rng): number
  /** Mean of the distribution before any cap (the number the user specified or implied). */
  readonly mean: number
}

/**
 * Φ⁻¹(0.99), the standard normal 99th percentile. Standard table value (e.g. NIST/SEMATECH
 * e-Handbook, table of the normal distribution: z = 2.326 for 0.99; full precision from the inverse
 * error function). Written 2.3263 in DESIGN.md.
 */
export const Z_99 = 2.3263478740408408

/**
 * The largest p99/mean ratio any lognormal can have: p99/mean = exp(zσ − σ²/2) peaks at σ = z,
 * where it equals exp(z²/2) ≈ 14.97.
 */
export const MAX_LOGNORMAL_P99_OVER_MEAN = Math.exp((Z_99 * Z_99) / 2)

const ok = <T>(value: T): SpecResult<T> => ({ ok: true, value })
const fail = <T>(message: string): SpecResult<T> => ({ ok: false, message })

const checkCap = (max: number | undefined): string | undefined =>
  max === undefined || (Number.isFinite(max) && max > 0) ? undefined : `max must be a positive number, found ${max}`

/**
 * Converts a continuous draw to a token count: rounded to the nearest integer and clamped to at
 * least 1 (a request always has one prompt token and produces one output token). Rounding
 * preserves the mean of a symmetric distribution; the clamp raises the mean only for distributions
 * with mass below 0.5.
 */
export const toTokenCount = (x: number): number => Math.max(1, Math.round(x))

class Exponential implements Sampler {
  constructor(readonly rate: number) {}
  get mean(): number {
    return 1 / this.rate
  }
  sample(rng: Rng): number {
    return standardExponential(rng) / this.rate
  }
}

/**
 * Exponential with the given rate (per second for inter-arrival gaps): mean 1/rate.
 * A standard exponential by the ziggurat method (./ziggurat.ts), divided by the rate.
 */
export const exponential = (rate: number): SpecResult<Sampler> =>
  Number.isFinite(rate) && rate > 0 ? ok(new Exponential(rate)) : fail(`rate must be a positive number, found ${rate}`)

class Lognormal implements Sampler {
  constructor(
    readonly mu: number,
    readonly sigma: number,
    readonly max: number,
  ) {}
  get mean(): number {
    return Math.exp(this.mu + (this.sigma * this.sigma) / 2)
  }
  sample(rng: Rng): number {
    // exp(μ + σZ), Z standard normal by the ziggurat method (./ziggurat.ts): no state between calls.
    const x = Math.exp(this.mu + this.sigma * standardNormal(rng))
    return x > this.max ? this.max : x
  }
}

/**
 * Lognormal with the given mean and shape σ (the standard deviation of ln X): μ = ln(mean) − σ²/2.
 * σ = 0 is allowed and gives the constant `mean`.
 */
export const lognormalFromMeanSigma = (mean: number, sigma: number, max?: number): SpecResult<Sampler> => {
  if (!Number.isFinite(mean) || mean <= 0) return fail(`mean must be a positive number, found ${mean}`)
  if (!Number.isFinite(sigma) || sigma < 0) return fail(`sigma must be a non-negative number, found ${sigma}`)
  const capError = checkCap(max)
  if (capError !== undefined) return fail(capError)
  return ok(new Lognormal(Math.log(mean) - (sigma * sigma) / 2, sigma, max ?? Infinity))
}

/**
 * The shape σ of the lognormal with the given mean and 99th percentile.
 *
 * mean = exp(μ + σ²/2) and p99 = exp(μ + zσ) give σ²/2 − zσ + ln(p99/mean) = 0, so
 * σ = z − √(z² − 2·ln(p99/mean)) (the smaller root: the larger one, σ > z, describes a
 * distribution whose bulk sits far below its mean, which is never what a user means by a p99).
 * A real root needs p99/mean ≤ exp(z²/2) ≈ 14.97; a positive one needs p99 > mean.
 */
export const lognormalSigmaFromMeanP99 = (mean: number, p99: number): SpecResult<number> => {
  if (!Number.isFinite(mean) || mean <= 0) return fail(`mean must be a positive number, found ${mean}`)
  if (!Number.isFinite(p99) || p99 <= 0) return fail(`p99 must be a positive number, found ${p99}`)
  if (p99 <= mean)
    return fail(
      `p99 (${p99}) must be greater than the mean (${mean}) for a lognormal: ` +
        `give a p99 above the mean, or use "fixed" for a constant length`,
    )
  const ratio = p99 / mean
  const discriminant = Z_99 * Z_99 - 2 * Math.log(ratio)
  if (discriminant < 0)
    return fail(
      `p99 (${p99}) is ${ratio.toFixed(1)}× the mean (${mean}), but no lognormal has a p99 more than ` +
        `${MAX_LOGNORMAL_P99_OVER_MEAN.toFixed(2)}× its mean: lower p99 to at most ` +
        `${Math.floor(MAX_LOGNORMAL_P99_OVER_MEAN * mean)}, raise the mean, or give sigma instead of p99`,
    )
  return ok(Z_99 - Math.sqrt(discriminant))
}

/** Lognormal with the given mean and 99th percentile (see {@link lognormalSigmaFromMeanP99}). */
export const lognormalFromMeanP99 = (mean: number, p99: number, max?: number): SpecResult<Sampler> => {
  const sigma = lognormalSigmaFromMeanP99(mean, p99)
  return sigma.ok ? lognormalFromMeanSigma(mean, sigma.value, max) : sigma
}

class Uniform implements Sampler {
  constructor(
    readonly min: number,
    readonly max: number,
  ) {}
  get mean(): number {
    return (this.min + this.max) / 2
  }
  sample(rng: Rng): number {
    return this.min + (this.max - this.min) * rng.next()
  }
}

/**
 * Continuous uniform on [min, max). Rounded to tokens ({@link toTokenCount}) the two end values get
 * half the weight of the inner ones, which keeps the mean at (min + max)/2.
 */
export const uniform = (min: number, max: number): SpecResult<Sampler> => {
  if (!Number.isFinite(min) || min < 0) return fail(`min must be a non-negative number, found ${min}`)
  if (!Number.isFinite(max) || max < min) return fail(`max (${max}) must be a number no smaller than min (${min})`)
  return ok(new Uniform(min, max))
}

class Fixed implements Sampler {
  constructor(readonly value: number) {}
  get mean(): number {
    return this.value
  }
  sample(_rng: Rng): number {
    return this.value
  }
}

/** Always `value` (capped at `max` when given — allowed, if odd, so a cap can be applied uniformly). */
export const fixed = (value: number, max?: number): SpecResult<Sampler> => {
  if (!Number.isFinite(value) || value < 0) return fail(`value must be a non-negative number, found ${value}`)
  const capError = checkCap(max)
  if (capError !== undefined) return fail(capError)
  return ok(new Fixed(max !== undefined && value > max ? max : value))
}

class Empirical implements Sampler {
  readonly mean: number
  constructor(
    readonly values: Float64Array,
    readonly max: number,
  ) {
    let sum = 0
    for (const v of values) sum += v
    this.mean = sum / values.length
  }
  sample(rng: Rng): number {
    const x = this.values[Math.floor(rng.next() * this.values.length)]!
    return x > this.max ? this.max : x
  }
}

/**
 * Each draw is one of `values`, chosen uniformly (so a value observed twice is twice as likely).
 * The array is copied once at construction; `mean` is the mean of the values before the cap.
 */
export const empirical = (values: ArrayLike<number>, max?: number): SpecResult<Sampler> => {
  if (values.length === 0) return fail("the list of observed values is empty")
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!
    if (!Number.isFinite(v) || v < 0) return fail(`value ${i + 1} must be a non-negative number, found ${v}`)
  }
  const capError = checkCap(max)
  if (capError !== undefined) return fail(capError)
  return ok(new Empirical(Float64Array.from(values), max ?? Infinity))
}
