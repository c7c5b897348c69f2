/**
 * What the fleet did in one replication: per pool GPU-seconds by node state (what is paid for),
 * occupancy, busy time, node counts and interruptions; per workload replicas lost; per training
 * job its simulated run. Plain numbers, for the report and the cost ledger.
 */
import type { ServingResult } from "../serving/types.ts"
import type { PoolStateSeconds } from "./pool-ledger.ts"

/** Provisioned GPU-seconds in the shape of the cost ledger's usage record. */
export interface ProvisionedGpuSecondsByState {
  /** Up with the model loaded: serving, training or idle. */
  readonly serving: number
  /** Requested until booted, and failed nodes under repair (being brought back). */
  readonly booting: number
  readonly loading: number
  readonly draining: number
}

export interface FleetPoolResult {
  readonly name: string
  readonly gpusPerNode: number
  readonly provisionedGpuSeconds: ProvisionedGpuSecondsByState
  /** The finer split, repair and the uses of up time included. */
  readonly stateGpuSeconds: PoolStateSeconds
  /** Seconds at each provisioned GPU count; Σ gpus·seconds = total provisioned GPU-seconds. */
  readonly occupancy: ReadonlyArray<{ readonly gpus: number; readonly seconds: number }>
  /** Inference replicas with a non-empty batch plus training compute, in GPU-seconds. */
  readonly busyGpuSeconds: number
  readonly trainingBusyGpuSeconds: number
  /** Time-mean of provisioned nodes over the span. */
  readonly meanNodes: number
  readonly maxNodes: number
  readonly nodesRequested: number
  readonly failures: number
  /** Spot reclaims. */
  readonly interruptions: number
  /** Sampled at the timeline's steps. */
  readonly timelineNodes: ReadonlyArray<number>
  readonly timelineServingNodes: ReadonlyArray<number>
}

export interface FleetWorkloadResult {
  readonly name: string
  /** Busy GPU-seconds of the workload's replicas per pool name. */
  readonly busyGpuSecondsByPool: Readonly<Record<string, number>>
  /** Replicas that vanished with a failed or reclaimed node (their requests were re-queued). */
  readonly replicasLost: number
  /** Replicas taken down by scale-down decisions (their requests were re-queued too). */
  readonly replicasScaledDown: number
}

export interface FleetTrainingResult {
  readonly name: string
  readonly completed: boolean
  /** From the job's start time to its completion (or to the horizon when unfinished). */
  readonly wallClockSeconds: number
  /** Completion time from the scenario start; projected at full speed when unfinished. */
  readonly finishSeconds: number
  /** GPU-hours held by the gang (job GPUs × time holding them). */
  readonly gpuHours: number
  readonly flops: number
  /** FLOPs done (kept) / (GPU-seconds held × peak). */
  readonly achievedMfu: number
  /** Compute time kept / time holding the gang. */
  readonly ettr: number
  readonly failures: number
  readonly preemptions: number
  readonly lostComputeSeconds: number
  readonly waitingSeconds: number
  readonly deadlineMet: boolean | null
  readonly pool: string | null
}

export interface FleetResult {
  readonly endSeconds: number
  readonly pools: ReadonlyArray<FleetPoolResult>
  readonly workloads: ReadonlyArray<FleetWorkloadResult>
  readonly training: ReadonlyArray<FleetTrainingResult>
  readonly autoscalerEvaluations: number
}

/** A replication's result: the serving engine's, with what the fleet did. */
export interface SimulationResult extends ServingResult {
  readonly fleet?: FleetResult
}
