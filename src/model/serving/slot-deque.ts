/**
 * A double-ended FIFO of request slots on a ring buffer (Int32Array, doubles when full): the
 * waiting queue of a replica. Preempted and re-queued requests go to the front.
 */
export class SlotDeque {
  private buf: Int32Array
  private head = 0
  private count = 0

  constructor(initialCapacity = 64) {
    this.buf = new Int32Array(Math.max(4, initialCapacity))
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
    return this.buf[(this.head + i) % this.buf.length]!
  }

  pushBack(slot: number): void {
    if (this.count === this.buf.length) this.grow()
    this.buf[(this.head + this.count) % this.buf.length] = slot
    this.count++
  }

  pushFront(slot: number): void {
    if (this.count === this.buf.length) this.grow()
    this.head = (this.head - 1 + this.buf.length) % this.buf.length
    this.buf[this.head] = slot
    this.count++
  }

  popFront(): number {
    const s = this.buf[this.head]!
    this.head = (this.head + 1) % this.buf.length
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
    this.head = 0
  }
}
