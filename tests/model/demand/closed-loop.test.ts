import { describe, expect, it } from "vitest"
import type { RequestSource } from "../../../src/model/demand/source.ts"
import { Rng } from "../../../src/sim/rng.ts"
import { source } from "./helpers.ts"

/**
 * A toy serving engine: each request takes a random service time; returns what it observed.
 * Completions are reported in time order, as the real engine does.
 */
const serve = (src: RequestSource, horizonSeconds: number) => {
  const service = new Rng(99)
  const inFlight: number[] = [] // completion times
  const arrivals: number[] = []
  const completions: number[] = []
  let maxOutstanding = 0
  for (;;) {
    const nextArrival = src.peekTime()
    inFlight.sort((a, b) => a - b)
    const nextCompletion = inFlight[0] ?? Infinity
    if (nextArrival === Infinity && nextCompletion === Infinity) break
    if (nextArrival <= nextCompletion) {
      src.take()
      arrivals.push(nextArrival)
      inFlight.push(nextArrival + 0.5 + 3 * service.next())
      maxOutstanding = Math.max(maxOutstanding, inFlight.length)
    } else {
      inFlight.shift()
      if (nextCompletion > horizonSeconds) continue
      completions.push(nextCompletion)
      src.onCompletion(nextCompletion)
    }
  }
  return { arrivals, completions, maxOutstanding }
}

describe("closed loop", () => {
  it("concurrency 4: all four clients start at 0, never more than 4 outstanding, each next request thinkTime after a completion", () => {
    const src = source({ arrivals: { pattern: "closed", concurrency: 4, thinkTime: 2 }, horizonSeconds: 600 })
    const { arrivals, completions, maxOutstanding } = serve(src, 600)
    expect(arrivals.slice(0, 4)).toEqual([0, 0, 0, 0])
    expect(arrivals[4]).toBeGreaterThan(2.5) // first completion ≥ 0.5 s, plus 2 s of thinking
    expect(maxOutstanding).toBe(4)
    // every later request is exactly one completion + 2 s, in order, up to the horizon
    const expected = completions.map((c) => c + 2).filter((t) => t <= 600)
    expect(arrivals.slice(4)).toEqual(expected)
    expect(arrivals.length).toBeGreaterThan(400) // 4 clients, ≤ 4.5 s per cycle, 600 s
  })

  it("`requests` caps the total sent, including the first wave", () => {
    const src = source({ arrivals: { pattern: "closed", concurrency: 4, requests: 10 }, horizonSeconds: 1e9 })
    expect(serve(src, 1e9).arrivals.length).toBe(10)
    const few = source({ arrivals: { pattern: "closed", concurrency: 4, requests: 2 }, horizonSeconds: 1e9 })
    expect(serve(few, 1e9).arrivals).toEqual([0, 0])
  })

  it("waits (peekTime Infinity) while every client has a request in flight, and ignores stray completions", () => {
    const src = source({ arrivals: { pattern: "closed", concurrency: 2, thinkTime: 1 }, horizonSeconds: 100 })
    src.onCompletion(0) // nothing outstanding: ignored
    src.take()
    src.take()
    expect(src.peekTime()).toBe(Infinity)
    src.onCompletion(5)
    expect(src.peekTime()).toBe(6)
    src.onCompletion(7)
    src.take()
    expect(src.peekTime()).toBe(8)
  })

  it("sorts sends when completions are reported out of order", () => {
    const src = source({ arrivals: { pattern: "closed", concurrency: 3, thinkTime: 1 }, horizonSeconds: 100 })
    src.take(); src.take(); src.take()
    src.onCompletion(9)
    src.onCompletion(4)
    src.onCompletion(6)
    const order: number[] = []
    while (src.peekTime() !== Infinity) {
      order.push(src.peekTime())
      src.take()
    }
    expect(order).toEqual([5, 7, 10])
  })
})
