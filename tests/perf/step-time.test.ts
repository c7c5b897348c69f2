import { describe, expect, it } from "vitest"
import { GPUS } from "../../src/domain/catalog/gpus.ts"
import { MODELS } from "../../src/domain/catalog/models.ts"
import type { ReplicaConfig } from "../../src/perf/memory.ts"
import {
  allReduceSeconds,
  computePrecision,
  decodeComputeSeconds,
  expectedExpertsTouched,
  iterationOverheadSeconds,
  kvReadSeconds,
  makeStepModel,
  peakFlops,
  pipelineSendSeconds,
  prefillSeconds,
  weightBytesTouched,
  weightStreamSeconds,
} from "../../src/perf/step-time.ts"
import { TEST_GPU } from "./test-gpu.ts"

const llama8b = MODELS["llama-3.1-8b"]!
const P = 8_030_261_248 // Llama 3.1 8B parameters; 32 layers, d 4096, KV 131,072 B/token in bf16

const config = (over: Partial<ReplicaConfig> = {}): ReplicaConfig => ({
  gpu: TEST_GPU,
  model: llama8b,
  weights: "bf16",
  kvCache: "bf16",
  tensorParallel: 1,
  pipelineParallel: 1,
  memoryUtilization: 0.9,
  maxBatch: 256,
  prefillChunk: 2048,
  ...over,
})

describe("compute precision", () => {
  it("fp8 weights use fp8 tensor cores where the GPU has them (H100), else bf16 (A100)", () => {
    expect(computePrecision(GPUS["H100-SXM"]!, "fp8")).toBe("fp8")
    expect(computePrecision(GPUS["A100-80GB"]!, "fp8")).toBe("bf16")
    expect(peakFlops(GPUS["H100-SXM"]!, "fp8")).toBe(1_979e12)
    expect(peakFlops(GPUS["A100-80GB"]!, "fp8")).toBe(312e12)
  })

  it("int4 weights are weight-only: dequantized and computed in bf16", () => {
    expect(computePrecision(GPUS["H100-SXM"]!, "int4")).toBe("bf16")
  })

  it("fp4 weights use fp4 on B200, fall back to fp8 on H100", () => {
    expect(computePrecision(GPUS.B200!, "fp4")).toBe("fp4")
    expect(computePrecision(GPUS["H100-SXM"]!, "fp4")).toBe("fp8")
  })
})

describe("MoE weight traffic", () => {
  it("distinct experts touched E·(1−(1−k/E)^T): Mixtral (8, top-2) touches 2 with 1 token, 3.5 with 2", () => {
    expect(expectedExpertsTouched(8, 2, 1)).toBeCloseTo(2, 12)
    expect(expectedExpertsTouched(8, 2, 2)).toBeCloseTo(8 * (1 - 0.75 ** 2), 12)
    expect(expectedExpertsTouched(8, 2, 2)).toBeCloseTo(3.5, 12)
    expect(expectedExpertsTouched(8, 2, 1_000)).toBeCloseTo(8, 9)
  })

  it("a dense model streams all its weights regardless of batch", () => {
    expect(weightBytesTouched(llama8b, "bf16", 1)).toBe(2 * P)
  })

  it("Mixtral with one token streams the active 12.9B parameters (2 experts/layer), with many tokens all 46.7B", () => {
    const mixtral = MODELS["mixtral-8x7b"]!
    const expert = 3 * 4096 * 14336
    expect(weightBytesTouched(mixtral, "bf16", 1)).toBeCloseTo(2 * (mixtral.totalParams - 32 * 6 * expert), 0)
    expect(weightBytesTouched(mixtral, "bf16", 1) / 2 / 1e9).toBeCloseTo(12.88, 2)
    expect(weightBytesTouched(mixtral, "bf16", 10_000) / 2).toBeCloseTo(mixtral.totalParams, -3)
  })
})

describe("roofline terms (TestGPU: 1 PFLOP/s bf16, 2 TB/s, η prefill 0.5 / decode 0.25 / memory 0.5)", () => {
  const s = makeStepModel(config())

  it("decode compute of 512 sequences: 2·P·512 / (1e15·0.25) = 32.89 ms", () => {
    expect(decodeComputeSeconds(s, 512)).toBeCloseTo((2 * P * 512) / 2.5e14, 12)
    expect(decodeComputeSeconds(s, 512) * 1e3).toBeCloseTo(32.89, 2)
  })

  it("streaming the weights: 2·P bytes / (2e12·0.5) = 16.06 ms; each context token adds 131,072 B / 1e12", () => {
    expect(weightStreamSeconds(s, 0)).toBeCloseTo((2 * P) / 1e12, 12)
    expect(kvReadSeconds(s, 1000)).toBeCloseTo((1000 * 131_072) / 1e12, 12)
  })

  it("prefill of 1000 tokens is compute-bound: (2·P·1000 + 2·32·32·256·1000·1001/2) / (1e15·0.5) = 32.65 ms", () => {
    const flops = 2 * P * 1000 + 2 * 32 * 32 * 256 * ((1000 * 1001) / 2)
    expect(prefillSeconds(s, 1000)).toBeCloseTo(flops / 5e14, 12)
    expect(prefillSeconds(s, 1000) * 1e3).toBeCloseTo(32.65, 2)
  })

  it("prefill of 10 tokens is memory-bound: the weights are read once whatever N is", () => {
    expect(prefillSeconds(s, 10)).toBe(weightStreamSeconds(s, 10))
  })

  it("overheads without TP: τ_step + L·τ_layer + B·τ_req = 1 ms + 32·10 µs + 8·1 µs", () => {
    expect(iterationOverheadSeconds(s, 8, 8)).toBeCloseTo(1e-3 + 32e-5 + 8e-6, 15)
    expect(allReduceSeconds(s, 8)).toBe(0)
    expect(pipelineSendSeconds(s, 8)).toBe(0)
  })
})

describe("communication", () => {
  it("TP2 all-reduce of 4 tokens: 2 per layer × 32 layers × (2·½·4·4096·2 B / (100 GB/s·0.5) + 10 µs) = 0.682 ms", () => {
    const s = makeStepModel(config({ tensorParallel: 2 }))
    const ring = (2 * (1 / 2) * 4 * 4096 * 2) / 50e9
    expect(allReduceSeconds(s, 4)).toBeCloseTo(64 * (ring + 1e-5), 15)
    expect(allReduceSeconds(s, 4) * 1e3).toBeCloseTo(0.682, 3)
  })

  it("TP16 spans two nodes and uses the inter-node link (10 GB/s): bandwidth term 10× larger than in-node", () => {
    const inNode = makeStepModel(config({ tensorParallel: 8 }))
    const across = makeStepModel(config({ tensorParallel: 16 }))
    expect(inNode.tpLinkBytesPerSecond).toBe(50e9)
    expect(across.tpLinkBytesPerSecond).toBe(5e9)
  })

  it("pipeline stages add one activation send per boundary: PP4 → 3 × (tokens·d·2 B / link + latency)", () => {
    const s = makeStepModel(config({ pipelineParallel: 4 }))
    expect(pipelineSendSeconds(s, 100)).toBeCloseTo(3 * ((100 * 4096 * 2) / 50e9 + 1e-5), 15)
  })

  it("pipeline stages do not speed up one iteration: weight streaming time is the same at PP1 and PP4", () => {
    const pp1 = makeStepModel(config())
    const pp4 = makeStepModel(config({ pipelineParallel: 4 }))
    expect(weightStreamSeconds(pp4, 0)).toBeCloseTo(weightStreamSeconds(pp1, 0), 12)
  })
})
