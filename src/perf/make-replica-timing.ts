/**
 * `makeReplicaTiming`: the step-time model of one replica packaged as the `ReplicaTiming` contract
 * the serving engines (discrete-event and analytic) consume.
 */
import type { ReplicaTiming } from "./replica-timing.ts"
import { planMemory, type MemoryPlan, type ReplicaConfig, type WeightsDoNotFit } from "./memory.ts"
import {
  decodeComputeSeconds as decodeCompute,
  iterationOverheadSeconds,
  kvReadSeconds,
  makeStepModel,
  weightStreamSeconds,
} from "./step-time.ts"
import { prefillAttentionFlops } from "./params.ts"

/**
 * Options of `makeReplicaTiming`: one replica of a model on `tensorParallel × pipelineParallel`
 * GPUs with engine limits (maxBatch, prefillChunk) and memoryUtilization (vLLM's
 * gpu_memory_utilization). Same shape as memory.ts's ReplicaConfig.
 */
export type ReplicaTimingOptions = ReplicaConfig

/**
 * KV-cache capacity (tokens, whole replica) of a replica, or why its weights do not fit.
 *
 * @example replicaKvCapacityTokens({ gpu: GPUS["H100-SXM"], model: MODELS["llama-3.1-8b"], weights: "bf16", … })
 */
export const replicaKvCapacityTokens = (opts: ReplicaTimingOptions): number | WeightsDoNotFit => {
  const plan = planMemory(opts)
  return plan._tag === "MemoryPlan" ? plan.kvCapacityTokens : plan
}

/**
 * The step-time model of a replica as the serving engines consume it, or a `WeightsDoNotFit`
 * error value. A mixed iteration (prefill chunk of N tokens + decode of B sequences with total
 * context C) is the roofline of the combined work plus the overheads of all its tokens:
 *
 *   max((2·P_a·N + attn(N))/(t·F·η_prefill) + 2·P_a·B/(t·F·η_decode),
 *       weights(max(N+B, maxBatch)) + C·KV_tok) / (t·BW·η_mem))
 *   + all-reduce(N+B tokens) + pipeline sends + τ_step + L·τ_layer + (B + [N>0])·τ_req
 *
 * so iterationSeconds(0, B, C) is exactly the decomposed decode step of the interface, and
 * iterationSeconds(N, 0, 0) is prefillSeconds(N) plus the overheads of N tokens and one sequence.
 * A prefill chunk is costed as if it started at context 0 (the interface does not pass the
 * chunk's prior context), which understates attention for the later chunks of long prompts.
 */
export const makeReplicaTiming = (opts: ReplicaTimingOptions): ReplicaTiming | WeightsDoNotFit => {
  const plan: MemoryPlan | WeightsDoNotFit = planMemory(opts)
  if (plan._tag === "WeightsDoNotFit") return plan
  const s = makeStepModel(opts)
  const model = opts.model
  const decodeMemoryBaseSeconds = weightStreamSeconds(s, 0) // weights touched by a full batch
  const decodeMemorySecondsPerToken = kvReadSeconds(s, 1)
  const decodeComputeSeconds = (batch: number): number => decodeCompute(s, batch)
  const decodeOverheadSeconds = (batch: number): number => iterationOverheadSeconds(s, batch, batch)
  return {
    kvCapacityTokens: plan.kvCapacityTokens,
    decodeMemoryBaseSeconds,
    decodeMemorySecondsPerToken,
    decodeComputeSeconds,
    decodeOverheadSeconds,
    iterationSeconds(prefillTokens: number, decodeSeqs: number, decodeContextTokens: number): number {
      if (prefillTokens <= 0) {
        return (
          Math.max(decodeComputeSeconds(decodeSeqs), decodeMemoryBaseSeconds + decodeContextTokens * decodeMemorySecondsPerToken) +
          decodeOverheadSeconds(decodeSeqs)
        )
      }
      const tokens = prefillTokens + decodeSeqs
      const computeSeconds =
        (s.flopsPerToken * prefillTokens + prefillAttentionFlops(model, prefillTokens)) * s.prefillSecondsPerFlop +
        decodeComputeSeconds(decodeSeqs)
      const memorySeconds = weightStreamSeconds(s, tokens) + decodeContextTokens * decodeMemorySecondsPerToken
      return Math.max(computeSeconds, memorySeconds) + iterationOverheadSeconds(s, decodeSeqs + 1, tokens)
    },
  }
}
