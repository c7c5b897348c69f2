import { describe, expect, it } from "vitest"
import { GPUS } from "../../src/domain/catalog/gpus.ts"
import { MODELS } from "../../src/domain/catalog/models.ts"
import {
  activationBytesPerLayer,
  minimumTrainingGpus,
  modelStateBytesPerGpu,
  trainingMemoryPerGpu,
} from "../../src/perf/training-memory.ts"

describe("model states (mixed-precision Adam, 16 B/param)", () => {
  const layout = (zeroStage: 0 | 1 | 2 | 3) => ({ tensorParallel: 1, pipelineParallel: 1, dataParallel: 64, zeroStage })

  it("ZeRO paper Fig. 1, 7.5B parameters on 64 GPUs: 120 GB, 31.4 GB, 16.6 GB, 1.9 GB for stages 0–3", () => {
    expect(modelStateBytesPerGpu(7.5e9, layout(0)) / 1e9).toBeCloseTo(120, 6)
    expect(modelStateBytesPerGpu(7.5e9, layout(1)) / 1e9).toBeCloseTo(31.4, 1)
    expect(modelStateBytesPerGpu(7.5e9, layout(2)) / 1e9).toBeCloseTo(16.6, 1)
    expect(modelStateBytesPerGpu(7.5e9, layout(3)) / 1e9).toBeCloseTo(1.9, 1)
  })

  it("tensor and pipeline parallelism divide all states: 70B over TP8 × PP4 without ZeRO = 16·70e9/32 = 35 GB", () => {
    expect(modelStateBytesPerGpu(70e9, { tensorParallel: 8, pipelineParallel: 4, dataParallel: 1, zeroStage: 0 })).toBe(35e9)
  })

  it("fp32 gradients make it 18 B/param", () => {
    expect(modelStateBytesPerGpu(1e9, { tensorParallel: 1, pipelineParallel: 1, dataParallel: 1, zeroStage: 0 }, { weights: 2, gradients: 4, optimizer: 12 })).toBe(18e9)
  })
})

describe("activations (Korthikanti et al. 2022, with sequence parallelism)", () => {
  const gpt3 = { ...MODELS["llama-2-70b"]!, hidden: 12_288, heads: 96, layers: 96 }

  it("GPT-3 175B, s = 2048, b = 1, TP8, selective recompute: 34·s·b·h/t = 107 MB per layer", () => {
    expect(activationBytesPerLayer(gpt3, 2048, 1, 8, "selective")).toBe((34 * 2048 * 12_288) / 8)
  })

  it("no recompute adds the attention scores 5·a·s/h: 34 + 5·96·2048/12288 = 114 units of s·b·h", () => {
    expect(activationBytesPerLayer(gpt3, 2048, 1, 1, "none")).toBeCloseTo(114 * 2048 * 12_288, 0)
  })

  it("full recompute keeps only the bf16 layer input: 2·s·b·h", () => {
    expect(activationBytesPerLayer(gpt3, 2048, 1, 1, "full")).toBe(2 * 2048 * 12_288)
  })
})

describe("minimum GPUs for training", () => {
  it("returns a layout that fits, and half as many GPUs do not fit any layout", () => {
    for (const name of ["llama-3.1-8b", "llama-3.1-70b", "llama-3.1-405b"]) {
      const input = { model: MODELS[name]!, gpu: GPUS["H100-SXM"]!, sequenceLength: 4096 }
      const min = minimumTrainingGpus(input, 1)!
      expect(min).toBeDefined()
      const m = trainingMemoryPerGpu(input, min)
      expect(m.needBytes).toBeLessThanOrEqual(m.haveBytes)
      expect(min.tensorParallel * min.pipelineParallel * min.dataParallel).toBe(min.gpus)
      // no layout of half as many GPUs fits, even with full recomputation (the least memory)
      const n = min.gpus / 2
      for (let t = 1; t <= Math.min(n, 8); t *= 2)
        for (let pp = 1; t * pp <= n; pp *= 2) {
          const mm = trainingMemoryPerGpu(input, { tensorParallel: t, pipelineParallel: pp, dataParallel: n / (t * pp), zeroStage: 1, recompute: "full" })
          expect(mm.needBytes).toBeGreaterThan(mm.haveBytes)
        }
    }
  })

  it("Llama 3.1 70B at ZeRO-1, 4k sequences, selective recompute: 32 H100 (16: TP8×PP2 holds 70.6 GB of states + 11.4 GB activations + 2 GiB > 77.3 GB)", () => {
    const input = { model: MODELS["llama-3.1-70b"]!, gpu: GPUS["H100-SXM"]!, sequenceLength: 4096, recompute: "selective" as const }
    const at16 = trainingMemoryPerGpu(input, { tensorParallel: 8, pipelineParallel: 2, dataParallel: 1, zeroStage: 1 })
    const byHand = (16 * 70_553_706_496) / 16 + (80 * 34 * 4096 * 8192) / 8 + (4 * 4096 * 128_256) / 8 + 2 * 2 ** 30
    expect(at16.needBytes).toBeCloseTo(byHand, 0)
    expect(at16.needBytes).toBeGreaterThan(at16.haveBytes)
    expect(minimumTrainingGpus(input, 1)!.gpus).toBe(32)
  })

  it("full recomputation (2·s·b·h per layer) lets the same job fit 16 H100, and is chosen only when needed", () => {
    const input = { model: MODELS["llama-3.1-70b"]!, gpu: GPUS["H100-SXM"]!, sequenceLength: 4096 }
    const min = minimumTrainingGpus(input, 1)!
    expect(min).toMatchObject({ gpus: 16, recompute: "full" })
    expect(minimumTrainingGpus({ ...input, model: MODELS["llama-3.1-8b"]! }, 1)!.recompute).toBe("selective")
  })

  it("ZeRO-3 shards everything and never needs more GPUs than ZeRO-0", () => {
    const input = { model: MODELS["llama-3.1-70b"]!, gpu: GPUS["A100-80GB"]!, sequenceLength: 4096 }
    expect(minimumTrainingGpus(input, 3)!.gpus).toBeLessThanOrEqual(minimumTrainingGpus(input, 0)!.gpus)
  })
})
