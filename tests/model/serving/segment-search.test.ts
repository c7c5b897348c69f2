/**
 * The galloping search of DecodeSegment.firstBoundaryAtOrAfter (the profiling pass replaced a
 * plain bisection of [1, maxSteps]) must answer exactly what the bisection answered, so simulation
 * results do not move; and SlotDeque's power-of-two ring must keep FIFO order through wraps and growth.
 */
import { describe, expect, it } from "vitest"
import { DecodeSegment } from "../../../src/model/serving/decode-segment.ts"
import { SlotDeque } from "../../../src/model/serving/slot-deque.ts"
import type { ReplicaTiming } from "../../../src/perf/replica-timing.ts"
import { Rng } from "../../../src/sim/rng.ts"

/** The search as it was: smallest j in [1, maxSteps] with elapsedSeconds(j) ≥ dt, else maxSteps. */
const bisection = (seg: DecodeSegment, dt: number, maxSteps: number): number => {
  let lo = 1
  let hi = maxSteps
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2)
    if (seg.elapsedSeconds(mid) >= dt) hi = mid
    else lo = mid + 1
  }
  return lo
}

describe("DecodeSegment.firstBoundaryAtOrAfter", () => {
  it("agrees with a bisection of [1, maxSteps] on 20,000 random segments (compute- and memory-bound, before, on, between and after boundaries)", () => {
    const rng = new Rng(11)
    const seg = new DecodeSegment()
    const mismatches: string[] = []
    for (let n = 0; n < 20_000; n++) {
      const timing = { decodeMemoryBaseSeconds: rng.next() * 0.02, decodeMemorySecondsPerToken: rng.next() * 1e-6 } as unknown as ReplicaTiming
      const batch = 1 + Math.floor(rng.next() * 64)
      seg.begin(timing, batch, Math.floor(rng.next() * 1e5), rng.next() < 0.3 ? rng.next() * 0.03 : 0, rng.next() * 0.005)
      const maxSteps = 1 + Math.floor(rng.next() * (rng.next() < 0.5 ? 20 : 5000))
      const u = rng.next()
      const dt =
        u < 0.1 ? -rng.next() : u < 0.3 ? seg.elapsedSeconds(1 + Math.floor(rng.next() * maxSteps)) : rng.next() * seg.elapsedSeconds(maxSteps) * 1.2
      const got = seg.firstBoundaryAtOrAfter(dt, maxSteps)
      const want = bisection(seg, dt, maxSteps)
      if (got !== want) mismatches.push(`dt ${dt} max ${maxSteps}: ${got} vs ${want}`)
    }
    expect(mismatches).toEqual([])
  })
})

describe("SlotDeque", () => {
  it("keeps FIFO order with fronts pushed, through wrap-around and growth, from a capacity that is not a power of two", () => {
    const d = new SlotDeque(5)
    const model: number[] = []
    const rng = new Rng(3)
    for (let i = 0; i < 5000; i++) {
      const u = rng.next()
      if (u < 0.45) {
        d.pushBack(i)
        model.push(i)
      } else if (u < 0.6) {
        d.pushFront(i)
        model.unshift(i)
      } else if (model.length > 0) {
        expect(d.popFront()).toBe(model.shift())
      }
      expect(d.size).toBe(model.length)
    }
    expect(Array.from({ length: d.size }, (_, i) => d.at(i))).toEqual(model)
  })
})
