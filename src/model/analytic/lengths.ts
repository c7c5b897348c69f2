/**
 * Token-length distributions for the analytic engine: the mean (what Little's law and the step
 * time need) in closed form, and strata (what percentiles need). Same specs and defaults as the
 * request sources of the discrete-event engine (`demand/lengths.ts`), so both engines see the same
 * demand.
 */
import { lognormalSigmaFromMeanP99 } from "../../sim/distributions.ts"
import { DEFAULT_OUTPUT_TOKENS, DEFAULT_PROMPT_TOKENS } from "../demand/lengths.ts"
import type { LengthSpec } from "../demand/types.ts"
import { normalCdf, normalQuantile } from "./normal.ts"
import { COARSE_EDGES, FINE_EDGES, stratify, type Strata } from "./strata.ts"

/** A length distribution as the analytic engine uses it (tokens). */
export interface LengthModel {
  /** Mean after the cap, tokens. */
  readonly meanTokens: number
  /** Fine strata (one-dimensional and two-dimensional grids). */
  readonly fine: Strata
  /** Coarse strata (three-dimensional grids). */
  readonly coarse: Strata
}

/** Values sampled from very large lists before sorting: keeps an analysis in milliseconds. */
const MAX_SORTED_VALUES = 4096

/**
 * E[min(X, m)] of a lognormal X with log-mean μ and log-sd σ:
 *   e^{μ+σ²/2}·Φ((ln m − μ − σ²)/σ) + m·(1 − Φ((ln m − μ)/σ))
 * (the partial expectation of the lognormal, e.g. Johnson, Kotz & Balakrishnan, Continuous
 * Univariate Distributions vol. 1, ch. 14).
 *
 * @example cappedLognormalMean(0, 1, Infinity) // e^{0.5} ≈ 1.6487
 */
export const cappedLognormalMean = (mu: number, sigma: number, cap: number): number => {
  const mean = Math.exp(mu + (sigma * sigma) / 2)
  if (!(cap < Infinity)) return mean
  if (sigma === 0) return Math.min(mean, cap)
  const lnCap = Math.log(cap)
  return mean * normalCdf((lnCap - mu - sigma * sigma) / sigma) + cap * (1 - normalCdf((lnCap - mu) / sigma))
}

const fromQuantile = (meanTokens: number, q: (p: number) => number): LengthModel => ({
  meanTokens,
  fine: stratify(q, FINE_EDGES),
  coarse: stratify(q, COARSE_EDGES),
})

/** Token count as the request sources round it: nearest integer, at least 1. */
const tokens = (x: number): number => Math.max(1, Math.round(x))

/**
 * The length model of a list of observed values (empirical file or trace column), capped at
 * `cap`. The mean uses every value; the strata use an evenly spaced subsample of at most 4,096.
 */
export const valuesLengthModel = (values: ArrayLike<number>, cap = Infinity): LengthModel => {
  const n = values.length
  let sum = 0
  for (let i = 0; i < n; i++) sum += Math.min(cap, values[i]!)
  const stride = Math.max(1, Math.ceil(n / MAX_SORTED_VALUES))
  const sample = new Float64Array(Math.ceil(n / stride))
  for (let i = 0, j = 0; i < n; i += stride, j++) sample[j] = Math.min(cap, values[i]!)
  sample.sort()
  const m = sample.length
  return fromQuantile(n > 0 ? sum / n : 1, (p) => tokens(sample[Math.min(m - 1, Math.floor(p * m))] ?? 1))
}

/**
 * The length model of a spec (undefined: the default prompt or output distribution). `values`
 * are the parsed numbers of an `empirical` spec's file.
 */
export const lengthModel = (spec: LengthSpec | undefined, kind: "prompt" | "output", values?: ArrayLike<number>): LengthModel => {
  const s = spec ?? (kind === "prompt" ? DEFAULT_PROMPT_TOKENS : DEFAULT_OUTPUT_TOKENS)
  switch (s.distribution) {
    case "fixed": {
      const v = tokens(s.max !== undefined ? Math.min(s.value, s.max) : s.value)
      return fromQuantile(v, () => v)
    }
    case "uniform":
      return fromQuantile((s.min + s.max) / 2, (p) => tokens(s.min + (s.max - s.min) * p))
    case "lognormal": {
      const sigmaResult = s.sigma !== undefined ? { ok: true as const, value: s.sigma } : s.p99 !== undefined ? lognormalSigmaFromMeanP99(s.mean, s.p99) : undefined
      // Invalid specs were rejected when the request sources were checked; fall back to the mean.
      const sigma = sigmaResult?.ok ? sigmaResult.value : 0
      const mu = Math.log(s.mean) - (sigma * sigma) / 2
      const cap = s.max ?? Infinity
      return fromQuantile(cappedLognormalMean(mu, sigma, cap), (p) => tokens(Math.min(cap, Math.exp(mu + sigma * normalQuantile(p)))))
    }
    case "empirical":
      return valuesLengthModel(values ?? [1], s.max ?? Infinity)
  }
}
