/**
 * A double-ended FIFO of request slots on a ring buffer (Int32Array, doubles when full): the
 * waiting queue of a replica. Preempted and re-queued requests go to the front. The capacity is a
 * power of two so that wrapping is a mask, not a remainder (a remainder by a variable is one of
 * the slower integer operations, and this runs several times per request).
 */
export class SlotDeque {
  private buf: Int32Array
  /** buf.length − 1. */
  private mask: number
  private head = 0
  private count = 0

  constructor(initialCapacity = 64) {
    let n = 4
    while (n < initialCapacity) n *= 2
    this.buf = new Int32Array(n)
    this.mask = n - 1
  }

  get size(): number {
    return this.count
  }

  /** The slot at the front (undefined behaviour when empty: check `size`). */
  peekFront(): number {
    return this.buf[this.head]!
  }

  /** The i-th slot from the front. */
  at(i: number): number {
    return this.buf[(this.head + i) & this.mask]!
  }

  pushBack(slot: number): void {
    if (this.count === this.buf.length) this.grow()
    this.buf[(this.head + this.count) & this.mask] = slot
    this.count++
  }

  pushFront(slot: number): void {
    if (this.count === this.buf.length) this.grow()
    this.head = (this.head - 1) & this.mask
    this.buf[this.head] = slot
    this.count++
  }

  popFront(): number {
    const s = this.buf[this.head]!
    this.head = (this.head + 1) & this.mask
    this.count--
    return s
  }

  clear(): void {
    this.head = 0
    this.count = 0
  }

  private grow(): void {
    const n = this.buf.length * 2
    const b = new Int32Array(n)
    for (let i = 0; i < this.count; i++) b[i] = this.at(i)
    this.buf = b
    this.mask = n - 1
    this.head = 0
  }
}
