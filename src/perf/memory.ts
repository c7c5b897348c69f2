/**
 * Per-GPU memory budget of an inference replica and how many KV-cache tokens it holds.
 *
 * Each GPU of a replica with t tensor-parallel ranks and pp pipeline stages gets
 *   `M·u − b_w·P_total/(t·pp) − activations − runtime overhead`
 * for its KV cache (u = memoryUtilization, the share of memory the engine may use, as vLLM's
 * `gpu_memory_utilization`). A replica whose weights leave nothing for the cache is rejected with
 * a `WeightsDoNotFit` value whose message says what would fit.
 */
import type { GpuSpec, ModelSpec, Precision } from "../domain/catalog/types.ts"
import { bytesPerElement, kvBytesPerTokenPerGpu } from "./kv-cache.ts"

/**
 * Memory the runtime keeps outside weights, activations and KV cache, per GPU: CUDA context
 * (~0.5 GiB), cuBLAS/NCCL workspaces and captured CUDA graphs. vLLM reports 1–3 GiB of such
 * "non-torch" memory on H100; we default to 2 GiB (engineering assumption).
 */
export const DEFAULT_RUNTIME_OVERHEAD_BYTES = 2 * 2 ** 30

/** Activations are kept in 16-bit (bf16) by every serving engine we model. */
export const ACTIVATION_BYTES_PER_ELEMENT = 2

/** Logits are materialized in fp32 for sampling. */
const LOGIT_BYTES = 4

/** What a replica is: hardware, model, precisions, parallelism and engine limits. */
export interface ReplicaConfig {
  readonly gpu: GpuSpec
  readonly model: ModelSpec
  readonly weights: Precision
  readonly kvCache: Precision
  readonly tensorParallel: number
  readonly pipelineParallel: number
  /** Share of each GPU's memory the engine may use (0..1], default 0.9 in scenarios. */
  readonly memoryUtilization: number
  /** Max sequences decoded in one iteration. */
  readonly maxBatch: number
  /** Max prompt tokens prefilled in one iteration (chunked prefill). */
  readonly prefillChunk: number
  /** Runtime overhead per GPU, bytes; default DEFAULT_RUNTIME_OVERHEAD_BYTES. */
  readonly runtimeOverheadBytes?: number
}

/** Per-GPU memory breakdown of a replica that fits. All bytes are per GPU. */
export interface MemoryPlan {
  readonly _tag: "MemoryPlan"
  readonly usableBytes: number
  readonly weightBytes: number
  readonly activationBytes: number
  readonly runtimeOverheadBytes: number
  readonly kvBudgetBytes: number
  readonly kvBytesPerToken: number
  /** Tokens of KV cache the whole replica holds (every GPU holds its share of each token). */
  readonly kvCapacityTokens: number
}

/** A replica whose weights (plus activations and runtime) do not fit its GPUs. */
export interface WeightsDoNotFit {
  readonly _tag: "WeightsDoNotFit"
  /** Weight bytes of the whole model at the chosen precision. */
  readonly needBytes: number
  /** Bytes all GPUs of the replica have for weights after runtime overhead and activations. */
  readonly haveBytes: number
  /** Smallest power-of-two GPU count that would hold the weights at this precision. */
  readonly minGpus: number
  readonly message: string
}

/**
 * Peak activation memory per GPU of one iteration: tokensPerStep = prefillChunk + maxBatch tokens,
 * each holding the residual stream and the normed input (2·d) plus the FFN up/gate outputs
 * (2·f_eff/t, f_eff the widest FFN a token passes through: dense, or k routed + shared experts),
 * in bf16; plus fp32 logits of maxBatch sampled positions over the vocab-parallel LM head (V/t).
 * vLLM measures this by a profiling forward pass of the same token budget.
 */
export const activationBytesPerGpu = (
  model: ModelSpec,
  tensorParallel: number,
  maxBatch: number,
  prefillChunk: number,
): number => {
  const moeWidth = model.experts === undefined ? 0 : model.ffn * ((model.activeExperts ?? 1) + (model.sharedExperts ?? 0))
  const ffnWidth = Math.max(model.experts === undefined ? model.ffn : 0, model.denseFfn ?? 0, moeWidth)
  const tokensPerStep = prefillChunk + maxBatch
  const perToken = (2 * model.hidden + (2 * ffnWidth) / tensorParallel) * ACTIVATION_BYTES_PER_ELEMENT
  return tokensPerStep * perToken + (maxBatch * model.vocab * LOGIT_BYTES) / tensorParallel
}

