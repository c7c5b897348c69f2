/**
 * The JSON report, `schemaVersion: 1` — the contract of SCENARIO.md ("The report"). Times in
 * seconds, money in the scenario's currency, fractions 0..1. Fields beyond the contract's table are
 * additions; nothing in the table is renamed.
 */
import type { Assumption } from "../model/assumptions.ts"
import type { PriceUsed } from "../cost/prices-used.ts"
import type { ServingCounts } from "../model/serving/types.ts"

export interface Percentiles {
  readonly mean: number
  readonly p50: number
  readonly p90: number
  readonly p99: number
}

export interface SloTargetResult {
  readonly metric: "ttft" | "tpot" | "e2e"
  /** `p99`, `mean`, … as written in the scenario. */
  readonly percentile: string
  readonly targetSeconds: number
  readonly actualSeconds: number
  readonly met: boolean
}

export interface InferenceReport {
  readonly name: string
  readonly model: string
  readonly gpu: string
  readonly weights: string
  readonly kvCache: string
  readonly tensorParallel: number
  readonly pipelineParallel: number
  readonly gpusPerReplica: number
  /** Tokens of KV cache one replica holds (on the first pool's GPU when the workload spans GPU types). */
  readonly kvCapacityTokens: number
  /** Only when the workload's pools have different GPU types: each type's replicas, first pool's first. */
  readonly replicaKinds?: ReadonlyArray<{ readonly gpu: string; readonly kvCapacityTokens: number; readonly replicaHours: number }>
  /** The serving engine's counts, as they are. */
  readonly requests: ServingCounts
  /** Over the measured span (first arrival → last completion or the horizon, whichever first). */
  readonly throughput: {
    readonly spanSeconds: number
    readonly requestsPerSecond: number
    readonly outputTokensPerSecond: number
    readonly inputTokensPerSecond: number
  }
  readonly latency: {
    readonly ttft: Percentiles
    readonly tpot: Percentiles
    readonly e2e: Percentiles
    readonly queue: Percentiles
  }
  readonly slo: {
    /** Share of finished requests (completed or rejected) that met every per-request SLO bound. */
    readonly attainment: number
    /** Requests per second that completed within every SLO bound. */
    readonly goodputRequestsPerSecond: number
    readonly targets: ReadonlyArray<SloTargetResult>
    /** Every percentile target met. */
    readonly met: boolean
  }
  readonly replicas: {
    readonly mean: number
    readonly max: number
    /** Replicas that vanished with a failed or reclaimed node (requests re-queued, none lost). */
    readonly lostToFailures?: number
    /** Replicas removed by scale-down (requests re-queued). */
    readonly scaledDown?: number
  }
  readonly utilization: {
    /** Share of replica time with a non-empty batch. */
    readonly busy: number
    /** Time-weighted share of KV-cache blocks in use. */
    readonly kvCache: number
    /** Mean sequences in a replica's batch (Little's law over the span), to compare with maxBatch. */
    readonly meanBatch: number
    /** Share of the serving replicas' capacity in use: served rate ÷ (mean replicas × one replica's capacity). */
    readonly capacity: number
    /** Requests/s one replica serves at most at this run's prompt/output mix (the step-time model's steady state). */
    readonly replicaCapacityRequestsPerSecond: number
  }
  /** Tokens served (completed requests). */
  readonly tokens: { readonly input: number; readonly output: number }
}

export interface PoolReport {
  readonly name: string
  readonly gpu: string
  readonly pricing: string
  readonly gpusPerNode: number
  /** `mean`: time-mean of provisioned nodes; `maxObserved`: most provisioned at once (simulated fleet). */
  readonly nodes: { readonly initial: number; readonly min: number; readonly max: number; readonly mean: number; readonly maxObserved?: number }
  /** Provisioned GPU-hours by node state, failures and spot interruptions (simulated fleet). */
  readonly fleet?: Omit<PoolFleetReport, "meanNodes" | "maxNodes" | "gpuHoursProvisioned" | "gpuHoursBusy" | "utilization">
  readonly gpuHoursProvisioned: number
  /** GPU-hours of capacity used: workloads at their capacity share, training jobs' compute. */
  readonly gpuHoursBusy: number
  /** GPU-hours with a batch running (what nvidia-smi calls busy); drives energy. */
  readonly gpuHoursActive: number
  /** gpuHoursBusy / gpuHoursProvisioned */
  readonly utilization: number
  /** Energy drawn by the pool's GPUs (IT load before PUE, linear idle-to-TDP in busy time); paid only by owned pools. */
  readonly energyKwh: number
  readonly cost: number
  /** What `cost` pays for; lines the pricing kind does not use are 0. */
  readonly costBreakdown?: { readonly rental: number; readonly overflow: number; readonly depreciation: number; readonly energy: number; readonly colocation: number }
  /** Reserved: GPUs committed (min nodes); owned: GPUs bought (max nodes); otherwise 0. */
  readonly committedGpus?: number
  /** cost / gpuHoursProvisioned */
  readonly costPerGpuHour?: number
}

