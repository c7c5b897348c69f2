/**
 * What the fleet simulation needs of a scenario, resolved once: per pool its node bounds,
 * provisioning times, failure and spot-reclaim rates; per workload how replicas sit on nodes; the
 * autoscalers with their defaults; the training jobs with their FLOPs, rate and checkpointing.
 * Every default applied is written to the assumption log with its source.
 */
import type { GpuSpec, ModelSpec, Precision } from "../../domain/catalog/index.ts"
import type { Scenario } from "../../domain/scenario/index.ts"
import { formatDuration } from "../../domain/units.ts"
import { DEFAULT_FAILURES_PER_GPU_DAY, jobMtbfSeconds, youngCheckpointIntervalSeconds } from "../../perf/failures.ts"
import { weightBytes } from "../../perf/memory.ts"
import type { AssumptionLog } from "../assumptions.ts"
import type { ScheduleWindow } from "./hpa.ts"
import { DEFAULT_LOAD_BYTES_PER_SECOND, modelLoadSeconds, SPOT_NOTICE_SECONDS } from "./provisioning.ts"

export interface FleetPoolSpec {
  readonly name: string
  readonly gpusPerNode: number
  readonly initialNodes: number
  readonly minNodes: number
  readonly maxNodes: number
  readonly nodeBootSeconds: number
  /** Per workload index (NaN for a workload that cannot run on this pool). */
  readonly modelLoadSecondsByWorkload: ReadonlyArray<number>
  readonly releaseSeconds: number
  /** Unexpected failures per node per day: perGpuDay × GPUs per node. */
  readonly failuresPerNodeDay: number
  readonly repairSeconds: number
  /** Extra idle nodes, provisioned from the start, that replace a failed node at once. */
  readonly hotSpares: number
  /** Spot reclaims per node per day (0 unless the pool is spot). */
  readonly reclaimsPerNodeDay: number
  readonly reclaimNoticeSeconds: number
}

export interface FleetWorkloadSpec {
  readonly name: string
  readonly gpusPerReplica: number
  /** Replicas one node holds (tensor parallel inside a node); 0 when a replica spans nodes. */
  readonly replicasPerNode: number
  /** Pool indices in preference order. */
  readonly pools: ReadonlyArray<number>
  /** Replicas on the starting nodes, per pool index. */
  readonly initialReplicasByPool: ReadonlyArray<number>
  /** Replica kind (the serving engine's timing per GPU type) of the replicas on each pool index; 0 on pools the workload does not use. */
  readonly kindByPool: ReadonlyArray<number>
}

export type AutoscalerMetric = "queueDepth" | "kvUtilization" | "gpuBusy" | "ttftP90"

export interface FleetAutoscalerSpec {
  readonly name: string
  readonly workload: number
  readonly pools: ReadonlyArray<number>
  readonly metric: AutoscalerMetric
  readonly target: number
  readonly intervalSeconds: number
  readonly tolerance: number
  /** Most nodes added per evaluation; undefined: the HPA's max(+100 %, +4) replicas. */
  readonly scaleUpLimitNodes: number | undefined
  readonly scaleDownAfterSeconds: number
  readonly schedule: ReadonlyArray<ScheduleWindow>
}

export interface FleetTrainingSpec {
  readonly name: string
  readonly gpus: number
  readonly pools: ReadonlyArray<number>
  readonly priority: "dedicated" | "background"
  readonly startSeconds: number
  readonly deadlineSeconds: number | undefined
  readonly flops: number
  /** Model FLOP/s of the whole gang while computing: gpus × peak × MFU. */
  readonly flopsPerSecond: number
  readonly mfu: number
  /** Peak dense bf16 FLOP/s per GPU (for achieved MFU). */
  readonly peakFlopsPerGpu: number
  readonly checkpointIntervalSeconds: number
  readonly checkpointWriteSeconds: number
  readonly restartSeconds: number
  /** Give up after this many interruptions; undefined: never. */
  readonly maxRestarts: number | undefined
}

export interface FleetSpec {
  readonly pools: ReadonlyArray<FleetPoolSpec>
  readonly workloads: ReadonlyArray<FleetWorkloadSpec>
  readonly autoscalers: ReadonlyArray<FleetAutoscalerSpec>
  readonly training: ReadonlyArray<FleetTrainingSpec>
}

