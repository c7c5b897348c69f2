/**
 * Inputs and results of the discrete-event serving simulation (continuous batching, chunked
 * prefill, paged KV cache with recompute preemption, routing across replicas).
 */
import type { LogHistogram } from "../../sim/histogram.ts"
import type { ReplicaTiming } from "../../perf/replica-timing.ts"
import type { RequestSource } from "../demand/source.ts"

/** How a workload's router picks a replica for an arriving request. */
export type RouterKind = "least-outstanding" | "round-robin"

/** Latency promises; a request meets the SLO when it meets every bound given. */
export interface ServingSlo {
  readonly ttftSeconds?: number
  readonly tpotSeconds?: number
  readonly e2eSeconds?: number
}

/** One inference workload: a model served by identical replicas behind one router. */
export interface ServingWorkloadInput {
  readonly name: string
  /** Iteration timing of one replica (from perf/ `makeReplicaTiming`): replica kind 0. */
  readonly timing: ReplicaTiming
  /**
   * Timings of further replica kinds (a workload spanning GPU types): kind k ≥ 1 is `moreTimings[k − 1]`.
   * `addReplica(workload, t, kind)` chooses; initial replicas are kind 0.
   */
  readonly moreTimings?: ReadonlyArray<ReplicaTiming>
  /** Replicas serving from time 0 (more can be added mid-run). */
  readonly replicas: number
  /** Most sequences in one batch (vLLM `max_num_seqs`). */
  readonly maxBatch: number
  /** Prompt tokens processed per iteration, shared by the prefilling sequences (Sarathi chunk). */
  readonly prefillChunk: number
  /** Tokens per KV-cache block (vLLM default 16). */
  readonly blockTokens?: number
  /** Default "least-outstanding". */
  readonly router?: RouterKind
  readonly source: RequestSource
  /** Run in-flight requests to completion after the horizon (offline batch jobs). Default false. */
  readonly drain?: boolean
  readonly slo?: ServingSlo
}

/** Called once per completed request, e.g. to compare engines request by request. */
export type RequestObserver = (
  workload: number,
  requestId: number,
  arrivalSeconds: number,
  ttftSeconds: number,
  e2eSeconds: number,
) => void

export interface ServingInput {
  readonly horizonSeconds: number
  readonly workloads: ReadonlyArray<ServingWorkloadInput>
  /** Timeline sampling period. Default 60 s. */
  readonly timelineStepSeconds?: number
  /** Optional per-request hook (request ids count arrivals of a workload from 0). */
  readonly onRequestComplete?: RequestObserver
}

/** Request counts of one workload. */
export interface ServingCounts {
  readonly arrived: number
  readonly completed: number
  /** Requests whose prompt and output can never fit in one replica's KV cache. */
  readonly rejected: number
  /** Recompute preemptions (a request preempted twice counts twice). */
  readonly preempted: number
  /** Requests moved off a removed replica (running or waiting) back to the workload's queues. */
  readonly requeued: number
  /** Arrived, not rejected, not completed when the run stopped. */
  readonly inFlightAtEnd: number
}

/** Latency distributions (seconds) of completed requests. */
export interface ServingLatency {
  /** Arrival → end of the iteration that completes the prompt's prefill (first token). */
  readonly ttft: LogHistogram
  /** (e2e − ttft) / (outputTokens − 1), for requests with more than one output token. */
  readonly tpot: LogHistogram
  /** Arrival → last token. */
  readonly e2e: LogHistogram
  /** Arrival → first admitted into a batch. */
  readonly queue: LogHistogram
}

/** One replica over its life. */
export interface ReplicaSummary {
  readonly id: number
  /** Which of the workload's replica kinds (timings, one per GPU type) it is; 0 when it has one. */
  readonly kind: number
  readonly addedSeconds: number
  /** When it was removed, or NaN if it served until the end. */
  readonly removedSeconds: number
  /** Time with a non-empty batch. */
  readonly busySeconds: number
  /** Time-weighted mean share of KV blocks in use over its life. */
  readonly kvUtilizationMean: number
}

/** Sampled series, one entry per `stepSeconds` (the value at, or the count up to, `timeSeconds`). */
export interface ServingTimeline {
  readonly stepSeconds: number
  readonly timeSeconds: number[]
  readonly arrivals: number[]
  readonly completions: number[]
  readonly queueLength: number[]
  readonly running: number[]
  readonly replicas: number[]
  readonly kvUtilization: number[]
}

export interface WorkloadServingResult {
  readonly name: string
  readonly counts: ServingCounts
  readonly latency: ServingLatency
  readonly inputTokensCompleted: number
  readonly outputTokensCompleted: number
  /** First arrival (NaN if none). */
  readonly firstArrivalSeconds: number
  /** Last completion (NaN if none). */
  readonly lastCompletionSeconds: number
  /**
   * Throughput span: first arrival to the last completion or the horizon, whichever comes first
   * (when draining, to the last completion).
   */
  readonly spanSeconds: number
  /** Requests meeting every SLO bound given (all completed requests when no SLO is given). */
  readonly sloMet: number
  /** Time integral of the number of serving replicas (replica-seconds). */
  readonly replicaSeconds: number
  readonly maxReplicas: number
  /** Sum of the replicas' busy time. */
  readonly busySeconds: number
  /** Time-weighted mean KV utilization over all replica lifetimes. */
  readonly kvUtilizationMean: number
  readonly replicas: ReadonlyArray<ReplicaSummary>
  readonly timeline: ServingTimeline
  /** When this workload's simulation stopped (the horizon, or later when draining). */
  readonly endSeconds: number
}

export interface ServingResult {
  readonly horizonSeconds: number
  readonly workloads: ReadonlyArray<WorkloadServingResult>
}
