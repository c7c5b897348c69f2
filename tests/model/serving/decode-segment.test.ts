import { describe, expect, it } from "vitest"
import { DecodeSegment } from "../../../src/model/serving/decode-segment.ts"
import { Rng } from "../../../src/sim/rng.ts"
import { makeTestTiming, simpleTiming } from "./helpers.ts"

describe("DecodeSegment", () => {
  it("sums k decode steps in closed form, across the compute→memory crossover", () => {
    // B = 4 sequences, C₀ = 1000 tokens; A = 0.05·4 = 0.2 s; memory 0.1 + C·1e-5 reaches 0.2 at
    // C = 10,000, i.e. after (10,000 − 1000)/4 = 2250 steps. Overhead 0.01 + 0.001·4 = 0.014 s.
    const timing = makeTestTiming({ ...simpleTiming, computePerToken: 0.05, memoryBase: 0.1, memoryPerToken: 1e-5, stepOverhead: 0.01, perSequence: 0.001 })
    const seg = new DecodeSegment()
    seg.begin(timing, 4, 1000, timing.decodeComputeSeconds(4), timing.decodeOverheadSeconds(4))
    let naive = 0
    for (let j = 0; j < 5000; j++) {
      if (j === 10 || j === 2249 || j === 2250 || j === 2251 || j === 4999)
        expect(seg.elapsedSeconds(j)).toBeCloseTo(naive, 9)
      naive += timing.iterationSeconds(0, 4, 1000 + 4 * j)
    }
    expect(seg.elapsedSeconds(5000)).toBeCloseTo(naive, 9)
    // Hand check of the first 2250 steps: all compute-bound, 2250 · (0.2 + 0.014) = 481.5 s.
    expect(seg.elapsedSeconds(2250)).toBeCloseTo(481.5, 9)
  })

  it("matches the step-by-step sum on random batches (relative 1e-12)", () => {
    const rng = new Rng(9)
    const seg = new DecodeSegment()
    for (let c = 0; c < 200; c++) {
      const timing = makeTestTiming({
        ...simpleTiming,
        computePerToken: rng.next() * 1e-3,
        memoryBase: rng.next() * 0.02,
        memoryPerToken: rng.next() < 0.2 ? 0 : rng.next() * 1e-5,
        stepOverhead: rng.next() * 0.003,
        perSequence: rng.next() * 1e-4,
      })
      const b = 1 + Math.floor(rng.next() * 64)
      const c0 = Math.floor(rng.next() * 50_000)
      seg.begin(timing, b, c0, timing.decodeComputeSeconds(b), timing.decodeOverheadSeconds(b))
      let naive = 0
      const k = 1 + Math.floor(rng.next() * 3000)
      for (let j = 0; j < k; j++) naive += timing.iterationSeconds(0, b, c0 + b * j)
      expect(Math.abs(seg.elapsedSeconds(k) - naive) / naive).toBeLessThan(1e-12)
    }
  })

  it("finds step boundaries by bisection", () => {
    const timing = makeTestTiming(simpleTiming)
    const seg = new DecodeSegment()
    seg.begin(timing, 2, 200, timing.decodeComputeSeconds(2), timing.decodeOverheadSeconds(2)) // steps of max(2e-4, 0.01 + C·1e-6) + 0.0022 ≈ 12.4 ms
    const t5 = seg.elapsedSeconds(5)
    expect(seg.firstBoundaryAtOrAfter(t5, 100)).toBe(5)
    expect(seg.firstBoundaryAtOrAfter(t5 - 1e-9, 100)).toBe(5)
    expect(seg.firstBoundaryAtOrAfter(t5 + 1e-9, 100)).toBe(6)
    expect(seg.firstBoundaryAtOrAfter(0, 100)).toBe(1)
    expect(seg.boundariesWithin(t5, 100)).toBe(5)
    expect(seg.boundariesWithin(t5 - 1e-9, 100)).toBe(4)
    expect(seg.boundariesWithin(1e9, 100)).toBe(100)
  })
})
