/**
 * A mergeable histogram with logarithmic buckets (the DDSketch construction, Masson et al., VLDB
 * 2019): bucket i holds values in (γ^(i−1), γ^i] with γ = (1+α)/(1−α), and reports 2γ^i/(γ+1),
 * which is within relative error α of every value in the bucket. With α = 1% and the default range
 * 1e-9 … 1e12 that is 2,419 counters (19 KB) whatever the number of samples.
 *
 * Values below `minValue` (zeros included) are counted in a zero bucket and reported as 0; values
 * above `maxValue` fall in the top bucket (min and max are kept exactly).
 *
 * ```ts
 * const h = new LogHistogram()
 * h.add(0.120); h.add(0.250); h.add(1.9)
 * h.quantile(0.5) // ≈ 0.250 (within 1%)
 * ```
 */
export class LogHistogram {
  /** Relative error bound of quantiles (α). */
  readonly relativeError: number
  /** Smallest value resolved; below it a value counts as zero. */
  readonly minValue: number
  /** Largest value resolved; above it values share the top bucket. */
  readonly maxValue: number
  private readonly logGamma: number
  private readonly gamma: number
  private readonly offset: number
  private readonly buckets: Float64Array
  private zeroCount = 0
  private n = 0
  private total = 0
  private lo = Infinity
  private hi = -Infinity

  constructor(options: { relativeError?: number; minValue?: number; maxValue?: number } = {}) {
    this.relativeError = options.relativeError ?? 0.01
    this.minValue = options.minValue ?? 1e-9
    this.maxValue = options.maxValue ?? 1e12
    if (!(this.relativeError > 0 && this.relativeError < 1)) throw new RangeError("relativeError must be in (0, 1)")
    if (!(this.minValue > 0 && this.maxValue > this.minValue)) throw new RangeError("need 0 < minValue < maxValue")
    this.gamma = (1 + this.relativeError) / (1 - this.relativeError)
    this.logGamma = Math.log(this.gamma)
    this.offset = Math.ceil(Math.log(this.minValue) / this.logGamma)
    const top = Math.ceil(Math.log(this.maxValue) / this.logGamma)
    this.buckets = new Float64Array(top - this.offset + 1)
  }

  /** Number of values added. */
  get count(): number {
    return this.n
  }
  /** Sum of the values added (exact, not bucketed). */
  get sum(): number {
    return this.total
  }
  /** Smallest value added (Infinity when empty). */
  get min(): number {
    return this.lo
  }
  /** Largest value added (−Infinity when empty). */
  get max(): number {
    return this.hi
  }
  /** Mean of the values added (NaN when empty). */
  get mean(): number {
    return this.n > 0 ? this.total / this.n : NaN
  }

  /** Record `value` (`count` times). Negative values count as zero. */
  add(value: number, count = 1): void {
    this.n += count
    this.total += value * count
    if (value < this.lo) this.lo = value
    if (value > this.hi) this.hi = value
    if (!(value >= this.minValue)) {
      this.zeroCount += count
      return
    }
    let i = Math.ceil(Math.log(value) / this.logGamma) - this.offset
    if (i >= this.buckets.length) i = this.buckets.length - 1
    else if (i < 0) i = 0
    this.buckets[i]! += count
  }

  /**
   * The value of rank ⌊q·(count−1)⌋ among the sorted values, within the relative error (exact at
   * q = 0 and q = 1). NaN when empty.
   */
  quantile(q: number): number {
    if (this.n === 0) return NaN
    if (q <= 0) return this.lo
    if (q >= 1) return this.hi
    const rank = Math.floor(q * (this.n - 1))
    let seen = this.zeroCount
    if (rank < seen) return Math.max(0, this.lo)
    const b = this.buckets
    for (let i = 0; i < b.length; i++) {
      seen += b[i]!
      if (rank < seen) {
        const v = (2 * Math.exp((i + this.offset) * this.logGamma)) / (this.gamma + 1)
        return Math.min(this.hi, Math.max(this.lo, v))
      }
    }
    return this.hi
  }

  /** Add every value of `other` to this histogram (both must have the same parameters). */
  merge(other: LogHistogram): void {
    if (
      other.relativeError !== this.relativeError ||
      other.minValue !== this.minValue ||
      other.maxValue !== this.maxValue
    )
      throw new RangeError("cannot merge histograms with different bucket parameters")
    const b = this.buckets
    const ob = other.buckets
    for (let i = 0; i < b.length; i++) b[i]! += ob[i]!
    this.zeroCount += other.zeroCount
    this.n += other.n
    this.total += other.total
    if (other.lo < this.lo) this.lo = other.lo
    if (other.hi > this.hi) this.hi = other.hi
  }

  /** An independent copy. */
  clone(): LogHistogram {
    const h = new LogHistogram({ relativeError: this.relativeError, minValue: this.minValue, maxValue: this.maxValue })
    h.merge(this)
    return h
  }
}
