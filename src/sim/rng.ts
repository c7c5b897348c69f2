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
    this.a = splitmix32()
    this.b = splitmix32()
    this.c = splitmix32()
    this.d = splitmix32()
    if ((this.a | this.b | this.c | this.d) === 0) this.d = 1
  }

  /** Next 32-bit unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.b, 5), 7), 9) >>> 0
    const t = this.b << 9
    this.c ^= this.a
    this.d ^= this.b
    this.b ^= this.c
    this.a ^= this.d
    this.c ^= t
    this.d = rotl(this.d, 11)
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

const rotl = (x: number, k: number): number => ((x << k) | (x >>> (32 - k))) >>> 0
