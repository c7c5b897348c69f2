import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { GPUS } from "../../src/domain/catalog/gpus.ts"
import { MODELS } from "../../src/domain/catalog/models.ts"
import type { Precision } from "../../src/domain/catalog/types.ts"
import { planMemory } from "../../src/perf/memory.ts"
import { makeReplicaTiming, replicaKvCapacityTokens, type ReplicaTiming, type ReplicaTimingOptions } from "../../src/perf/replica-timing.ts"
import { iterationOverheadSeconds, makeStepModel, prefillSeconds } from "../../src/perf/step-time.ts"
import { TEST_GPU } from "./test-gpu.ts"

const opts = (over: Partial<ReplicaTimingOptions> = {}): ReplicaTimingOptions => ({
  gpu: TEST_GPU,
  model: MODELS["llama-3.1-8b"]!,
  weights: "bf16",
  kvCache: "bf16",
  tensorParallel: 1,
  pipelineParallel: 1,
  memoryUtilization: 0.9,
  maxBatch: 256,
  prefillChunk: 2048,
  ...over,
})

const timing = (o: ReplicaTimingOptions): ReplicaTiming => {
  const r = makeReplicaTiming(o)
  if ("_tag" in r) throw new Error(r.message)
  return r
}

const P = 8_030_261_248

describe("makeReplicaTiming on a round-number GPU", () => {
  const r = timing(opts())

  it("a decode step of 1 sequence at 1000 tokens of context: 2·P/1e12 + 1000·131,072/1e12 + 1 ms + 32·10 µs + 1 µs = 17.51 ms", () => {
    const expected = (2 * P) / 1e12 + (1000 * 131_072) / 1e12 + 1e-3 + 32e-5 + 1e-6
    expect(r.iterationSeconds(0, 1, 1000)).toBeCloseTo(expected, 12)
    expect(r.iterationSeconds(0, 1, 1000) * 1e3).toBeCloseTo(17.51, 2)
  })

  it("a decode step of 512 sequences is compute-bound: 2·P·512/(1e15·0.25) + 1 ms + 0.32 ms + 0.512 ms = 34.72 ms", () => {
    expect(r.iterationSeconds(0, 512, 0) * 1e3).toBeCloseTo(32.889 + 1 + 0.32 + 0.512, 2)
  })

  it("iterationSeconds(0, B, C) equals the decomposed decode step of the interface, for any B and C", () => {
    for (const tp of [1, 2, 8]) {
      const t = timing(opts({ tensorParallel: tp }))
      fc.assert(
        fc.property(fc.integer({ min: 0, max: 2048 }), fc.integer({ min: 0, max: 2_000_000 }), (b, c) => {
          const decomposed =
            Math.max(t.decodeComputeSeconds(b), t.decodeMemoryBaseSeconds + c * t.decodeMemorySecondsPerToken) +
            t.decodeOverheadSeconds(b)
          expect(t.iterationSeconds(0, b, c)).toBe(decomposed)
        }),
      )
    }
  })

  it("iterationSeconds(N, 0, 0) is the prefill of N tokens plus the overheads of one sequence of N tokens", () => {
    for (const tp of [1, 4]) {
      const o = opts({ tensorParallel: tp })
      const s = makeStepModel(o)
      const t = timing(o)
      for (const n of [1, 17, 512, 2048, 8192])
        expect(t.iterationSeconds(n, 0, 0)).toBeCloseTo(prefillSeconds(s, n) + iterationOverheadSeconds(s, 1, n), 15)
    }
  })

  it("a mixed iteration costs at least its larger part and at most the sum of both parts", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4096 }), fc.integer({ min: 1, max: 512 }), fc.integer({ min: 0, max: 500_000 }), (n, b, c) => {
        const mixed = r.iterationSeconds(n, b, c)
        const prefill = r.iterationSeconds(n, 0, 0)
        const decode = r.iterationSeconds(0, b, c)
        expect(mixed).toBeGreaterThanOrEqual(Math.max(prefill, decode) - 1e-12)
        expect(mixed).toBeLessThanOrEqual(prefill + decode + 1e-12)
      }),
    )
  })

  it("more work never takes less time", () => {
    expect(r.iterationSeconds(2048, 64, 100_000)).toBeGreaterThan(r.iterationSeconds(1024, 64, 100_000))
    expect(r.iterationSeconds(0, 64, 200_000)).toBeGreaterThan(r.iterationSeconds(0, 64, 100_000))
    expect(r.iterationSeconds(0, 1024, 0)).toBeGreaterThan(r.iterationSeconds(0, 512, 0))
  })

  it("kvCapacityTokens is the memory plan's, for the whole replica", () => {
    const plan = planMemory(opts())
    if (plan._tag !== "MemoryPlan") throw new Error("fits")
    expect(r.kvCapacityTokens).toBe(plan.kvCapacityTokens)
    expect(replicaKvCapacityTokens(opts())).toBe(plan.kvCapacityTokens)
  })
})