export interface TrainingReport {
  readonly name: string
  readonly completed: boolean
  readonly wallClockSeconds: number
  readonly gpuHours: number
  readonly flops: number
  readonly mfu: number
  readonly ettr: number
  /** Expected unexpected interruptions over the run (a mean, so possibly fractional). */
  readonly interruptions: number
  readonly deadlineMet: boolean | null
  /** When it finishes, from the scenario start. */
  readonly finishSeconds: number
  readonly gpus: number
  readonly parallelism: { readonly tensor: number; readonly pipeline: number; readonly data: number; readonly zeroStage: number }
  /** How the figures were obtained: "simulated" on the shared fleet, or "analytic (dedicated GPUs)" (analytic engine). */
  readonly method: string
  /** Simulated runs: `mfu` is achieved (kept FLOPs / GPU time held); this is the MFU configured while computing. */
  readonly configuredMfu?: number
  readonly failures?: number
  /** Times inference took the job's nodes back (background jobs). */
  readonly preemptions?: number
  /** Compute lost since the last checkpoint, summed over interruptions (seconds at the gang's rate). */
  readonly lostComputeSeconds?: number
  /** Time from its start without its gang (gang scheduling). */
  readonly waitingSeconds?: number
  readonly pool?: string | null
  /** The analytic estimate on dedicated GPUs, for comparison. */
  readonly analytic?: { readonly wallClockSeconds: number; readonly gpuHours: number; readonly ettr: number }
}

/** What the simulated fleet did with a pool (the DES engine). */
export interface PoolFleetReport {
  readonly meanNodes: number
  readonly maxNodes: number
  readonly gpuHoursProvisioned: number
  readonly gpuHoursBusy: number
  readonly utilization: number
  /** Provisioned GPU-hours by node state; up time split into serving, training and idle. */
  readonly gpuHoursByState: {
    readonly booting: number
    readonly loading: number
    readonly serving: number
    readonly training: number
    readonly idle: number
    readonly draining: number
    readonly repairing: number
  }
  readonly nodesRequested: number
  /** Node failures (unexpected interruptions). */
  readonly failures: number
  /** Spot reclaims. */
  readonly interruptions: number
}

export interface CostReport {
  readonly currency: string
  readonly total: number
  readonly byWorkload: Readonly<Record<string, number>>
  readonly byPool: Readonly<Record<string, number>>
  readonly idle: number
  readonly energy: number
  readonly perMillionOutputTokens: number | null
  readonly perMillionTokens: number | null
  /** The billed span (the horizon, or longer when batch work drains). */
  readonly spanSeconds: number
  /** GPU energy of every pool (kWh, IT load); `energy` is what owned pools pay for it. */
  readonly energyKwh: number
  readonly byKind: Readonly<Record<string, number>>
  /** Per training job: cost of the GPU-seconds it used. */
  readonly byTraining: Readonly<Record<string, number>>
  /** Per workload: attributed cost, fully loaded cost (with its share of idle), busy GPU-hours and unit costs. */
  readonly workloads: ReadonlyArray<WorkloadCostReport>
}

export interface WorkloadCostReport {
  readonly name: string
  readonly cost: number
  readonly loadedCost: number
  readonly gpuHoursBusy: number
  readonly perMillionOutputTokens: number | null
  readonly perMillionTokens: number | null
}

/** A price the quote used, with its provenance (the ledger's own record). */
export type PriceReport = PriceUsed

export interface QuoteReport {
  readonly margin: number
  readonly perGpuHour: number
  readonly perMillionInputTokens: number | null
  readonly perMillionOutputTokens: number | null
  readonly monthly: number
  readonly breakEvenUtilization: number
  /** Price of the billed span: cost / (1 − margin). */
  readonly price: number
  /** Cost per provisioned GPU-hour of the whole pool set (the blended rate), before margin. */
  readonly blendedCostPerGpuHour: number
  /** Share of the workloads' cost priced into input tokens, and how it was obtained. */
  readonly inputShareOfGpuTime: number
  readonly inputOutputSplit: string
  readonly commitmentMonths: number
  readonly commitmentTotal: number
  /** Fleet busy / provisioned GPU-hours as simulated; breakEvenUtilization = utilization × (1 − margin). */
  readonly utilization: number
  /** Reserving is cheaper than on-demand above this utilization (first on-demand or reserved pool); null without one. */
  readonly reservedVsOnDemandBreakEven: number | null
  readonly reservedVsOnDemand: ReadonlyArray<{ readonly pool: string; readonly gpu: string; readonly reservedPerGpuHour: number; readonly onDemandPerGpuHour: number; readonly breakEvenUtilization: number }>
  readonly byWorkload: ReadonlyArray<{ readonly name: string; readonly inputShareOfGpuTime: number; readonly perMillionInputTokens: number | null; readonly perMillionOutputTokens: number | null }>
  /** Every price the quote used. */
  readonly prices: ReadonlyArray<PriceReport>
  readonly staleAfterDays: number
}

export interface Report {
  readonly schemaVersion: 1
  readonly generator: { readonly name: "gpuplan"; readonly version: string }
  readonly scenario: {
    readonly name: string
    readonly description: string | null
    readonly seed: number
    readonly horizonSeconds: number
    readonly replications: number
    readonly engine: "des" | "analytic"
    readonly currency: string
  }
  readonly inference: ReadonlyArray<InferenceReport>
  readonly training: ReadonlyArray<TrainingReport>
  readonly pools: ReadonlyArray<PoolReport>
  readonly cost: CostReport | null
  readonly quote: QuoteReport | null
  readonly timeline: { readonly stepSeconds: number; readonly series: Readonly<Record<string, ReadonlyArray<number>>> }
  readonly assumptions: ReadonlyArray<Assumption>
  /** With replications: the same paths as above mapped to 95% intervals [low, high]. */
  readonly uncertainty?: Readonly<Record<string, readonly [number, number]>>
}
