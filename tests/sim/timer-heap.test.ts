import { describe, expect, it } from "vitest"
import { TimerHeap } from "../../src/sim/timer-heap.ts"
import { Rng } from "../../src/sim/rng.ts"

describe("TimerHeap", () => {
  it("always exposes the earliest (time, id) under random set / cancel / pop, matching a scan", () => {
    const rng = new Rng(4)
    const h = new TimerHeap(2) // tiny start: exercises growth
    const ref = new Map<number, number>()
    for (let step = 0; step < 50_000; step++) {
      const id = Math.floor(rng.next() * 40)
      const u = rng.next()
      if (u < 0.6) {
        const t = Math.floor(rng.next() * 100) // coarse: many ties
        h.set(id, t)
        ref.set(id, t)
      } else if (u < 0.8) {
        h.cancel(id)
        ref.delete(id)
      } else if (ref.size > 0) {
        // "pop": fire the earliest timer
        const top = h.peekId()
        h.cancel(top)
        ref.delete(top)
      }
      let bestId = -1
      let bestT = Infinity
      for (const [i, t] of ref) if (t < bestT || (t === bestT && i < bestId)) (bestT = t), (bestId = i)
      expect(h.size).toBe(ref.size)
      expect(h.peekTime()).toBe(bestT)
      expect(h.peekId()).toBe(bestId)
      expect(h.timeOf(id)).toBe(ref.get(id) ?? Infinity)
    }
  })

  it("setting Infinity cancels; cancelling an unknown id is a no-op", () => {
    const h = new TimerHeap()
    h.set(5, 1)
    h.set(2, 3)
    h.set(5, Infinity)
    h.cancel(99)
    expect([h.size, h.peekId(), h.peekTime()]).toEqual([1, 2, 3])
  })
})
