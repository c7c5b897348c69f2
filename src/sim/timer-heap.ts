/**
 * One pending time per entity (e.g. a replica's next iteration boundary), in an indexed binary
 * min-heap: rescheduling or cancelling an entity's time is O(log n) in place, so superseded events
 * never pile up in the queue. Entities are dense integer ids; ties pop the lower id first.
 *
 * ```ts
 * const timers = new TimerHeap()
 * timers.set(3, 12.5)      // entity 3 wakes at 12.5 s
 * timers.set(3, 11.0)      // …no, earlier
 * timers.peekId()          // 3
 * timers.cancel(3)
 * ```
 */
import { grown } from "./typed-arrays.ts"

export class TimerHeap {
  private times: Float64Array
  /** Heap of ids. */
  private heap: Int32Array
  /** Position of each id in the heap, −1 when not scheduled. */
  private pos: Int32Array
  private count = 0

  constructor(initialCapacity = 16) {
    const n = Math.max(4, initialCapacity)
    this.times = new Float64Array(n)
    this.heap = new Int32Array(n)
    this.pos = new Int32Array(n).fill(-1)
  }

  /** Number of scheduled entities. */
  get size(): number {
    return this.count
  }

  /** Earliest scheduled time, or Infinity. */
  peekTime(): number {
    return this.count > 0 ? this.times[this.heap[0]!]! : Infinity
  }

  /** Id with the earliest time (−1 when none). */
  peekId(): number {
    return this.count > 0 ? this.heap[0]! : -1
  }

  /** The time scheduled for `id`, or Infinity. */
  timeOf(id: number): number {
    return id < this.pos.length && this.pos[id]! >= 0 ? this.times[id]! : Infinity
  }

  /** Schedule or reschedule `id` at `time` (Infinity cancels). */
  set(id: number, time: number): void {
    if (time === Infinity) {
      this.cancel(id)
      return
    }
    if (id >= this.pos.length) this.grow(id + 1)
    const p = this.pos[id]!
    if (p < 0) {
      this.times[id] = time
      this.siftUp(this.count++, id)
    } else {
      const old = this.times[id]!
      this.times[id] = time
      if (time < old) this.siftUp(p, id)
      else this.siftDown(p, id)
    }
  }

  /** Unschedule `id` (no-op when it is not scheduled). */
  cancel(id: number): void {
    if (id >= this.pos.length) return
    const p = this.pos[id]!
    if (p < 0) return
    this.pos[id] = -1
    const n = --this.count
    if (p === n) return
    const last = this.heap[n]!
    // The last entry fills the hole: it may need to move either way.
    this.siftUp(p, last)
    if (this.pos[last] === p) this.siftDown(p, last)
  }

  // Order: earlier time first, ties by lower id. The sifts read the moving entry's time once and
  // compare inline (no helper): every replica boundary reschedules the root, so this is the
  // serving simulation's most frequent heap walk.
  private siftUp(i: number, id: number): void {
    const heap = this.heap
    const pos = this.pos
    const times = this.times
    const t = times[id]!
    while (i > 0) {
      const p = (i - 1) >> 1
      const pid = heap[p]!
      const pt = times[pid]!
      // stop unless (t, id) orders before the parent
      if (!(t < pt || (t === pt && id < pid))) break
      heap[i] = pid
      pos[pid] = i
      i = p
    }
    heap[i] = id
    pos[id] = i
  }

  private siftDown(i: number, id: number): void {
    const heap = this.heap
    const pos = this.pos
    const times = this.times
    const t = times[id]!
    const n = this.count
    for (;;) {
      let c = 2 * i + 1
      if (c >= n) break
      if (c + 1 < n) {
        // The smaller child without a jump: `+(x < y)` is a flag.
        const a = heap[c]!
        const b = heap[c + 1]!
        const ta = times[a]!
        const tb = times[b]!
        c += tb === ta ? +(b < a) : +(tb < ta)
      }
      const cid = heap[c]!
      const ct = times[cid]!
      // stop unless the child orders before (t, id)
      if (!(ct < t || (ct === t && cid < id))) break
      heap[i] = cid
      pos[cid] = i
      i = c
    }
    heap[i] = id
    pos[id] = i
  }

  private grow(minIds: number): void {
    let n = this.pos.length
    while (n < minIds) n *= 2
    this.times = grown(this.times, n)
    this.heap = grown(this.heap, n)
    // Positions of ids not in the heap are −1, not grown's 0.
    const pos = new Int32Array(n).fill(-1)
    pos.set(this.pos)
    this.pos = pos
  }
}
