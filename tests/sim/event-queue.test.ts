import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { EventQueue } from "../../src/sim/event-queue.ts"
import { Rng } from "../../src/sim/rng.ts"

describe("EventQueue", () => {
  it("pops events in time order under random interleaved push/pop, matching a sorted list", () => {
    const rng = new Rng(11)
    const q = new EventQueue(4) // tiny start: exercises growth by doubling
    const reference: Array<{ time: number; id: number }> = []
    let id = 0
    for (let round = 0; round < 20_000; round++) {
      if (rng.next() < 0.6 || reference.length === 0) {
        // Coarse times so that ties are frequent.
        const time = Math.floor(rng.next() * 50)
        q.push(time, 0, 7, id, 1_000_000 - id)
        reference.push({ time, id })
        id++
      } else {
        reference.sort((a, b) => a.time - b.time || a.id - b.id)
        const expected = reference.shift()!
        expect(q.pop()).toBe(true)
        expect([q.time, q.target, q.generation, q.kind]).toEqual([expected.time, expected.id, 1_000_000 - expected.id, 7])
      }
      expect(q.size).toBe(reference.length)
    }
    reference.sort((a, b) => a.time - b.time || a.id - b.id)
    for (const e of reference) {
      expect(q.pop()).toBe(true)
      expect(q.target).toBe(e.id)
    }
    expect(q.pop()).toBe(false)
    expect(q.peekTime()).toBe(Infinity)
  })

  it("breaks same-time ties by priority, then by insertion sequence", () => {
    const q = new EventQueue()
    q.push(1, 2, 0, 0, 0)
    q.push(1, 0, 0, 1, 0)
    q.push(1, 2, 0, 2, 0)
    q.push(0.5, 9, 0, 3, 0)
    q.push(1, 0, 0, 4, 0)
    const order: number[] = []
    const priorities: number[] = []
    while (q.pop()) {
      order.push(q.target)
      priorities.push(q.priority)
    }
    expect(order).toEqual([3, 1, 4, 0, 2])
    expect(priorities).toEqual([9, 0, 0, 2, 2])
  })

  it("peek shows the earliest time without removing it", () => {
    const q = new EventQueue()
    q.push(3, 0, 0, 0, 0)
    q.push(2, 0, 0, 1, 0)
    expect(q.peekTime()).toBe(2)
    expect(q.size).toBe(2)
    q.clear()
    expect(q.size).toBe(0)
    expect(q.pop()).toBe(false)
  })
})

type Op =
  | { readonly op: "push"; readonly time: number; readonly priority: number; readonly kind: number; readonly target: number; readonly generation: number }
  | { readonly op: "pop" }
  | { readonly op: "clear" }

interface Pending {
  readonly time: number
  readonly priority: number
  readonly sequence: number
  readonly kind: number
  readonly target: number
  readonly generation: number
}

/** The specification: a list kept sorted by (time, priority, insertion sequence). */
class SortedReference {
  private readonly items: Pending[] = []
  private sequence = 0
  get size(): number {
    return this.items.length
  }
  push(time: number, priority: number, kind: number, target: number, generation: number): void {
    const e = { time, priority, sequence: this.sequence++, kind, target, generation }
    const before = (a: Pending, b: Pending) => a.time < b.time || (a.time === b.time && (a.priority < b.priority || (a.priority === b.priority && a.sequence < b.sequence)))
    let i = this.items.length
    while (i > 0 && before(e, this.items[i - 1]!)) i--
    this.items.splice(i, 0, e)
  }
  pop(): Pending | undefined {
    return this.items.shift()
  }
  peek(): Pending | undefined {
    return this.items[0]
  }
  clear(): void {
    this.items.length = 0
  }
}

const pushOp = (times: fc.Arbitrary<number>): fc.Arbitrary<Op> =>
  fc.record({
    op: fc.constant("push" as const),
    time: times,
    priority: fc.integer({ min: 0, max: 3 }),
    kind: fc.integer({ min: -5, max: 5 }),
    target: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
    generation: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  })

