/**
 * The replica fixed point of the analytic engine, on a made-up ReplicaTiming with round numbers so
 * every expected value is hand arithmetic:
 *   iteration(x, B, C) = 10 ms + 1 ms·B + 10 µs·x   (no context or compute term)
 * Load: prompt 100, output 11 (10 decode steps), chunk 1000, maxBatch 64, unlimited KV.
 */
import { describe, expect, it } from "vitest"
import type { ReplicaTiming } from "../../src/perf/replica-timing.ts"
import { isStable, prefillSeconds, replicaCapacityPerSecond, solveReplica, type ReplicaLoad } from "../../src/model/analytic/replica-steady-state.ts"

const timing: ReplicaTiming = {
  kvCapacityTokens: 1e9,
  iterationSeconds: (x, b) => 0.01 + 0.001 * b + 1e-5 * x,
  decodeComputeSeconds: () => 0,
  decodeMemoryBaseSeconds: 0.01,
  decodeMemorySecondsPerToken: 0,
  decodeOverheadSeconds: (b) => 0.001 * b,
}
const load: ReplicaLoad = { timing, maxBatch: 64, prefillChunk: 1000, meanPromptTokens: 100, meanOutputTokens: 11, meanPrefillIterations: 1 }

describe("replica steady state (fixed point of T = T'(T))", () => {
  it("at 1 req/s: one 100-token chunk in a share T of iterations, T = 0.011/(1 − 0.011)", () => {
    // B = λ·10·T; seen batch B + 1; τ_d = 0.01 + 0.001(10T + 1); prefill share f = λ·100·T/100 = T;
    // τ_p = τ_d + 0.001 → T' = 0.011 + 0.01T + 0.001T = 0.011 + 0.011T.
    const s = solveReplica(load, 1)
    expect(s.stable).toBe(true)
    expect(s.tpotSeconds).toBeCloseTo(0.011 / 0.989, 9)
    expect(s.decodeBatch).toBeCloseTo((10 * 0.011) / 0.989, 8)
    expect(s.prefillShare).toBeCloseTo(0.011 / 0.989, 8)
    expect(s.mixedPrefillTokens).toBe(100)
  })

  it("at 50 req/s prefills coalesce (f = 1, y = 5000·T tokens per iteration): T = 0.011/0.45", () => {
    // T' = 0.01 + 0.001(500T + 1) + 1e-5·5000T = 0.011 + 0.55T.
    const s = solveReplica(load, 50)
    expect(s.tpotSeconds).toBeCloseTo(0.011 / 0.45, 9)
    expect(s.prefillShare).toBe(1)
    expect(s.mixedPrefillTokens).toBeCloseTo((5000 * 0.011) / 0.45, 6)
    expect(s.coalescedPrefillTokens).toBeCloseTo((5000 * 0.011) / 0.45 - 100, 6)
  })

  it("capacity: at the batch limit (64) a step takes 74 ms + 6.4 ms of prefill, so λ = 6.4 / 0.0804", () => {
    // At the bound T = 64/(10λ): seen batch 64, y = 640 tokens, T' = 0.01 + 0.064 + 0.0064 = 0.0804.
    const capacity = replicaCapacityPerSecond(load)
    expect(capacity).toBeCloseTo(6.4 / 0.0804, 5)
    expect(isStable(load, capacity * 0.999)).toBe(true)
    expect(isStable(load, capacity * 1.001)).toBe(false)
  })

  it("beyond capacity the state is marked unstable with the batch limit as the cause", () => {
    const s = solveReplica(load, 100)
    expect(s.stable).toBe(false)
    expect(s.limit).toBe("batch")
  })

  it("a small KV cache becomes the limit: 64 sequences of 105.5 tokens need 6,752", () => {
    const small = { ...load, timing: { ...timing, kvCapacityTokens: 1055 } } // room for 10 sequences
    expect(solveReplica(small, 1000).limit).toBe("kv-cache")
    expect(solveReplica(small, 1).batchLimit).toBeCloseTo(10, 9)
  })

  it("prefill of a 100-token prompt at 1 req/s: one iteration beside the mean batch", () => {
    const s = solveReplica(load, 1)
    const b = (10 * 0.011) / 0.989
    expect(prefillSeconds(load, s, 100)).toBeCloseTo(0.01 + 0.001 * b + 0.001, 9)
    // 2,500 tokens take ⌈2500/1000⌉ = 3 iterations of 833⅓ tokens.
    expect(prefillSeconds(load, s, 2500)).toBeCloseTo(3 * (0.01 + 0.001 * b + 1e-5 * (2500 / 3)), 9)
  })

  it("no arrivals: the state of one lone sequence, stable", () => {
    const s = solveReplica(load, 0)
    expect(s.stable).toBe(true)
    expect(s.decodeBatch).toBe(0)
    expect(s.tpotSeconds).toBeCloseTo(0.011, 12)
  })
})
