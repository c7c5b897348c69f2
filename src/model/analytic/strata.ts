/**
 * Deterministic stratified representation of a one-dimensional distribution: the probability axis
 * is cut into strata, each represented by the quantile at its midpoint and weighted by its width.
 * Strata are finer in the upper tail (down to 0.1% wide) so that a p99 of a sum of independent
 * variables, computed on the product grid, is not dominated by one coarse top stratum.
 *
 * The analytic engine uses strata to turn closed-form per-variable distributions (prompt length,
 * output length, queue wait) into latency histograms and SLO shares without random sampling.
 */

/** A distribution as weighted points; weights sum to 1. */
export interface Strata {
  readonly values: Float64Array
  readonly weights: Float64Array
}

/** Probability cut points: 5% steps to 0.9, then finer up to 0.999, then 1. */
export const FINE_EDGES: ReadonlyArray<number> = [
  0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.925, 0.95, 0.96, 0.97, 0.98,
  0.985, 0.99, 0.9925, 0.995, 0.9975, 0.999, 1,
]

/** Fewer strata for the dimensions of large product grids (e2e over wait × prompt × output). */
export const COARSE_EDGES: ReadonlyArray<number> = [0, 0.1, 0.25, 0.4, 0.55, 0.7, 0.8, 0.9, 0.95, 0.98, 0.99, 0.995, 0.999, 1]

/**
 * Strata of the distribution whose quantile function is `quantile` (q in (0, 1)).
 *
 * @example stratify((q) => q, [0, 0.5, 1]) // values [0.25, 0.75], weights [0.5, 0.5]
 */
export const stratify = (quantile: (q: number) => number, edges: ReadonlyArray<number> = FINE_EDGES): Strata => {
  const n = edges.length - 1
  const values = new Float64Array(n)
  const weights = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    const a = edges[i]!
    const b = edges[i + 1]!
    values[i] = quantile((a + b) / 2)
    weights[i] = b - a
  }
  return { values, weights }
}

/** Weighted mean of strata. */
export const strataMean = (s: Strata): number => {
  let m = 0
  for (let i = 0; i < s.values.length; i++) m += s.values[i]! * s.weights[i]!
  return m
}

/** Squared coefficient of variation (variance / mean²) of strata; 0 for a zero mean. */
export const strataScv = (s: Strata): number => {
  const m = strataMean(s)
  if (!(m > 0)) return 0
  let v = 0
  for (let i = 0; i < s.values.length; i++) v += s.weights[i]! * (s.values[i]! - m) ** 2
  return v / (m * m)
}
