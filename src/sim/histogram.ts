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
/*
 * Bucket lookup without a logarithm. The bucket of v is g(v) = clamp(⌈ln v / ln γ⌉ − offset), a
 * non-decreasing step function of v. `bucketTables` finds, once per parameter set, the largest
 * double of every bucket (its upper threshold, by bisection on the same formula) and the bucket of
 * the first double of every cell of 2^-7 of a binade (keyed by the top bits of the double). `add`
 * then reads the cell's bucket and steps up while v exceeds the threshold — at most one step, since
 * a cell (ratio ≤ 1.0078) is narrower than a bucket (γ ≈ 1.0202 at α = 1%). The result is the
 * formula's bucket exactly, for every double: the thresholds come from the formula itself.
 */
const CELL_SHIFT = 13 // high word >>> 13 = 11 exponent bits + the top 7 mantissa bits
const scratch = new Float64Array(1)
const scratchWords = new Uint32Array(scratch.buffer)
const HIGH_WORD = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0 // little-endian: word 1

function cellKey(value: number): number {
  scratch[0] = value
  return scratchWords[HIGH_WORD]! >>> CELL_SHIFT
}

interface BucketTables {
  /** Largest value of each bucket (Infinity for the top bucket). */
  readonly upper: Float64Array
  /** Bucket of the first double of each cell, from the cell of `minValue` on. */
  readonly cellBucket: Int32Array
  readonly firstKey: number
}

const tablesCache = new Map<string, BucketTables>()

function bucketTables(minValue: number, maxValue: number, logGamma: number, offset: number, length: number): BucketTables {
  const cacheKey = `${minValue}|${maxValue}|${logGamma}`
  const cached = tablesCache.get(cacheKey)
  if (cached) return cached
  const bucketOf = (v: number): number => {
    const i = Math.ceil(Math.log(v) / logGamma) - offset
    return i >= length ? length - 1 : i < 0 ? 0 : i
  }
  const upper = new Float64Array(length)
  upper[length - 1] = Infinity
  for (let i = 0; i < length - 1; i++) {
    // bracket the last double of bucket i, then bisect until the bracket is two adjacent doubles
    let lo = Math.exp((i + offset - 1) * logGamma)
    let hi = Math.exp((i + offset + 1) * logGamma)
    while (bucketOf(lo) > i) lo /= 2
    while (bucketOf(hi) <= i) hi *= 2
    for (;;) {
      const mid = lo + (hi - lo) / 2
      if (mid === lo || mid === hi) break
      if (bucketOf(mid) <= i) lo = mid
      else hi = mid
    }
    upper[i] = lo
  }
  const firstKey = cellKey(minValue)
  const cells = cellKey(maxValue) - firstKey + 1
  const cellBucket = new Int32Array(cells)
  for (let c = 0; c < cells; c++) {
    scratchWords[HIGH_WORD] = (firstKey + c) << CELL_SHIFT >>> 0
    scratchWords[1 - HIGH_WORD] = 0
    cellBucket[c] = bucketOf(scratch[0]!)
  }
  const tables = { upper, cellBucket, firstKey }
  tablesCache.set(cacheKey, tables)
  return tables
}

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
  private readonly upper: Float64Array
  private readonly cellBucket: Int32Array
  private readonly firstKey: number
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
    const tables = bucketTables(this.minValue, this.maxValue, this.logGamma, this.offset, this.buckets.length)
    this.upper = tables.upper
    this.cellBucket = tables.cellBucket
    this.firstKey = tables.firstKey
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
    // = clamp(⌈ln value / ln γ⌉ − offset) exactly (see bucketTables); cells past maxValue's start
    // at the last cell and step up to the top bucket
    const cells = this.cellBucket
    let c = cellKey(value) - this.firstKey
    if (c >= cells.length) c = cells.length - 1
    let i = cells[c]!
    const upper = this.upper
    while (value > upper[i]!) i++
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
