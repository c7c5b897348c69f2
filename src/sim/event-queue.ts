/**
 * The future-event list of the discrete-event kernel, keyed by (time, priority, insertion sequence)
 * as SimPy's heap is, so events at the same time pop in a deterministic order — lower priority
 * first, then first pushed first. The order is total, so the pop sequence does not depend on how
 * the events are stored.
 *
 * An event carries three 32-bit integers (`kind`, `target`, `generation`) instead of an object: the
 * caller decides what they mean (e.g. "replica step", replica id, the replica's generation counter
 * so that superseded events can be recognised and skipped). Nothing is allocated per event; the
 * arrays double when full.
 *
 * ```ts
 * const q = new EventQueue()
 * q.push(2.5, 0, KIND_ARRIVAL, workload, 0)
 * while (q.pop()) handle(q.time, q.kind, q.target, q.generation)
 * ```
 *
 * Structure (a two-level queue in the spirit of the ladder queue, Tang, Goh & Thng 2005; measured
 * in docs/performance.md): the near future is a small 4-ary min-heap of (time, slot) ordered by the
 * full key; the far future is one rung of unsorted buckets of equal width plus an unsorted "top"
 * list beyond the rung. An event's class is decided by `x = (time − base) · invWidth`, which is
 * monotonic in time (IEEE rounding is monotonic), so every event in the heap is strictly earlier
 * than every event in a bucket, a bucket's events earlier than the next bucket's, and those earlier
 * than top's; equal times always share a class. When the heap runs dry, the next non-empty bucket
 * is poured into it; when the rung runs out, top becomes a new rung sized to its events (about
 * `PER_BUCKET` events per bucket: two buckets per event, so a pour is a handful of events). Each
 * event is thus moved a bounded number of times: O(1) amortised instead of the heap's O(log n). A skewed distribution (all events at one time, a far outlier)
 * at worst pours many events into the heap, i.e. degrades to the plain heap.
 *
 * Small queues (the engine's usual case) stay in "heap mode" — everything in the heap — until the
 * heap exceeds `SPILL` events; they return to it when a rung is rebuilt from fewer than `SMALL`.
 *
 * The heap: a pop walks the hole down to a leaf along the smallest children (Wegener's bottom-up
 * deletion), picking the smallest of four children without unpredictable branches (`+(a < b)`
 * compiles to a flag, not a jump), then sifts the former last entry up from there.
 */
import { grown } from "./typed-arrays.ts"

export class EventQueue {
  /** Heap of event times (4-ary: the children of i are 4i+1 … 4i+4). */
  private times: Float64Array
  /** Heap of slot numbers, parallel to `times`: where the event's order and payload live. */
  private slots: Int32Array
  private heapCount = 0
  /**
   * Per slot s, interleaved so an event's data shares cache lines: `fs[2s]` its time (for events
   * in buckets or top), `fs[2s + 1]` priority · 2^43 + insertion sequence (one comparison orders
   * equal times); `meta[4s … 4s + 3]` kind, target, generation and the next slot in the same
   * bucket or top list (−1 at the end).
   */
  private fs: Float64Array
  private meta: Int32Array
  /** Stack of free slots; slots 0 … count + freeCount − 1 are either pending or on this stack. */
  private free: Int32Array
  private freeCount = 0
  /** Pending events in buckets and top (the rest, `heapCount`, are in the heap). */
  private farCount = 0
  private nextSequence = 0
  /**
   * Look-ahead cursor: a slot in the bucket after the one last poured (−1: none). Each pop moves it
   * one step along that bucket's list, reading the slot's time and link, so by the time the bucket
   * is poured its slots are in cache. The pour walks a linked list of slots last touched when they
   * were pushed, long before: without the cursor each of its events waits on a cache miss (about
   * 10% of the hold bench with 100k pending; docs/performance.md). The cursor is only a hint: if a
   * slot it holds is reused meanwhile it follows another list, harmlessly, until the next pour.
   */
  private lookahead = -1
  /** Counts the cursor's (never true) test, so its loads are not optimised away. */
  private lookaheadSink = 0

  // The rung: bucket j holds the events with ⌊(time − base) · invWidth⌋ = j, for curEnd ≤ j < nb;
  // x < curEnd → heap, x ≥ nb → top. Heap mode: invWidth = 0, so x is 0 (or NaN) < curEnd = 1.
  private base = 0
  private invWidth = 0
  private curEnd = 1
  private nb = 1
  private heads: Int32Array = new Int32Array(16).fill(-1)
  /** Heap size above which heap mode spills into a rung (Infinity while a rung is in use). */
  private spillAt = SPILL
  private topHead = -1
  private topCount = 0
  private topMin = Infinity
  private topMax = -Infinity