describe("makeReplicaTiming rejects a replica that does not fit", () => {
  it("returns WeightsDoNotFit for Llama 3.1 405B bf16 on 2 × H100", () => {
    const r = makeReplicaTiming(opts({ gpu: GPUS["H100-SXM"]!, model: MODELS["llama-3.1-405b"]!, tensorParallel: 2 }))
    expect("_tag" in r && r._tag).toBe("WeightsDoNotFit")
    const cap = replicaKvCapacityTokens(opts({ gpu: GPUS["H100-SXM"]!, model: MODELS["llama-3.1-405b"]!, tensorParallel: 2 }))
    expect(typeof cap === "object" && cap._tag).toBe("WeightsDoNotFit")
  })
})

/**
 * The catalog's initial (pre-calibration) efficiencies against public measurements
 * (reference/calibration.md). Decode is within 10%; prefill within 20% (TP2 prefill is the
 * worst row, 17% fast). Calibration through the full engine should only tighten these.
 */
describe("catalog defaults against published step times", () => {
  const real = (gpu: string, model: string, weights: Precision, tp: number, maxBatch: number) =>
    timing({ gpu: GPUS[gpu]!, model: MODELS[model]!, weights, kvCache: weights, tensorParallel: tp, pipelineParallel: 1, memoryUtilization: 0.9, maxBatch, prefillChunk: 2048 })
  const within = (got: number, want: number, tol: number) => expect(Math.abs(got / want - 1)).toBeLessThan(tol)

  it("kipply 13B FP16 on A100-40GB (FasterTransformer): decode 22.0 ms/token, prefill of 512 tokens 63.17 ms", () => {
    const r = real("A100-40GB", "gpt-13b", "fp16", 1, 1)
    within(r.iterationSeconds(0, 1, 512), 22.0e-3, 0.1)
    within(r.iterationSeconds(512, 0, 0), 63.17e-3, 0.1)
  })

  it("same on 2 × A100-40GB TP2: decode 13.5 ms/token, prefill 45.45 ms", () => {
    const r = real("A100-40GB", "gpt-13b", "fp16", 2, 1)
    within(r.iterationSeconds(0, 1, 512), 13.5e-3, 0.1)
    within(r.iterationSeconds(512, 0, 0), 45.45e-3, 0.2)
  })

  it("vLLM Llama-3.1-8B BF16 on H200, batch 8, 32 in / 128 out: ≈ 6.5 ms per step", () => {
    within(real("H200", "llama-3.1-8b", "bf16", 1, 8).iterationSeconds(0, 8, 8 * 96), 6.5e-3, 0.1)
  })

  it("vLLM Llama-3-70B BF16 on 4 × H200 TP4, batch 8: ≈ 16.2 ms per step", () => {
    within(real("H200", "llama-3.1-70b", "bf16", 4, 8).iterationSeconds(0, 8, 8 * 96), 16.2e-3, 0.1)
  })
})
