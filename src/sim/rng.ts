/**
 * Seedable pseudo-random number generator: xoshiro128** (Blackman & Vigna, 2018), seeded through
 * splitmix32 so that nearby seeds give unrelated streams. 32-bit state words, so it runs on plain
 * JS numbers with `Math.imul` and no BigInt. Never `Math.random`: two simulations with the same seed
 * produce the same numbers, and two simulations in one process share nothing.
 *
 * ```ts
 * const rng = new Rng(7)
 * rng.next()        // uniform in [0, 1)
 * rng.fork(1).next() // an independent stream derived from the same seed
 * ```
 */
export class Rng {
  // State words are kept as signed int32 (`| 0`), not uint32 (`>>> 0`): the bits are the same and
  // every operation below is a 32-bit bitwise one (ToInt32), but int32 values are small integers
  // to V8 while uint32 values of 2^31 and above are heap numbers, which made each draw ~5× slower.
  private a: number
  private b: number
  private c: number
  private d: number

  constructor(seed: number) {
    let s = (Math.floor(seed) ^ 0x9e3779b9) >>> 0
    const splitmix32 = (): number => {
      s = (s + 0x9e3779b9) >>> 0
      let z = s
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0
      return (z ^ (z >>> 16)) >>> 0
    }
    this.a = splitmix32() | 0
    this.b = splitmix32() | 0
    this.c = splitmix32() | 0
    this.d = splitmix32() | 0
    if ((this.a | this.b | this.c | this.d) === 0) this.d = 1
  }

  /** Next 32-bit unsigned integer. */
  nextUint32(): number {
    const b = this.b
    const x = Math.imul(b, 5)
    const result = Math.imul((x << 7) | (x >>> 25), 9) >>> 0
    const t = b << 9
    const c = this.c ^ this.a
    const d = this.d ^ b
    this.b = b ^ c
    this.a = this.a ^ d
    this.c = c ^ t
    this.d = (d << 11) | (d >>> 21)
    return result
  }

  /** Uniform in [0, 1) with 32 bits of resolution. */
  next(): number {
    return this.nextUint32() / 4294967296
  }

  /** Uniform in (0, 1): safe to take the logarithm of. */
  nextOpen(): number {
    return (this.nextUint32() + 0.5) / 4294967296
  }

  /** An independent generator derived from this one's seed material and a stream number. */
  fork(stream: number): Rng {
    return new Rng((this.nextUint32() ^ Math.imul(stream + 1, 0x27d4eb2d)) >>> 0)
  }
}