  /** Time of the event last popped. */
  time = 0
  /** priority · 2^43 + sequence of the event last popped (its priority is derived on demand). */
  private order = 0
  /** `kind` payload of the event last popped. */
  kind = 0
  /** `target` payload of the event last popped. */
  target = 0
  /** `generation` payload of the event last popped. */
  generation = 0

  constructor(initialCapacity = 1024) {
    const n = Math.max(4, Math.floor(initialCapacity))
    this.times = new Float64Array(n)
    this.slots = new Int32Array(n)
    this.fs = new Float64Array(2 * n)
    this.meta = new Int32Array(4 * n)
    this.free = new Int32Array(n)
  }

  /** Priority of the event last popped. */
  get priority(): number {
    return Math.floor(this.order / PRIORITY_SCALE)
  }

  /** Number of pending events. */
  get size(): number {
    return this.heapCount + this.farCount
  }

  /** Time of the earliest pending event, or Infinity when none is pending. */
  peekTime(): number {
    if (this.heapCount > 0) return this.times[0]!
    if (this.farCount === 0) return Infinity
    this.refill()
    return this.times[0]!
  }

  /** Priority of the earliest pending event (meaningless when empty). */
  peekPriority(): number {
    if (this.heapCount === 0 && this.farCount > 0) this.refill()
    return Math.floor(this.fs[2 * this.slots[0]! + 1]! / PRIORITY_SCALE)
  }

  /**
   * Schedule an event. `priority` is an integer in [0, 1023]; at equal times lower priorities pop
   * first, and at equal priorities the event pushed first pops first.
   */
  push(time: number, priority: number, kind: number, target: number, generation: number): void {
    const count = this.heapCount + this.farCount
    if (count === this.slots.length) this.grow()
    const order = priority * PRIORITY_SCALE + this.nextSequence++
    // A free slot: the last one freed, else the first never used (count + freeCount of them are).
    const s = this.freeCount > 0 ? this.free[--this.freeCount]! : count
    const fs = this.fs
    fs[2 * s + 1] = order
    this.meta[4 * s] = kind
    this.meta[4 * s + 1] = target
    this.meta[4 * s + 2] = generation
    const x = (time - this.base) * this.invWidth
    if (x >= this.curEnd) {
      this.placeFar(s, time, x)
      return
    }
    // The heap (always, in heap mode): heapPush's sift-up written out here, because the call cost
    // 5–10% on small queues, the engine's usual case (docs/performance.md, event queue passes).
    const times = this.times
    const slots = this.slots
    let i = this.heapCount++
    while (i > 0) {
      const p = (i - 1) >> 2
      const pt = times[p]!
      if (pt < time || (pt === time && fs[2 * slots[p]! + 1]! < order)) break
      times[i] = pt
      slots[i] = slots[p]!
      i = p
    }
    times[i] = time
    slots[i] = s
    if (this.heapCount > this.spillAt) this.spill()
  }

  /** File slot `s` (time, order) in the heap, its bucket or top by the current rung's classes. */
  private place(s: number, time: number, order: number): void {
    const x = (time - this.base) * this.invWidth
    if (x >= this.curEnd) this.placeFar(s, time, x)
    else this.heapPush(s, time, order)
  }

  /** File slot `s` in its bucket or top (`x` ≥ curEnd: not the heap's). */
  private placeFar(s: number, time: number, x: number): void {
    this.farCount++
    if (x < this.nb) {
      const k = x | 0
      this.fs[2 * s] = time
      this.meta[4 * s + 3] = this.heads[k]!
      this.heads[k] = s
    } else {
      this.fs[2 * s] = time
      this.meta[4 * s + 3] = this.topHead
      this.topHead = s
      this.topCount++
      if (time < this.topMin) this.topMin = time
      if (time > this.topMax) this.topMax = time
    }
  }

  private heapPush(s: number, time: number, order: number): void {
    const times = this.times
    const slots = this.slots
    const fs = this.fs
    // Sift up with a hole: move parents down until the new entry's place is found.
    let i = this.heapCount++
    while (i > 0) {
      const p = (i - 1) >> 2
      const pt = times[p]!
      if (pt < time || (pt === time && fs[2 * slots[p]! + 1]! < order)) break
      times[i] = pt
      slots[i] = slots[p]!
      i = p
    }
    times[i] = time
    slots[i] = s
  }

