/**
 * Step time of a serving replica: a roofline (the slower of compute and memory traffic) with
 * calibrated efficiencies, plus what no roofline sees — tensor-parallel all-reduces and fixed
 * per-step, per-layer and per-sequence overheads.
 *
 *   prefill(N)   = max((2·P_active·N + attention)/(t·F·η_prefill), b_w·P/(t·BW·η_mem))
 *   decode(B, C) = max(2·P_active·B/(t·F·η_decode), (b_w·P + C·KV_tok)/(t·BW·η_mem))
 *                  + TP all-reduce + L·τ_layer + τ_step + B·τ_req
 *   all-reduce   = 2 per layer, ring: 2·(t−1)/t · tokens·d·b_a/(link·η_ic) + latency
 *
 * Pipeline stages run one after another within an iteration (no overlap of iterations across
 * stages), so pp divides memory per GPU but not the iteration time; each stage boundary adds a
 * point-to-point send of the activations.
 *
 * MoE: compute uses active parameters; memory streams the weights actually touched. With E routed
 * experts, k per token and T tokens routed independently and uniformly, the expected number of
 * distinct experts a layer touches is E·(1 − (1 − k/E)^T). The weight traffic is evaluated at
 * T = max(tokens in the iteration, maxBatch): a decode step's weight traffic must not depend on
 * its batch for the engine's closed-form sum of steps (ReplicaTiming), and at a full batch every
 * expert is touched in practice (DeepSeek-V3 at 256 tokens: 255.9 of 256). This overstates weight
 * traffic of MoE models at small batches.
 */
import type { GpuSpec, ModelSpec, Precision } from "../domain/catalog/types.ts"
import { bytesPerElement, kvBytesPerTokenPerGpu } from "./kv-cache.ts"
import { ACTIVATION_BYTES_PER_ELEMENT, type ReplicaConfig } from "./memory.ts"
import { ffnParams, prefillAttentionFlops } from "./params.ts"

/**
 * Precision the tensor cores run at for weights of a precision. fp8/int8/fp4 weights use their
 * own tensor throughput when the GPU has it; weight-only formats (int4) and parts without the
 * format dequantize and compute in bf16.
 */
export const computePrecision = (gpu: GpuSpec, weights: Precision): Precision => {
  if (weights === "fp4") return gpu.flops.fp4 !== undefined ? "fp4" : gpu.flops.fp8 !== undefined ? "fp8" : "bf16"
  if ((weights === "fp8" || weights === "int8" || weights === "fp16") && gpu.flops[weights] !== undefined) return weights
  return "bf16"
}

/** Peak dense FLOP/s of a GPU for weights of a precision (see computePrecision). */
export const peakFlops = (gpu: GpuSpec, weights: Precision): number => {
  const f = gpu.flops[computePrecision(gpu, weights)] ?? gpu.flops.bf16
  if (f === undefined) throw new Error(`GPU ${gpu.name} has no bf16 throughput in its catalog entry`)
  return f
}

/** Expected distinct experts touched per layer by `tokens` tokens each routed to k of E experts: E·(1−(1−k/E)^T). */
export const expectedExpertsTouched = (experts: number, activeExperts: number, tokens: number): number =>
  tokens <= 0 ? 0 : experts * (1 - Math.pow(1 - activeExperts / experts, tokens))

/**
 * Weight bytes a forward pass of `tokens` tokens reads: all of a dense model; for MoE everything
 * except the routed experts, plus the expected touched experts of each MoE layer.
 */
export const weightBytesTouched = (model: ModelSpec, weights: Precision, tokens: number): number => {
  const b = bytesPerElement(weights)
  if (model.experts === undefined) return b * model.totalParams
  const moeLayers = model.layers - (model.denseLayers ?? 0)
  const expert = ffnParams(model, model.ffn)
  const routed = moeLayers * model.experts * expert
  const touched = moeLayers * expectedExpertsTouched(model.experts, model.activeExperts ?? model.experts, tokens) * expert
  return b * (model.totalParams - routed + Math.min(routed, touched))
}

/** Constants of a replica's step-time model, precomputed once (the simulation's hot loop reads them). */
export interface StepModel {
  readonly config: ReplicaConfig
  /** Tensor FLOP/s of one GPU at the compute precision. */
  readonly flopsPerGpu: number
  /** Seconds per prefill FLOP (the whole replica): 1/(t·F·η_prefill). */
  readonly prefillSecondsPerFlop: number
  /** Seconds per decode FLOP: 1/(t·F·η_decode). */
  readonly decodeSecondsPerFlop: number
  /** 2·P_active: forward FLOPs per token of the weight matmuls. */
  readonly flopsPerToken: number
  /** Seconds to stream one byte per GPU of one stage, times pp stages: pp/(BW·η_mem). */
  readonly secondsPerBytePerGpu: number
  /** KV bytes per token on one GPU (ceil(H_kv/t) heads, ceil(L/pp) layers). */
  readonly kvBytesPerTokenPerGpu: number
  /** Bytes of one all-reduce per token: d·b_a. */
  readonly allReduceBytesPerToken: number
  /** Link bandwidth used by the tensor-parallel group, bytes/s, after η_ic. */
  readonly tpLinkBytesPerSecond: number
  /** Link bandwidth between pipeline stages, bytes/s, after η_ic. */
  readonly ppLinkBytesPerSecond: number
}

