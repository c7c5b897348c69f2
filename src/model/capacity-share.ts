/**
 * How much of a workload's serving capacity a run used. A replica with a non-empty batch is "busy"
 * to `nvidia-smi`, but a Llama-70B replica decoding 6 sequences could decode 200 in nearly the same
 * step time: its GPUs are busy, its capacity mostly idle. Cost attribution, the idle line and
 * break-even must see the second figure, or an oversized fleet looks fully used.
 *
 * capacity share = served requests/s ÷ (mean serving replicas × one replica's capacity at the
 * run's own prompt/output mix), the capacity from the same step-time model (the analytic engine's
 * steady-state search: the largest rate a replica serves with a bounded queue).
 */
import { replicaCapacityPerSecond } from "./analytic/replica-steady-state.ts"
import type { PreparedWorkload } from "./prepare.ts"
import type { WorkloadServingResult } from "./serving/types.ts"

export interface CapacityUse {
  /** Requests/s one replica can serve at the run's mean prompt and output lengths. */
  readonly replicaCapacityPerSecond: number
  /** Served rate over the capacity of the replicas that served it, 0..1. */
  readonly capacityShare: number
  /**
   * Factor from batch-running GPU time to capacity-used GPU time: capacityShare ÷ (share of replica
   * time with a batch running), at most 1.
   */
  readonly loadFactor: number
}

export const capacityUse = (w: PreparedWorkload, r: WorkloadServingResult): CapacityUse => {
  const completed = r.counts.completed
  if (completed === 0 || r.replicaSeconds <= 0 || r.spanSeconds <= 0) return { replicaCapacityPerSecond: 0, capacityShare: 0, loadFactor: completed === 0 ? 0 : 1 }
  const meanPrompt = r.inputTokensCompleted / completed
  const meanOutput = r.outputTokensCompleted / completed
  const chunk = w.spec.engine.prefillChunk
  const perReplica = replicaCapacityPerSecond({
    timing: w.timing,
    maxBatch: w.spec.engine.maxBatch,
    prefillChunk: chunk,
    meanPromptTokens: meanPrompt,
    meanOutputTokens: meanOutput,
    meanPrefillIterations: Math.max(1, Math.ceil(meanPrompt / chunk)),
  })
  const meanReplicas = r.replicaSeconds / Math.max(r.endSeconds, r.spanSeconds)
  const served = completed / r.spanSeconds
  const capacityShare = perReplica > 0 && meanReplicas > 0 ? Math.min(1, served / (meanReplicas * perReplica)) : 1
  const busyShare = r.busySeconds / r.replicaSeconds
  return { replicaCapacityPerSecond: perReplica, capacityShare, loadFactor: busyShare > 0 ? Math.min(1, capacityShare / busyShare) : 0 }
}