/** Apply `ops` to an EventQueue and to the reference; every pop, peek and size must agree. */
const agree = (ops: readonly Op[], initialCapacity: number): void => {
  const q = new EventQueue(initialCapacity)
  const ref = new SortedReference()
  const check = () => {
    expect(q.size).toBe(ref.size)
    const head = ref.peek()
    expect(q.peekTime()).toBe(head ? head.time : Infinity)
    if (head) expect(q.peekPriority()).toBe(head.priority)
  }
  for (const o of ops) {
    if (o.op === "push") {
      q.push(o.time, o.priority, o.kind, o.target, o.generation)
      ref.push(o.time, o.priority, o.kind, o.target, o.generation)
    } else if (o.op === "clear") {
      q.clear()
      ref.clear()
    } else {
      const e = ref.pop()
      expect(q.pop()).toBe(e !== undefined)
      if (e) expect([q.time, q.priority, q.kind, q.target, q.generation]).toEqual([e.time, e.priority, e.kind, e.target, e.generation])
    }
    check()
  }
  // Drain: the rest must come out in the reference's order too.
  for (let e = ref.pop(); e; e = ref.pop()) {
    expect(q.pop()).toBe(true)
    expect([q.time, q.priority, q.kind, q.target, q.generation]).toEqual([e.time, e.priority, e.kind, e.target, e.generation])
  }
  expect(q.pop()).toBe(false)
}

describe("EventQueue against a sorted-list reference (property)", () => {
  it("pops the same (time, priority, kind, target, generation) sequence under random push/pop/clear with many ties", () => {
    // A handful of distinct times and 4 priorities: most comparisons are ties broken by priority
    // or insertion sequence. Capacity 4 with up to ~300 pending forces several doublings.
    const ops = fc.array(fc.oneof({ arbitrary: pushOp(fc.integer({ min: 0, max: 5 })), weight: 6 }, { arbitrary: fc.constant<Op>({ op: "pop" }), weight: 3 }, { arbitrary: fc.constant<Op>({ op: "clear" }), weight: 0 }), { maxLength: 500 })
    fc.assert(fc.property(ops, (o) => agree(o, 4)), { numRuns: 300 })
  })

  it("agrees with clear() interleaved and continuous or special times (0, negative, ±0, Infinity)", () => {
    const times = fc.oneof(fc.double({ min: -10, max: 10, noNaN: true }), fc.constantFrom(0, -0, 1, 1, 1, Infinity, 2.5))
    const ops = fc.array(fc.oneof({ arbitrary: pushOp(times), weight: 6 }, { arbitrary: fc.constant<Op>({ op: "pop" }), weight: 3 }, { arbitrary: fc.constant<Op>({ op: "clear" }), weight: 1 }), { maxLength: 300 })
    fc.assert(fc.property(ops, fc.integer({ min: 1, max: 64 }), (o, cap) => agree(o, cap)), { numRuns: 300 })
  })

  it("agrees on long runs that fill thousands of events past the initial capacity, then drain", () => {
    const ops = fc.array(fc.oneof({ arbitrary: pushOp(fc.integer({ min: 0, max: 40 })), weight: 3 }, { arbitrary: fc.constant<Op>({ op: "pop" }), weight: 1 }), { minLength: 2000, maxLength: 4000 })
    fc.assert(fc.property(ops, (o) => agree(o, 4)), { numRuns: 20, endOnFailure: true }) // shrinking 4,000-op runs takes minutes
  })
})

