/**
 * Growing the typed arrays that hold per-slot state (event queue, timer heap, request table):
 * a new array of the same type and `length`, the old contents copied to its front, the rest zero.
 *
 * ```ts
 * this.times = grown(this.times, 2 * this.times.length)
 * ```
 */
export const grown = <T extends Float64Array | Int32Array | Uint8Array>(a: T, length: number): T => {
  const b = new (a.constructor as new (n: number) => T)(length)
  b.set(a)
  return b
}
