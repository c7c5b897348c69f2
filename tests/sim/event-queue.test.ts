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
