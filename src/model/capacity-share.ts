/**
 * How much of a workload's serving capacity a run used. A replica with a non-empty batch is "busy"
 * to `nvidia-smi`, but a Llama-70B replica decoding 6 sequences could decode 200 in nearly the same
 * step time: its GPUs are busy, its capacity mostly idle. Cost attribution, the idle line and
 * break-even must see the second figure, or an oversized fleet looks fully used.
 *
 * capacity share = served requests/s ÷ (mean serving replicas × one replica's capacity at the
 * run's own prompt/output mix), the capacity from the same step-time model (the analytic engine's
 * steady-state search: the largest rate a replica serves with a bounded queue). A workload spanning
 * GPU types (reserved H200 baseline + on-demand H100 burst) has one capacity per kind: the replicas'
 * capacity is then Σ over replicas of life × its kind's capacity, i.e. the replica-seconds-weighted
 * mean capacity × mean serving replicas (`replicaCapacityPerSecond` reports that mean).
 */
import { replicaCapacityPerSecond } from "./analytic/replica-steady-state.ts"
import type { PreparedWorkload } from "./prepare.ts"
import type { ReplicaSummary, WorkloadServingResult } from "./serving/types.ts"
import type { ReplicaTiming } from "../perf/replica-timing.ts"

export interface CapacityUse {
  /**
   * Requests/s one replica can serve at the run's mean prompt and output lengths (spanning GPU types:
   * the mean over the kinds weighted by the replicas' replica-seconds).
   */
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
  const capacityOf = (timing: ReplicaTiming): number =>
    replicaCapacityPerSecond({
      timing,
      maxBatch: w.spec.engine.maxBatch,
      prefillChunk: chunk,
      meanPromptTokens: meanPrompt,
      meanOutputTokens: meanOutput,
      meanPrefillIterations: Math.max(1, Math.ceil(meanPrompt / chunk)),
    })
  const perReplica = (w.kinds?.length ?? 1) > 1 && r.replicas !== undefined ? mixedReplicaCapacity(r, w.kinds.map((k) => capacityOf(k.timing))) : capacityOf(w.timing)
  const meanReplicas = r.replicaSeconds / Math.max(r.endSeconds, r.spanSeconds)
  const served = completed / r.spanSeconds
  const capacityShare = perReplica > 0 && meanReplicas > 0 ? Math.min(1, served / (meanReplicas * perReplica)) : 1
  const busyShare = r.busySeconds / r.replicaSeconds
  return { replicaCapacityPerSecond: perReplica, capacityShare, loadFactor: busyShare > 0 ? Math.min(1, capacityShare / busyShare) : 0 }
}

/**
 * A workload spanning GPU types: one replica's capacity is the mean of its kinds' capacities
 * (`capacities[kind]`) weighted by the replicas' lives (added → removed, or the end of the run), so
 * that mean × replica-seconds is Σ over replicas of life × its kind's capacity.
 */
const mixedReplicaCapacity = (r: WorkloadServingResult, capacities: ReadonlyArray<number>): number => {
  let life = 0
  let weighted = 0
  for (const x of r.replicas) {
    const l = replicaLifeSeconds(x, r.endSeconds)
    life += l
    weighted += l * (capacities[x.kind] ?? capacities[0] ?? 0)
  }
  // No replica lived (nothing served): the first pool's kind, as for one GPU type.
  return life > 0 ? weighted / life : (capacities[0] ?? 0)
}

/** Seconds a replica served: added → removed, or → `endSeconds` when it served to the end. */
export const replicaLifeSeconds = (x: ReplicaSummary, endSeconds: number): number =>
  Math.max(0, (Number.isNaN(x.removedSeconds) ? endSeconds : x.removedSeconds) - x.addedSeconds)