  /**
   * Remove the earliest event and expose it in `time`, `priority`, `kind`, `target`, `generation`.
   * Returns false (and changes nothing) when the queue is empty.
   */
  pop(): boolean {
    if (this.heapCount === 0) {
      if (this.farCount === 0) return false
      this.refill()
    }
    const times = this.times
    const slots = this.slots
    const fs = this.fs
    const s0 = slots[0]!
    this.time = times[0]!
    // The priority is derived only when asked for: a division and a floor on every pop add up.
    this.order = fs[2 * s0 + 1]!
    this.kind = this.meta[4 * s0]!
    this.target = this.meta[4 * s0 + 1]!
    this.generation = this.meta[4 * s0 + 2]!
    this.free[this.freeCount++] = s0
    const la = this.lookahead
    if (la !== -1) {
      if (fs[2 * la]! === LOOKAHEAD_NEVER) this.lookaheadSink++
      this.lookahead = this.meta[4 * la + 3]!
    }
    const n = --this.heapCount
    if (n === 0) return true
    // Entries 0 … n−1 stay (the root is a hole); entry n, the former last, is re-inserted below.
    // 1. Move the hole down to a leaf, each time filling it with the smallest of its children.
    //    With all four children present the pick is branch-free: two pairs, then their winners.
    //    Equal times (rare in continuous time) fall back to the order key.
    let i = 0
    let c = 1
    while (c + 3 < n) {
      const t0 = times[c]!
      const t1 = times[c + 1]!
      const t2 = times[c + 2]!
      const t3 = times[c + 3]!
      const a = c + (t1 === t0 ? +(fs[2 * slots[c + 1]! + 1]! < fs[2 * slots[c]! + 1]!) : +(t1 < t0))
      const b = c + 2 + (t3 === t2 ? +(fs[2 * slots[c + 3]! + 1]! < fs[2 * slots[c + 2]! + 1]!) : +(t3 < t2))
      const ta = times[a]!
      const tb = times[b]!
      const k = a + (b - a) * (tb === ta ? +(fs[2 * slots[b]! + 1]! < fs[2 * slots[a]! + 1]!) : +(tb < ta))
      times[i] = times[k]!
      slots[i] = slots[k]!
      i = k
      c = 4 * k + 1
    }
    if (c < n) {
      // The one node with fewer than four children (its children are leaves).
      let k = c
      let kt = times[c]!
      for (let j = c + 1; j < n; j++) {
        const jt = times[j]!
        if (jt < kt || (jt === kt && fs[2 * slots[j]! + 1]! < fs[2 * slots[k]! + 1]!)) {
          k = j
          kt = jt
        }
      }
      times[i] = kt
      slots[i] = slots[k]!
      i = k
    }
    // 2. Sift the former last entry up from the hole.
    const t = times[n]!
    const s = slots[n]!
    const o = fs[2 * s + 1]!
    while (i > 0) {
      const p = (i - 1) >> 2
      const pt = times[p]!
      if (pt < t || (pt === t && fs[2 * slots[p]! + 1]! < o)) break
      times[i] = pt
      slots[i] = slots[p]!
      i = p
    }
    times[i] = t
    slots[i] = s
    return true
  }

  /** The heap is empty but events are pending: pour the next non-empty bucket into the heap. */
  private refill(): void {
    for (;;) {
      const heads = this.heads // (rebuild may replace it)
      for (let j = this.curEnd; j < this.nb; j++) {
        const h = heads[j]!
        if (h !== -1) {
          heads[j] = -1
          this.curEnd = j + 1
          this.lookahead = j + 1 < this.nb ? heads[j + 1]! : -1
          for (let s = h; s !== -1; s = this.meta[4 * s + 3]!) {
            this.farCount--
            this.heapPush(s, this.fs[2 * s]!, this.fs[2 * s + 1]!)
          }
          return
        }
      }
      this.curEnd = this.nb
      this.rebuild()
      if (this.heapCount > 0) return
    }
  }

