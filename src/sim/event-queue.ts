/**
 * The future-event list of the discrete-event kernel: a 4-ary min-heap stored in typed arrays,
 * keyed by (time, priority, insertion sequence) as SimPy's heap is, so events at the same time pop
 * in a deterministic order — lower priority first, then first pushed first. The order is total, so
 * the pop sequence does not depend on the heap's shape.
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
 * Layout (what made it faster, measured in docs/performance.md): the heap itself moves only an
 * event's time and an Int32 slot number; the tie-break key and the payload stay put in per-slot
 * arrays (slots are recycled through a free list). A pop walks the hole down to a leaf along the
 * smallest children (Wegener's bottom-up deletion), picking the smallest of four children without
 * unpredictable branches (`+(a < b)` compiles to a flag, not a jump), then sifts the former last
 * entry up from there — usually a step or two, as it usually belongs near the bottom.
 */
export class EventQueue {
  /** Heap of event times (4-ary: the children of i are 4i+1 … 4i+4). */
  private times: Float64Array
  /** Heap of slot numbers, parallel to `times`: where the event's order and payload live. */
  private slots: Int32Array
  /** Per slot: priority · 2^43 + insertion sequence, so one comparison orders equal times. */
  private orders: Float64Array
  private kinds: Int32Array
  private targets: Int32Array
  private generations: Int32Array
  /** Stack of free slots; slots 0 … count + freeCount − 1 are either pending or on this stack. */
  private free: Int32Array
  private freeCount = 0
  private count = 0
  private nextSequence = 0

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
    this.orders = new Float64Array(n)
    this.kinds = new Int32Array(n)
    this.targets = new Int32Array(n)
    this.generations = new Int32Array(n)
    this.free = new Int32Array(n)
  }

  /** Priority of the event last popped. */
  get priority(): number {
    return Math.floor(this.order / PRIORITY_SCALE)
  }

  /** Number of pending events. */
  get size(): number {
    return this.count
  }

  /** Time of the earliest pending event, or Infinity when none is pending. */
  peekTime(): number {
    return this.count > 0 ? this.times[0]! : Infinity
  }

  /** Priority of the earliest pending event (meaningless when empty). */
  peekPriority(): number {
    return Math.floor(this.orders[this.slots[0]!]! / PRIORITY_SCALE)
  }

  /**
   * Schedule an event. `priority` is an integer in [0, 1023]; at equal times lower priorities pop
   * first, and at equal priorities the event pushed first pops first.
   */
  push(time: number, priority: number, kind: number, target: number, generation: number): void {
    if (this.count === this.times.length) this.grow()
    const order = priority * PRIORITY_SCALE + this.nextSequence++
    // A free slot: the last one freed, else the first never used (count + freeCount of them are).
    const s = this.freeCount > 0 ? this.free[--this.freeCount]! : this.count
    const orders = this.orders
    orders[s] = order
    this.kinds[s] = kind
    this.targets[s] = target
    this.generations[s] = generation
    const times = this.times
    const slots = this.slots
    // Sift up with a hole: move parents down until the new entry's place is found.
    let i = this.count++
    while (i > 0) {
      const p = (i - 1) >> 2
      const pt = times[p]!
      if (pt < time || (pt === time && orders[slots[p]!]! < order)) break
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
    if (this.count === 0) return false
    const times = this.times
    const slots = this.slots
    const orders = this.orders
    const s0 = slots[0]!
    this.time = times[0]!
    // The priority is derived only when asked for: a division and a floor on every pop add up.
    this.order = orders[s0]!
    this.kind = this.kinds[s0]!
    this.target = this.targets[s0]!
    this.generation = this.generations[s0]!
    this.free[this.freeCount++] = s0
    const n = --this.count
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
      const a = c + (t1 === t0 ? +(orders[slots[c + 1]!]! < orders[slots[c]!]!) : +(t1 < t0))
      const b = c + 2 + (t3 === t2 ? +(orders[slots[c + 3]!]! < orders[slots[c + 2]!]!) : +(t3 < t2))
      const ta = times[a]!
      const tb = times[b]!
      const k = a + (b - a) * (tb === ta ? +(orders[slots[b]!]! < orders[slots[a]!]!) : +(tb < ta))
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
        if (jt < kt || (jt === kt && orders[slots[j]!]! < orders[slots[k]!]!)) {
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
    const o = orders[s]!
    while (i > 0) {
      const p = (i - 1) >> 2
      const pt = times[p]!
      if (pt < t || (pt === t && orders[slots[p]!]! < o)) break
      times[i] = pt
      slots[i] = slots[p]!
      i = p
    }
    times[i] = t
    slots[i] = s
    return true
  }

  /** Drop every pending event (the sequence counter keeps counting, so order stays total). */
  clear(): void {
    this.count = 0
    this.freeCount = 0
  }

  private grow(): void {
    const n = this.times.length * 2
    const times = new Float64Array(n)
    times.set(this.times)
    this.times = times
    const slots = new Int32Array(n)
    slots.set(this.slots)
    this.slots = slots
    const orders = new Float64Array(n)
    orders.set(this.orders)
    this.orders = orders
    const kinds = new Int32Array(n)
    kinds.set(this.kinds)
    this.kinds = kinds
    const targets = new Int32Array(n)
    targets.set(this.targets)
    this.targets = targets
    const generations = new Int32Array(n)
    generations.set(this.generations)
    this.generations = generations
    // The free stack is empty when the heap is full (count + freeCount ≤ capacity).
    this.free = new Int32Array(n)
  }
}

/** 2^43: leaves 2^43 ≈ 8.8e12 sequence numbers per priority and 1024 priorities below 2^53. */
const PRIORITY_SCALE = 8796093022208
