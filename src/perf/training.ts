/**
 * Training time from model FLOPs:
 *   FLOPs = 6·N_active·D + 12·L·H·d_h·T·D   (PaLM's MFU definition, Chowdhery et al. 2022, App. B)
 *   time  = FLOPs / (gpus · F · MFU · ETTR)
 * with D training tokens, T the sequence length, F the GPU's peak dense bf16 FLOP/s, MFU the
 * model-FLOPs utilization (catalog default per GPU class) and ETTR from the failure model.
 */
import type { GpuSpec, ModelSpec } from "../domain/catalog/types.ts"
import { expectedEttr, expectedInterruptions, type EttrInput } from "./failures.ts"
import { minimumTrainingGpus, trainingMemoryPerGpu, type Recompute, type TrainingLayout, type TrainingMemoryInput, type ZeroStage } from "./training-memory.ts"

/** The architecture numbers the FLOPs formula needs. */
export interface TrainingFlopsInput {
  readonly activeParams: number
  readonly layers: number
  readonly heads: number
  readonly headDim: number
  readonly tokens: number
  /** Training sequence length T (LLaMA-1: 2,048; Llama 2: 4,096; Llama 3: 8,192 in pre-training). */
  readonly sequenceLength: number
}

/**
 * Model FLOPs of training on `tokens` tokens: 6·N·D for the weight matmuls (forward 2, backward 4)
 * plus 12·L·H·d_h·T·D for attention (PaLM, not counting causal masking savings).
 *
 * @example GPT-3 175B, 300B tokens: 6·174.6e9·300e9 = 3.14e23 (GPT-3 paper, Table D.1) + 8.7e21 attention
 */
export const trainingFlops = (x: TrainingFlopsInput): number =>
  6 * x.activeParams * x.tokens + 12 * x.layers * x.heads * x.headDim * x.sequenceLength * x.tokens

/** Training FLOPs of a catalog model. */
export const modelTrainingFlops = (model: ModelSpec, tokens: number, sequenceLength: number): number =>
  trainingFlops({ activeParams: model.activeParams, layers: model.layers, heads: model.heads, headDim: model.headDim, tokens, sequenceLength })

/** Wall-clock seconds: FLOPs / (gpus · F · MFU · ETTR). */
export const trainingSeconds = (flops: number, gpus: number, peakFlopsPerGpu: number, mfu: number, ettr = 1): number =>
  flops / (gpus * peakFlopsPerGpu * mfu * ettr)

/** A training job to estimate. Defaults: MFU of the GPU, failure model defaults (failures.ts). */
export interface TrainingJob {
  readonly model: ModelSpec
  readonly gpu: GpuSpec
  readonly gpus: number
  readonly tokens: number
  readonly sequenceLength: number
  readonly mfu?: number
  /** Parallel layout to check for memory; default: the smallest feasible one at ZeRO stage 1. */
  readonly layout?: TrainingLayout
  readonly zeroStage?: ZeroStage
  readonly failuresPerGpuDay?: number
  readonly checkpointWriteSeconds?: number
  readonly restartSeconds?: number
  readonly checkpointIntervalSeconds?: number
}

/** What a training job costs in time. */
export interface TrainingEstimate {
  readonly _tag: "TrainingEstimate"
  readonly flops: number
  readonly mfu: number
  readonly ettr: number
  readonly checkpointIntervalSeconds: number
  readonly wallClockSeconds: number
  readonly gpuHours: number
  readonly expectedInterruptions: number
  readonly layout: TrainingLayout
}

/** A job that cannot fit its model states and activations on the GPUs it was given. */
export interface TrainingDoesNotFit {
  readonly _tag: "TrainingDoesNotFit"
  /** Smallest power-of-two GPU count that would fit (undefined: none up to 65,536). */
  readonly minGpus: number | undefined
  readonly message: string
}

const fmtGb = (bytes: number) => `${Math.ceil(bytes / 1e9)} GB`

/**
 * Full activation recomputation re-runs every layer's forward pass during the backward pass: 8·N·D
 * hardware FLOPs for 6·N·D model FLOPs, so the same hardware utilization yields 3/4 of the model
 * FLOPs utilization (PaLM, Chowdhery et al. 2022, App. B: MFU vs HFU; Megatron-LM's 140 TFLOP/s
 * "with full recompute" counts the recomputation). Selective recomputation costs a few percent
 * (Korthikanti et al. 2022: 2–4%), within the default's own uncertainty.
 */