  /** Heap mode grew past `SPILL`: move the heap's events to top and build a rung from them. */
  private spill(): void {
    const n = this.heapCount
    const times = this.times
    const slots = this.slots
    for (let i = 0; i < n; i++) {
      const s = slots[i]!
      const t = times[i]!
      this.fs[2 * s] = t
      this.meta[4 * s + 3] = this.topHead
      this.topHead = s
      if (t < this.topMin) this.topMin = t
      if (t > this.topMax) this.topMax = t
    }
    this.topCount += n
    this.farCount += n
    this.heapCount = 0
    this.curEnd = this.nb
    this.refill()
  }

  /**
   * Heap and rung are empty: turn top into a new rung (or, if it is small, into the heap and
   * heap mode). Top's events are re-filed by the new rung's classes; at least its earliest lands
   * in a bucket or the heap, so this makes progress.
   */
  private rebuild(): void {
    let list = this.topHead
    const n = this.topCount
    let lo = this.topMin
    let hi = this.topMax
    this.topHead = -1
    this.topCount = 0
    this.farCount -= n // placed again below
    this.topMin = Infinity
    this.topMax = -Infinity
    if (n < SMALL || !(lo < hi)) {
      // Heap mode (also when all of top's times are equal: a rung would hold one bucket; it may
      // spill again once it has doubled).
      this.toHeapMode(Math.max(SPILL, 2 * n))
      for (let s = list; s !== -1; ) {
        const next = this.meta[4 * s + 3]!
        this.heapPush(s, this.fs[2 * s]!, this.fs[2 * s + 1]!)
        s = next
      }
      return
    }
    if (lo === -Infinity || hi === Infinity) {
      // The rung spans the finite times; ±Infinity fall into the heap or top by the same rule.
      lo = Infinity
      hi = -Infinity
      for (let s = list; s !== -1; s = this.meta[4 * s + 3]!) {
        const t = this.fs[2 * s]!
        if (t !== Infinity && t !== -Infinity) {
          if (t < lo) lo = t
          if (t > hi) hi = t
        }
      }
      if (!(lo < hi)) {
        lo = lo === Infinity ? 0 : lo
        hi = lo + 1
      }
    }
    const nb = Math.ceil(n / PER_BUCKET) + 1
    if (this.heads.length < nb) this.heads = new Int32Array(Math.max(nb, 2 * this.heads.length)).fill(-1)
    let inv = (nb - 1) / (hi - lo)
    if (!(inv < 1e300)) inv = 1e300
    if (!(inv > 0)) inv = Number.MIN_VALUE // hi − lo overflowed: one bucket, overflowed times to top
    this.base = lo
    this.invWidth = inv
    this.curEnd = 0
    this.nb = nb
    this.spillAt = Infinity
    while (list !== -1) {
      const next = this.meta[4 * list + 3]!
      this.place(list, this.fs[2 * list]!, this.fs[2 * list + 1]!)
      list = next
    }
  }

  /** Everything to the heap from now on (the buckets must be empty); spill above `spillAt`. */
  private toHeapMode(spillAt: number): void {
    this.base = 0
    this.invWidth = 0
    this.curEnd = 1
    this.nb = 1
    this.spillAt = spillAt
  }

  /** Drop every pending event (the sequence counter keeps counting, so order stays total). */
  clear(): void {
    this.lookahead = -1
    this.farCount = 0
    this.freeCount = 0
    this.heapCount = 0
    this.heads.fill(-1, 0, this.nb)
    this.toHeapMode(SPILL)
    this.topHead = -1
    this.topCount = 0
    this.topMin = Infinity
    this.topMax = -Infinity
  }

  private grow(): void {
    const n = this.slots.length * 2
    this.times = grown(this.times, n)
    this.slots = grown(this.slots, n)
    this.fs = grown(this.fs, 2 * n)
    this.meta = grown(this.meta, 4 * n)
    // The free stack is empty when every slot is pending (count + freeCount ≤ capacity).
    this.free = new Int32Array(n)
  }
}

/** 2^43: leaves 2^43 ≈ 8.8e12 sequence numbers per priority and 1024 priorities below 2^53. */
const PRIORITY_SCALE = 8796093022208
/** Heap mode spills into a rung when the heap holds more events than this. */
const SPILL = 512
/** A rung rebuilt from fewer events than this is heap mode instead. */
const SMALL = 64
/** A time no event has in practice; the look-ahead cursor compares against it (see `lookahead`). */
const LOOKAHEAD_NEVER = -1.2345e-300
/** Average events per bucket when a rung is built (half an event: two buckets per event; see docs/performance.md). */
const PER_BUCKET = 0.5