/** Weight bytes of the whole model at a precision: b_w · P_total. */
export const weightBytes = (model: ModelSpec, weights: Precision): number => bytesPerElement(weights) * model.totalParams

const GB = 1e9
const fmtGb = (bytes: number): string => `${Math.floor(bytes / GB)} GB`

/** Bytes left for the KV cache on each GPU of a replica of `gpus` GPUs (may be negative). */
const kvBudgetPerGpu = (c: ReplicaConfig, gpus: number, tensorParallel: number, weights: Precision): number =>
  c.gpu.memoryBytes * c.memoryUtilization -
  weightBytes(c.model, weights) / gpus -
  activationBytesPerGpu(c.model, tensorParallel, c.maxBatch, c.prefillChunk) -
  (c.runtimeOverheadBytes ?? DEFAULT_RUNTIME_OVERHEAD_BYTES)

/**
 * The per-GPU memory plan of a replica, or why it does not fit.
 *
 * @example
 * planMemory({ gpu: GPUS["H100-SXM"], model: MODELS["llama-3.1-405b"], weights: "bf16", kvCache: "bf16",
 *   tensorParallel: 2, pipelineParallel: 1, memoryUtilization: 0.9, maxBatch: 256, prefillChunk: 2048 })
 * // { _tag: "WeightsDoNotFit", message: "llama-3.1-405b in bf16 needs 811 GB of weights; 2 × H100-SXM hold … — use …" }
 */
export const planMemory = (c: ReplicaConfig): MemoryPlan | WeightsDoNotFit => {
  const t = c.tensorParallel
  const gpus = t * c.pipelineParallel
  const usableBytes = c.gpu.memoryBytes * c.memoryUtilization
  const activationBytes = activationBytesPerGpu(c.model, t, c.maxBatch, c.prefillChunk)
  const runtimeOverheadBytes = c.runtimeOverheadBytes ?? DEFAULT_RUNTIME_OVERHEAD_BYTES
  const weightsPerGpu = weightBytes(c.model, c.weights) / gpus
  const kvBudgetBytes = usableBytes - weightsPerGpu - activationBytes - runtimeOverheadBytes
  const kvPerToken = kvBytesPerTokenPerGpu(c.model, c.kvCache, t, c.pipelineParallel)
  const kvCapacityTokens = kvBudgetBytes > 0 ? Math.floor(kvBudgetBytes / kvPerToken) : 0
  if (kvCapacityTokens >= 1) {
    return {
      _tag: "MemoryPlan",
      usableBytes,
      weightBytes: weightsPerGpu,
      activationBytes,
      runtimeOverheadBytes,
      kvBudgetBytes,
      kvBytesPerToken: kvPerToken,
      kvCapacityTokens,
    }
  }
  return weightsDoNotFit(c, gpus, usableBytes - activationBytes - runtimeOverheadBytes)
}

const weightsDoNotFit = (c: ReplicaConfig, gpus: number, havePerGpu: number): WeightsDoNotFit => {
  const needBytes = weightBytes(c.model, c.weights)
  const haveBytes = Math.max(0, havePerGpu) * gpus
  // Smallest power-of-two replica (TP inside a node first, then pipeline stages) that leaves room.
  let minGpus = gpus
  for (let n = 1; n <= 1024; n *= 2) {
    if (n <= gpus) continue
    const tp = Math.min(n, c.gpu.gpusPerNode)
    if (kvBudgetPerGpu(c, n, tp, c.weights) > 0) {
      minGpus = n
      break
    }
  }
  const smaller = (["fp8", "int4"] as const).find(
    (p) => bytesPerElement(p) < bytesPerElement(c.weights) && kvBudgetPerGpu(c, gpus, c.tensorParallel, p) > 0,
  )
  const fixes = [
    minGpus > gpus ? `use tensorParallel × pipelineParallel ≥ ${minGpus}` : undefined,
    smaller !== undefined ? `${smaller} weights` : undefined,
  ].filter((s) => s !== undefined)
  const advice = fixes.length > 0 ? ` — ${fixes.join(" or ")}` : " — use a GPU with more memory"
  const pct = Math.round(c.memoryUtilization * 100)
  const message =
    `${c.model.name} in ${c.weights} needs ${fmtGb(needBytes)} of weights; ` +
    `${gpus} × ${c.gpu.name} hold ${fmtGb(haveBytes)} for weights at ${pct}% memory utilization ` +
    `(after runtime overhead and activations, with nothing left for the KV cache)${advice}`
  return { _tag: "WeightsDoNotFit", needBytes, haveBytes, minGpus, message }
}