/** Build the step-time constants of a replica. */
export const makeStepModel = (c: ReplicaConfig): StepModel => {
  const { gpu, model } = c
  const t = c.tensorParallel
  const pp = c.pipelineParallel
  const flopsPerGpu = peakFlops(gpu, c.weights)
  const eff = gpu.efficiency
  const link = (gpus: number) => (gpus <= gpu.gpusPerNode ? gpu.intraNodeBytesPerSecond : gpu.interNodeBytesPerSecond)
  return {
    config: c,
    flopsPerGpu,
    prefillSecondsPerFlop: 1 / (t * flopsPerGpu * eff.prefillCompute),
    decodeSecondsPerFlop: 1 / (t * flopsPerGpu * eff.decodeCompute),
    flopsPerToken: 2 * model.activeParams,
    secondsPerBytePerGpu: pp / (gpu.memoryBandwidthBytesPerSecond * eff.memory),
    kvBytesPerTokenPerGpu: kvBytesPerTokenPerGpu(model, c.kvCache, t, pp),
    allReduceBytesPerToken: model.hidden * ACTIVATION_BYTES_PER_ELEMENT,
    tpLinkBytesPerSecond: link(t) * eff.interconnect,
    ppLinkBytesPerSecond: link(t * pp) * eff.interconnect,
  }
}

/** Memory time of streaming the weights touched by `tokens` tokens (per GPU, all stages). */
export const weightStreamSeconds = (s: StepModel, tokens: number): number => {
  const c = s.config
  const touchedTokens = Math.max(tokens, c.maxBatch)
  const perGpu = weightBytesTouched(c.model, c.weights, touchedTokens) / (c.tensorParallel * c.pipelineParallel)
  return perGpu * s.secondsPerBytePerGpu
}

/** Memory time of reading `contextTokens` tokens of KV cache. */
export const kvReadSeconds = (s: StepModel, contextTokens: number): number =>
  contextTokens * s.kvBytesPerTokenPerGpu * s.secondsPerBytePerGpu

/**
 * Roofline time of prefilling `tokens` prompt tokens from an empty context (no overheads):
 * max((2·P_active·N + causal attention)/(t·F·η_prefill), weights/(t·BW·η_mem)).
 */
export const prefillSeconds = (s: StepModel, tokens: number): number => {
  const flops = s.flopsPerToken * tokens + prefillAttentionFlops(s.config.model, tokens)
  return Math.max(flops * s.prefillSecondsPerFlop, weightStreamSeconds(s, tokens))
}

/** Compute time of a decode step of `batch` sequences: 2·P_active·B/(t·F·η_decode). */
export const decodeComputeSeconds = (s: StepModel, batch: number): number =>
  s.flopsPerToken * batch * s.decodeSecondsPerFlop

/**
 * Tensor-parallel all-reduces of one iteration over `tokens` tokens: two per layer (after
 * attention and after the FFN), ring algorithm 2·(t−1)/t · tokens·d·b_a / link, plus the
 * per-collective latency. Zero without tensor parallelism.
 */
export const allReduceSeconds = (s: StepModel, tokens: number): number => {
  const c = s.config
  const t = c.tensorParallel
  if (t <= 1) return 0
  const ring = ((2 * (t - 1)) / t) * tokens * s.allReduceBytesPerToken / s.tpLinkBytesPerSecond
  return 2 * c.model.layers * (ring + c.gpu.overheads.allReduceLatencySeconds)
}

/** Activation sends between pipeline stages of one iteration over `tokens` tokens. */
export const pipelineSendSeconds = (s: StepModel, tokens: number): number => {
  const c = s.config
  const hops = c.pipelineParallel - 1
  if (hops <= 0) return 0
  return hops * (tokens * s.allReduceBytesPerToken / s.ppLinkBytesPerSecond + c.gpu.overheads.allReduceLatencySeconds)
}

/**
 * Everything an iteration pays besides the roofline: communication for `tokens` tokens plus
 * τ_step + L·τ_layer + sequences·τ_req.
 */
export const iterationOverheadSeconds = (s: StepModel, sequences: number, tokens: number): number => {
  const o = s.config.gpu.overheads
  return (
    allReduceSeconds(s, tokens) +
    pipelineSendSeconds(s, tokens) +
    o.stepSeconds +
    s.config.model.layers * o.layerSeconds +
    sequences * o.requestSeconds
  )
}