export const FULL_RECOMPUTE_MFU_FACTOR = 6 / 8

/** The GPU class's default MFU (measured without full recomputation), lowered for full recomputation. */
export const defaultMfuFor = (gpu: GpuSpec, recompute: Recompute): number =>
  recompute === "full" ? gpu.defaultMfu * FULL_RECOMPUTE_MFU_FACTOR : gpu.defaultMfu

/**
 * Wall clock, GPU-hours, ETTR and interruptions of a training job, or why it does not fit.
 * Peak throughput is the GPU's bf16 dense FLOP/s (mixed-precision training).
 */
export const estimateTraining = (job: TrainingJob): TrainingEstimate | TrainingDoesNotFit => {
  const zeroStage = job.zeroStage ?? 1
  const memInput: TrainingMemoryInput = { model: job.model, gpu: job.gpu, sequenceLength: job.sequenceLength }
  const minimum = minimumTrainingGpus(memInput, zeroStage)
  // Full recomputation costs a quarter of the useful FLOPs, so a job with GPUs to spare takes the
  // smallest layout that fits with selective recomputation when there is one.
  const selective = minimumTrainingGpus({ ...memInput, recompute: "selective" }, zeroStage)
  const usable = (m: typeof minimum): m is NonNullable<typeof minimum> =>
    m !== undefined && m.gpus <= job.gpus && job.gpus % (m.tensorParallel * m.pipelineParallel) === 0
  const chosen = usable(selective) ? selective : usable(minimum) ? minimum : undefined
  const layout: TrainingLayout | undefined =
    job.layout ??
    (chosen !== undefined
      ? {
          tensorParallel: chosen.tensorParallel,
          pipelineParallel: chosen.pipelineParallel,
          dataParallel: job.gpus / (chosen.tensorParallel * chosen.pipelineParallel),
          zeroStage,
          recompute: chosen.recompute,
        }
      : undefined)
  const fits = layout !== undefined && (() => {
    const m = trainingMemoryPerGpu(memInput, layout)
    return m.needBytes <= m.haveBytes
  })()
  if (layout === undefined || !fits) {
    const need = layout !== undefined ? trainingMemoryPerGpu(memInput, layout).needBytes : undefined
    const message =
      `${job.model.name} training does not fit on ${job.gpus} × ${job.gpu.name}` +
      (need !== undefined ? ` (needs ${fmtGb(need)} per GPU with this layout)` : "") +
      (minimum !== undefined
        ? ` — it needs at least ${minimum.gpus} GPUs at ZeRO stage ${zeroStage} (tensor ${minimum.tensorParallel} × pipeline ${minimum.pipelineParallel}, ${minimum.recompute} recomputation)`
        : " — no layout up to 65,536 GPUs fits")
    return { _tag: "TrainingDoesNotFit", minGpus: minimum?.gpus, message }
  }
  const peak = job.gpu.flops.bf16 ?? job.gpu.flops.fp16 ?? 0
  const mfu = job.mfu ?? defaultMfuFor(job.gpu, layout.recompute ?? "selective")
  const flops = modelTrainingFlops(job.model, job.tokens, job.sequenceLength)
  const ettrInput: EttrInput = {
    gpus: job.gpus,
    ...(job.failuresPerGpuDay !== undefined ? { failuresPerGpuDay: job.failuresPerGpuDay } : {}),
    ...(job.checkpointWriteSeconds !== undefined ? { checkpointWriteSeconds: job.checkpointWriteSeconds } : {}),
    ...(job.restartSeconds !== undefined ? { restartSeconds: job.restartSeconds } : {}),
    ...(job.checkpointIntervalSeconds !== undefined ? { checkpointIntervalSeconds: job.checkpointIntervalSeconds } : {}),
  }
  const e = expectedEttr(ettrInput)
  const wallClockSeconds = trainingSeconds(flops, job.gpus, peak, mfu, e.ettr)
  return {
    _tag: "TrainingEstimate",
    flops,
    mfu,
    ettr: e.ettr,
    checkpointIntervalSeconds: e.checkpointIntervalSeconds,
    wallClockSeconds,
    gpuHours: (job.gpus * wallClockSeconds) / 3600,
    expectedInterruptions: expectedInterruptions(job.gpus, wallClockSeconds, job.failuresPerGpuDay),
    layout,
  }
}
