/**
 * The future-event list of the discrete-event kernel: a binary min-heap stored in typed arrays,
 * keyed by (time, priority, insertion sequence) as SimPy's heap is, so events at the same time pop
 * in a deterministic order — lower priority first, then first pushed first.
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
 */
export class EventQueue {
  private times: Float64Array
  /** priority · 2^43 + insertion sequence: one comparison orders ties. */
  private orders: Float64Array
  private kinds: Int32Array
  private targets: Int32Array
  private generations: Int32Array
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
    this.orders = new Float64Array(n)
    this.kinds = new Int32Array(n)
    this.targets = new Int32Array(n)
    this.generations = new Int32Array(n)
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
    return Math.floor(this.orders[0]! / PRIORITY_SCALE)
  }

  /**
   * Schedule an event. `priority` is an integer in [0, 1023]; at equal times lower priorities pop
   * first, and at equal priorities the event pushed first pops first.
   */
  push(time: number, priority: number, kind: number, target: number, generation: number): void {
    if (this.count === this.times.length) this.grow()
    const order = priority * PRIORITY_SCALE + this.nextSequence++
    const times = this.times
    const orders = this.orders
    const kinds = this.kinds
    const targets = this.targets
    const generations = this.generations
    // Sift up with a hole: move parents down until the new entry's place is found.
    let i = this.count++
    while (i > 0) {
      const p = (i - 1) >> 1
      const pt = times[p]!
      if (pt < time || (pt === time && orders[p]! < order)) break
      times[i] = pt
      orders[i] = orders[p]!
      kinds[i] = kinds[p]!
      targets[i] = targets[p]!
      generations[i] = generations[p]!
      i = p
    }
    times[i] = time
    orders[i] = order
    kinds[i] = kind
    targets[i] = target
    generations[i] = generation
  }

  /**
   * Remove the earliest event and expose it in `time`, `priority`, `kind`, `target`, `generation`.
   * Returns false (and changes nothing) when the queue is empty.
   */
  pop(): boolean {
    if (this.count === 0) return false
    const times = this.times
    const orders = this.orders
    const kinds = this.kinds
    const targets = this.targets
    const generations = this.generations
    this.time = times[0]!
    // The priority is derived only when asked for: a division and a floor on every pop add up.
    this.order = orders[0]!
    this.kind = kinds[0]!
    this.target = targets[0]!
    this.generation = generations[0]!
    const n = --this.count
    if (n === 0) return true
    // Sift the last entry down from the root.
    const t = times[n]!
    const o = orders[n]!
    const k = kinds[n]!
    const g = targets[n]!
    const e = generations[n]!
    let i = 0
    for (;;) {
      let c = 2 * i + 1
      if (c >= n) break
      const r = c + 1
      if (r < n) {
        const ct = times[c]!
        const rt = times[r]!
        if (rt < ct || (rt === ct && orders[r]! < orders[c]!)) c = r
      }
      const ct = times[c]!
      if (t < ct || (t === ct && o < orders[c]!)) break
      times[i] = ct
      orders[i] = orders[c]!
      kinds[i] = kinds[c]!
      targets[i] = targets[c]!
      generations[i] = generations[c]!
      i = c
    }
    times[i] = t
    orders[i] = o
    kinds[i] = k
    targets[i] = g
    generations[i] = e
    return true
  }

  /** Drop every pending event (the sequence counter keeps counting, so order stays total). */
  clear(): void {
    this.count = 0
  }

  private grow(): void {
    const n = this.times.length * 2
    const times = new Float64Array(n)
    times.set(this.times)
    this.times = times
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
  }
}

/** 2^43: leaves 2^43 ≈ 8.8e12 sequence numbers per priority and 1024 priorities below 2^53. */
const PRIORITY_SCALE = 8796093022208
