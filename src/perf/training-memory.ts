/**
 * Memory of a training job per GPU: model states (weights, gradients, optimizer) sharded by tensor
 * and pipeline parallelism and by the ZeRO stage across data-parallel ranks, plus activations.
 */
import type { GpuSpec, ModelSpec } from "../domain/catalog/types.ts"
import { DEFAULT_RUNTIME_OVERHEAD_BYTES } from "./memory.ts"

/** ZeRO stage: 0 none, 1 optimizer states, 2 + gradients, 3 + weights sharded across data parallel. */
export type ZeroStage = 0 | 1 | 2 | 3

/** Activation recomputation: none, selective (attention only; Megatron default), full (each layer's input only). */
export type Recompute = "none" | "selective" | "full"

/**
 * Mixed-precision Adam, bytes per parameter (Rajbhandari et al. 2020, ZeRO §3.1): bf16 weights 2,
 * bf16 gradients 2, fp32 master weights + momentum + variance 12 = 16. fp32 gradients make it 18.
 */
export const ADAM_BYTES = { weights: 2, gradients: 2, optimizer: 12 } as const

/** How a job is laid out on its GPUs. */
export interface TrainingLayout {
  readonly tensorParallel: number
  readonly pipelineParallel: number
  readonly dataParallel: number
  readonly zeroStage: ZeroStage
  /** Activation recomputation; overrides the job's (default "selective"). */
  readonly recompute?: Recompute
}

/**
 * Model-state bytes per GPU: P/(t·pp) parameters per model-parallel rank, each costing weights +
 * gradients + optimizer bytes, the parts the ZeRO stage shards divided by the data-parallel degree.
 *
 * @example ZeRO paper Fig. 1: 7.5B params, 64 GPUs: stage 0 → 120 GB, 1 → 31.4 GB, 2 → 16.6 GB, 3 → 1.9 GB
 */
export const modelStateBytesPerGpu = (
  params: number,
  layout: TrainingLayout,
  bytes: { readonly weights: number; readonly gradients: number; readonly optimizer: number } = ADAM_BYTES,
): number => {
  const perRank = params / (layout.tensorParallel * layout.pipelineParallel)
  const dp = layout.dataParallel
  const z = layout.zeroStage
  const w = z >= 3 ? bytes.weights / dp : bytes.weights
  const g = z >= 2 ? bytes.gradients / dp : bytes.gradients
  const o = z >= 1 ? bytes.optimizer / dp : bytes.optimizer
  return perRank * (w + g + o)
}

/**
 * Activation bytes of one transformer layer for one micro-batch, per GPU (Korthikanti et al. 2022,
 * "Reducing Activation Recomputation in Large Transformer Models", §4, with sequence parallelism):
 *   none:      s·b·h·(34 + 5·a·s/h) / t
 *   selective: 34·s·b·h / t        (attention scores recomputed)
 *   full:      2·s·b·h / t         (only the layer input, bf16, is kept)
 */
export const activationBytesPerLayer = (
  model: ModelSpec,
  sequenceLength: number,
  microBatch: number,
  tensorParallel: number,
  recompute: Recompute,
): number => {
  const sbh = sequenceLength * microBatch * model.hidden
  const perLayer =
    recompute === "full" ? 2 * sbh : recompute === "selective" ? 34 * sbh : sbh * (34 + (5 * model.heads * sequenceLength) / model.hidden)
  return perLayer / tensorParallel
}

/**
 * Activation bytes per GPU of a training step: L layers' worth of one micro-batch (with 1F1B
 * pipelining the first stage holds pp micro-batches of L/pp layers, the same total), plus fp32
 * logits s·b·V/t.
 */
export const trainingActivationBytesPerGpu = (
  model: ModelSpec,
  sequenceLength: number,
  microBatch: number,
  tensorParallel: number,
  recompute: Recompute,
): number =>
  model.layers * activationBytesPerLayer(model, sequenceLength, microBatch, tensorParallel, recompute) +
  (4 * sequenceLength * microBatch * model.vocab) / tensorParallel

/** What a training job needs from memory besides its layout. */
export interface TrainingMemoryInput {
  readonly model: ModelSpec
  readonly gpu: GpuSpec
  readonly sequenceLength: number
  /** Sequences per micro-batch; default 1. */
  readonly microBatch?: number
  /** Default "selective". */
  readonly recompute?: Recompute
  /** Share of GPU memory usable (allocator fragmentation); default 0.9. */
  readonly memoryUtilization?: number
}

/** Per-GPU bytes a layout needs (states + activations + runtime) and the bytes a GPU offers. */
export const trainingMemoryPerGpu = (input: TrainingMemoryInput, layout: TrainingLayout): { needBytes: number; haveBytes: number } => {
  const needBytes =
    modelStateBytesPerGpu(input.model.totalParams, layout) +
    trainingActivationBytesPerGpu(input.model, input.sequenceLength, input.microBatch ?? 1, layout.tensorParallel, layout.recompute ?? input.recompute ?? "selective") +
    DEFAULT_RUNTIME_OVERHEAD_BYTES
  return { needBytes, haveBytes: input.gpu.memoryBytes * (input.memoryUtilization ?? 0.9) }
}

/**
 * The smallest power-of-two GPU count (and a layout for it) on which the job fits at the given
 * ZeRO stage: tensor parallel inside a node (≤ gpusPerNode), pipeline stages ≤ layers, the rest
 * data parallel. Unless the job fixes `recompute`, selective recomputation is tried first and full
 * recomputation only when selective does not fit that GPU count. Undefined if nothing up to
 * 65,536 GPUs fits.
 */
export const minimumTrainingGpus = (
  input: TrainingMemoryInput,
  zeroStage: ZeroStage,
): (TrainingLayout & { readonly gpus: number; readonly recompute: Recompute }) | undefined => {
  const options: ReadonlyArray<Recompute> = input.recompute !== undefined ? [input.recompute] : ["selective", "full"]
  for (let gpus = 1; gpus <= 65_536; gpus *= 2) {
    for (const recompute of options) {
      for (let t = 1; t <= Math.min(gpus, input.gpu.gpusPerNode); t *= 2) {
        for (let pp = 1; t * pp <= gpus && pp <= input.model.layers; pp *= 2) {
          const layout = { tensorParallel: t, pipelineParallel: pp, dataParallel: gpus / (t * pp), zeroStage, recompute }
          const m = trainingMemoryPerGpu(input, layout)
          if (m.needBytes <= m.haveBytes) return { gpus, ...layout }
        }
      }
    }
  }
  return undefined
}