/** The prepared pieces `prepareFleet` reads. */
export interface FleetInputs {
  readonly pools: ReadonlyArray<{ readonly name: string; readonly gpu: GpuSpec; readonly gpusPerNode: number; readonly initialNodes: number; readonly minNodes: number; readonly maxNodes: number }>
  readonly workloads: ReadonlyArray<{ readonly name: string; readonly model: ModelSpec; readonly weights: Precision; readonly gpusPerReplica: number; readonly replicasByPool: Readonly<Record<string, number>>; readonly kindByPool?: Readonly<Record<string, number>>; readonly spec: { readonly pools?: ReadonlyArray<string> | undefined } }>
  readonly training: ReadonlyArray<{ readonly name: string; readonly gpu: GpuSpec; readonly gpus: number; readonly startSeconds: number; readonly deadlineSeconds?: number; readonly estimate: { readonly flops: number; readonly mfu: number } }>
}

/** Resolve the fleet of a prepared scenario; defaults go to `log`. */
export const prepareFleet = (s: Scenario, x: FleetInputs, log: AssumptionLog): FleetSpec => {
  const poolIndex = new Map(x.pools.map((p, i) => [p.name, i]))
  const pools: FleetPoolSpec[] = x.pools.map((p, i) => {
    const spec = s.pools[i]!
    const prov = spec.provisioning
    const usesPool = (w: FleetInputs["workloads"][number]) => (w.spec.pools ?? s.pools.map((q) => q.name)).includes(p.name)
    const elastic = p.maxNodes > p.initialNodes || p.minNodes < p.initialNodes
    if (elastic && prov === undefined) log.add(`pools[${i}].provisioning.nodeBoot`, "5m", "scenario default; a measured GPU cold start takes 966 s in all (node provisioning 284 s, calibration.md)")
    if (elastic && prov?.modelLoad === undefined && prov?.loadBandwidth === undefined && x.workloads.some(usesPool))
      log.add(`pools[${i}].provisioning.loadBandwidth`, `${(DEFAULT_LOAD_BYTES_PER_SECOND / 1e9).toFixed(2)} GB/s`, "52 GiB of weights loaded in 62 s in a measured GPU cold start (calibration.md): model load = weight bytes / bandwidth")
    const failures = spec.failures
    if (failures === undefined) {
      log.add(`pools[${i}].failures.perGpuDay`, String(DEFAULT_FAILURES_PER_GPU_DAY), "Llama 3 405B: 419 unexpected interruptions in 54 days on 16,384 H100 (Dubey et al. 2024)")
      log.add(`pools[${i}].failures.repair`, "4h", "scenario default: a failed node is repaired or replaced in 4 h (engineering assumption)")
    }
    const spot = spec.pricing.kind === "spot"
    if (spot) log.add(`pools[${i}].reclaimNotice`, formatDuration(SPOT_NOTICE_SECONDS), "AWS EC2 spot two-minute interruption notice: replicas keep serving until reclaimed, a replacement is requested at the notice")
    return {
      name: p.name,
      gpusPerNode: p.gpusPerNode,
      initialNodes: p.initialNodes,
      minNodes: p.minNodes,
      maxNodes: p.maxNodes,
      nodeBootSeconds: prov?.nodeBoot ?? 300,
      modelLoadSecondsByWorkload: x.workloads.map((w) =>
        usesPool(w) ? modelLoadSeconds(weightBytes(w.model, w.weights), prov?.modelLoad, prov?.loadBandwidth) : Number.NaN,
      ),
      releaseSeconds: prov?.release ?? 0,
      failuresPerNodeDay: (failures?.perGpuDay ?? DEFAULT_FAILURES_PER_GPU_DAY) * p.gpusPerNode,
      repairSeconds: failures?.repair ?? 4 * 3600,
      hotSpares: failures?.hotSpares ?? 0,
      reclaimsPerNodeDay: spec.pricing.kind === "spot" ? spec.pricing.interruptionsPerNodeDay : 0,
      reclaimNoticeSeconds: SPOT_NOTICE_SECONDS,
    }
  })
  const workloads: FleetWorkloadSpec[] = x.workloads.map((w) => {
    const names = w.spec.pools ?? s.pools.map((q) => q.name)
    const first = x.pools[poolIndex.get(names[0]!)!]!
    return {
      name: w.name,
      gpusPerReplica: w.gpusPerReplica,
      replicasPerNode: w.gpusPerReplica <= first.gpusPerNode ? Math.floor(first.gpusPerNode / w.gpusPerReplica) : 0,
      pools: names.map((n) => poolIndex.get(n)!),
      initialReplicasByPool: x.pools.map((p) => w.replicasByPool[p.name] ?? 0),
      kindByPool: x.pools.map((p) => w.kindByPool?.[p.name] ?? 0),
    }
  })
  const autoscalers: FleetAutoscalerSpec[] = s.autoscaling.flatMap((a, i) => {
    const workload = x.workloads.findIndex((w) => w.name === a.workload)
    if (workload < 0) return []
    if (a.scaleUpLimit === undefined) log.add(`autoscaling[${i}].scaleUpLimit`, "max(+100%, +4 replicas) per interval", "Kubernetes HPA default scale-up policies")
    for (const [key, value, source] of [
      ["interval", formatDuration(a.interval), "Kubernetes HPA sync period 15 s"],
      ["tolerance", String(a.tolerance), "Kubernetes HPA tolerance 0.1"],
      ["scaleDownAfter", formatDuration(a.scaleDownAfter), "Kubernetes HPA scale-down stabilization 300 s"],
      ["metric", a.metric, "LLM serving scales on queue depth per replica or KV-cache use rather than GPU busy time (calibration.md)"],
    ] as const)
      log.add(`autoscaling[${i}].${key}`, value, source)
    if (a.metric === "queueDepth")
      log.add(`autoscaling[${i}].metric.queueDepth`, "requests waiting or in the batch, per serving replica", "Knative/KServe concurrency; the waiting queue alone is 0 whenever continuous batching keeps up (gpuplan choice)")
    return [
      {
        name: a.name,
        workload,
        pools: a.pools.map((n) => poolIndex.get(n)!).filter((p) => p !== undefined),
        metric: a.metric,
        target: a.target,
        intervalSeconds: a.interval,
        tolerance: a.tolerance,
        scaleUpLimitNodes: a.scaleUpLimit,
        scaleDownAfterSeconds: a.scaleDownAfter,
        schedule: (a.schedule ?? []).map((w) => ({ fromSeconds: w.from, toSeconds: w.to, minNodes: w.minNodes })),
      },
    ]
  })
  const training: FleetTrainingSpec[] = x.training.map((t) => {
    const i = s.training.findIndex((j) => j.name === t.name)
    const job = s.training[i]!
    const poolNames = job.pools ?? s.pools.map((p) => p.name)
    const firstPool = s.pools.find((p) => p.name === poolNames[0])!
    const peak = t.gpu.flops.bf16 ?? t.gpu.flops.fp16 ?? 0
    const write = job.checkpoint.write
    const mtbf = jobMtbfSeconds(t.gpus, firstPool.failures?.perGpuDay ?? DEFAULT_FAILURES_PER_GPU_DAY)
    const every = job.checkpoint.every === "auto" ? youngCheckpointIntervalSeconds(write, mtbf) : job.checkpoint.every
    log.add(`training[${i}].checkpoint.write`, formatDuration(write), "scenario default (engineering assumption: sharded checkpoint to a parallel file system)")
    log.add(`training[${i}].checkpoint.restart`, formatDuration(job.checkpoint.restart), "scenario default (engineering assumption: reschedule, reload the checkpoint, warm up)")
    log.add(`training[${i}].preemption`, "checkpoint, then hand the nodes over", "a preempted job is signalled (as Kubernetes/Slurm do with a grace period) and loses only its restart; a failure loses the work since the last checkpoint")
    if (job.checkpoint.every === "auto")
      log.add(`training[${i}].checkpoint.every`, `${Math.round(every)} s`, `Young's interval sqrt(2 · write · MTBF), MTBF ${Math.round(mtbf)} s of ${t.gpus} GPUs at the pool's failure rate`)
    return {
      name: t.name,
      gpus: t.gpus,
      pools: poolNames.map((n) => poolIndex.get(n)!).filter((p) => p !== undefined),
      priority: job.priority,
      startSeconds: t.startSeconds,
      deadlineSeconds: t.deadlineSeconds,
      flops: t.estimate.flops,
      flopsPerSecond: t.gpus * peak * t.estimate.mfu,
      mfu: t.estimate.mfu,
      peakFlopsPerGpu: peak,
      checkpointIntervalSeconds: every,
      checkpointWriteSeconds: write,
      restartSeconds: job.checkpoint.restart,
      maxRestarts: job.restarts,
    }
  })
  return { pools, workloads, autoscalers, training }
}