/** Keys of a pending event, kept sorted by (time, priority, sequence) with a binary search. */
class FastReference {
  private readonly items: Pending[] = []
  private head = 0
  private sequence = 0
  get size(): number {
    return this.items.length - this.head
  }
  push(time: number, priority: number, kind: number, target: number, generation: number): void {
    const e = { time, priority, sequence: this.sequence++, kind, target, generation }
    let lo = this.head
    let hi = this.items.length
    while (lo < hi) {
      const m = (lo + hi) >> 1
      const x = this.items[m]!
      if (x.time < time || (x.time === time && x.priority <= priority)) lo = m + 1
      else hi = m
    }
    this.items.splice(lo, 0, e)
  }
  pop(): Pending | undefined {
    const e = this.items[this.head]
    if (e) this.head++
    if (this.head > 4096) {
      this.items.splice(0, this.head)
      this.head = 0
    }
    return e
  }
  peek(): Pending | undefined {
    return this.items[this.head]
  }
  clear(): void {
    this.items.length = 0
    this.head = 0
  }
}

describe("EventQueue with thousands pending (the bucket rungs) against a sorted reference", () => {
  // Increments after the last popped time: continuous, identical, integer, spread over 15 decades,
  // bimodal (most very near, some very far), heavy-tailed, and with the past and ±Infinity mixed in.
  const increments: Record<string, (r: Rng) => number> = {
    exponential: (r) => -Math.log(r.nextOpen()),
    identical: () => 0,
    integer: (r) => Math.floor(r.next() * 4),
    spread: (r) => 10 ** (r.next() * 15 - 6),
    bimodal: (r) => (r.next() < 0.9 ? r.next() * 1e-9 : 1e6 + r.next()),
    pareto: (r) => r.nextOpen() ** -1.5 - 1,
    special: (r) => {
      const u = r.next()
      return u < 0.02 ? Infinity : u < 0.04 ? -Infinity : u < 0.1 ? -r.next() * 10 : u < 0.2 ? 0 : -Math.log(r.nextOpen())
    },
  }
  for (const [name, increment] of Object.entries(increments)) {
    it(`pops in (time, priority, sequence) order: ${name} increments, growth past the spill size, drains, clear`, () => {
      for (let seed = 1; seed <= 3; seed++) {
        const r = new Rng(seed * 97)
        const q = new EventQueue(seed === 1 ? 4 : 5000)
        const ref = new FastReference()
        let now = 0
        let target = 0
        // Phases: fill to several thousand (spills into a rung), hold, drain to a few, refill.
        const phases: Array<[number, number]> = [
          [6000, 0.9],
          [20000, 0.5],
          [8000, 0.2],
          [3000, 0.7],
          [5000, 0.45],
          [4000, 0.1],
        ]
        for (const [ops, pushShare] of phases) {
          for (let i = 0; i < ops; i++) {
            if (r.next() < pushShare || ref.size === 0) {
              const base = Number.isFinite(now) ? now : 0
              const t = base + increment(r)
              const p = r.nextUint32() & 3
              q.push(t, p, p, target, target ^ 0x5555)
              ref.push(t, p, p, target, target ^ 0x5555)
              target++
            } else {
              if (r.next() < 0.3) {
                const head = ref.peek()!
                expect(q.peekTime()).toBe(head.time)
                expect(q.peekPriority()).toBe(head.priority)
              }
              const e = ref.pop()!
              expect(q.pop()).toBe(true)
              if (q.time !== e.time || q.target !== e.target || q.priority !== e.priority || q.kind !== e.kind || q.generation !== e.generation) {
                expect([q.time, q.priority, q.target, q.kind, q.generation]).toEqual([e.time, e.priority, e.target, e.kind, e.generation])
              }
              now = e.time
            }
          }
          expect(q.size).toBe(ref.size)
        }
        if (seed === 2) {
          q.clear()
          ref.clear()
          expect(q.pop()).toBe(false)
          for (let i = 0; i < 3000; i++) {
            const t = now + increment(r)
            q.push(t, 1, 0, i, 0)
            ref.push(t, 1, 0, i, 0)
          }
        }
        for (let e = ref.pop(); e; e = ref.pop()) {
          expect(q.pop()).toBe(true)
          if (q.time !== e.time || q.target !== e.target || q.priority !== e.priority) expect([q.time, q.priority, q.target]).toEqual([e.time, e.priority, e.target])
        }
        expect(q.pop()).toBe(false)
        expect(q.peekTime()).toBe(Infinity)
      }
    })
  }
})
