/**
 * Scenario → everything a simulation run needs, checked: resolved GPUs and models, per-workload
 * replica timing (or why the weights do not fit), replica placement on the starting nodes, request
 * source specs, SLO bounds, and the assumptions list. Problems come back with scenario paths so the
 * app can point at the YAML.
 */
import type { GpuSpec, ModelSpec, Precision } from "../domain/catalog/index.ts"
import type { PathSegment } from "../domain/scenario/issues.ts"
import { percentileOf, type Scenario, type Workload } from "../domain/scenario/index.ts"
import { formatDuration } from "../domain/units.ts"
import { DEFAULT_RUNTIME_OVERHEAD_BYTES } from "../perf/memory.ts"
import { makeReplicaTiming, type ReplicaTiming } from "../perf/replica-timing.ts"
import { estimateTraining, type TrainingEstimate } from "../perf/training.ts"
import { AssumptionLog, type Assumption } from "./assumptions.ts"
import { prepareFleet, type FleetSpec } from "./fleet/spec.ts"
import type { ArrivalSpec, LengthSpec, TraceData } from "./demand/types.ts"
import { placeReplicas } from "./placement.ts"
import { resolve } from "./resolve.ts"
import type { ServingSlo } from "./serving/types.ts"

export interface SloTarget {
  readonly metric: "ttft" | "tpot" | "e2e"
  /** 0..1, or "mean" */
  readonly percentile: number | "mean"
  readonly key: string
  readonly targetSeconds: number
}

/** The replicas of a workload on one GPU type. */
export interface ReplicaKind {
  readonly gpu: GpuSpec
  readonly timing: ReplicaTiming
}

export interface PreparedPool {
  readonly name: string
  readonly gpu: GpuSpec
  readonly gpusPerNode: number
  readonly initialNodes: number
  readonly minNodes: number
  readonly maxNodes: number
}

export interface PreparedWorkload {
  readonly name: string
  readonly spec: Workload
  readonly model: ModelSpec
  readonly gpu: GpuSpec
  readonly weights: Precision
  readonly kvCache: Precision
  readonly tensorParallel: number
  readonly pipelineParallel: number
  readonly gpusPerReplica: number
  /** Timing of a replica on the first pool's GPU (`kinds[0].timing`). */
  readonly timing: ReplicaTiming
  /**
   * One entry per GPU type among the workload's pools, the first pool's first: a workload may span
   * pools of different GPUs (reserved H200 baseline + on-demand H100 burst), each replica then runs
   * at its own GPU's speed and KV capacity.
   */
  readonly kinds: ReadonlyArray<ReplicaKind>
  /** Index into `kinds` of the replicas on each of the workload's pools. */
  readonly kindByPool: Readonly<Record<string, number>>
  /** Replicas at the start, per pool. */
  readonly replicasByPool: Readonly<Record<string, number>>
  readonly replicas: number
  readonly arrivals: ArrivalSpec
  readonly promptTokens?: LengthSpec
  readonly outputTokens?: LengthSpec
  readonly trace?: TraceData
  readonly empirical?: { readonly prompt?: Float64Array; readonly output?: Float64Array }
  /** Per-request bounds (the loosest target of each metric). */
  readonly slo?: ServingSlo
  readonly sloTargets: ReadonlyArray<SloTarget>
  /** Batch jobs run to completion past the horizon. */
  readonly drain: boolean
}

/**
 * A training job estimated analytically on dedicated GPUs (perf/training.ts): FLOPs at the job's MFU,
 * ETTR from the failure model. Fleet dynamics (sharing GPUs with inference) will replace this.
 */
export interface PreparedTrainingJob {
  readonly name: string
  readonly gpu: GpuSpec
  readonly gpus: number
  readonly startSeconds: number
  readonly deadlineSeconds?: number
  readonly estimate: TrainingEstimate
}

export interface PreparedScenario {
  readonly scenario: Scenario
  readonly pools: ReadonlyArray<PreparedPool>
  readonly workloads: ReadonlyArray<PreparedWorkload>
  readonly training: ReadonlyArray<PreparedTrainingJob>
  /** Nodes, provisioning, failures, autoscalers and training jobs for the fleet simulation. */
  readonly fleet: FleetSpec
  readonly assumptions: ReadonlyArray<Assumption>
}

export interface PrepareProblem {
  readonly path: ReadonlyArray<PathSegment>
  readonly message: string
}

/** Parsed data files, keyed by the `file` string as written in the scenario. */
export interface ScenarioFiles {
  readonly traces: ReadonlyMap<string, TraceData>
  readonly lengths: ReadonlyMap<string, Float64Array>
}

const defaultKvCache = (weights: Precision): Precision => (weights === "int4" || weights === "fp4" ? "bf16" : weights === "int8" ? "fp8" : weights)

export const prepareScenario = (
  s: Scenario,
  files: ScenarioFiles,
  explicitPaths: ReadonlySet<string> = new Set(),
): { readonly ok: true; readonly value: PreparedScenario } | { readonly ok: false; readonly problems: PrepareProblem[] } => {
  const log = new AssumptionLog(explicitPaths)
  const problems: PrepareProblem[] = []
  const { gpus, models } = resolve(s, log)

  const pools: PreparedPool[] = s.pools.map((p, i) => {
    const gpu = gpus.get(p.gpu)!
    const gpusPerNode = p.gpusPerNode ?? gpu.gpusPerNode
    if (p.gpusPerNode === undefined) log.add(`pools[${i}].gpusPerNode`, String(gpusPerNode), `standard ${gpu.name} node (HGX/DGX-class)`)
    const [initialNodes, minNodes, maxNodes] = typeof p.nodes === "number" ? [p.nodes, p.nodes, p.nodes] : [p.nodes.initial ?? p.nodes.min, p.nodes.min, p.nodes.max]
    return { name: p.name, gpu, gpusPerNode, initialNodes, minNodes, maxNodes }
  })
  const poolByName = new Map(pools.map((p) => [p.name, p]))

  // Dedicated training jobs keep their GPUs: their gangs' nodes (on the job's first pool) are not
  // offered to inference placement.
  const dedicatedNodes = new Map<string, number>()
  for (const t of s.training) {
    if (t.priority !== "dedicated") continue
    const pool = poolByName.get(t.pools?.[0] ?? s.pools[0]!.name)
    if (pool) dedicatedNodes.set(pool.name, (dedicatedNodes.get(pool.name) ?? 0) + Math.ceil(t.gpus / pool.gpusPerNode))
  }
  const placement = placeReplicas(
    pools.map((p) => ({ name: p.name, gpusPerNode: p.gpusPerNode, nodes: Math.max(0, p.initialNodes - (dedicatedNodes.get(p.name) ?? 0)) })),
    s.inference.map((w) => ({
      name: w.name,
      gpusPerReplica: w.replica.tensorParallel * w.replica.pipelineParallel,
      tensorParallel: w.replica.tensorParallel,
      pools: w.pools ?? s.pools.map((p) => p.name),
      ...(w.replicas !== undefined ? { maxReplicas: w.replicas } : {}),
    })),
  )

  log.add("engine.kvBlockTokens", "16", "vLLM PagedAttention default block size (Kwon et al. 2023)")
  log.add("engine.runtimeOverhead", `${DEFAULT_RUNTIME_OVERHEAD_BYTES / 2 ** 30} GiB per GPU`, "CUDA context, NCCL buffers and allocator slack, typical of vLLM/TensorRT-LLM (engineering assumption)")

  const workloads: PreparedWorkload[] = []
  s.inference.forEach((w, i) => {
    const at = (...rest: PathSegment[]): PathSegment[] => ["inference", i, ...rest]
    const model = models.get(w.model)!
    const poolNames = w.pools ?? s.pools.map((p) => p.name)
    const first = poolByName.get(poolNames[0]!)!
    const kvCache = w.kvCache ?? defaultKvCache(w.weights)
    if (w.kvCache === undefined) log.add(`inference[${i}].kvCache`, kvCache, "same precision as the weights (engines store KV in the activation precision)")
    for (const [key, value, source] of [
      ["maxBatch", w.engine.maxBatch, "vLLM max_num_seqs default 256"],
      ["prefillChunk", w.engine.prefillChunk, "vLLM chunked prefill max_num_batched_tokens (2048 for online serving)"],
      ["memoryUtilization", w.engine.memoryUtilization, "vLLM gpu_memory_utilization default 0.9"],
      ["router", w.engine.router, "least outstanding tokens, as production LLM routers do"],
    ] as const)
      log.add(`inference[${i}].engine.${key}`, String(value), source)
    // One replica timing per GPU type among the workload's pools (first pool's GPU first).
    const kinds: ReplicaKind[] = []
    const kindByPool: Record<string, number> = {}
    let unfit = false
    for (const name of poolNames) {
      const pool = poolByName.get(name)!
      let k = kinds.findIndex((x) => x.gpu.name === pool.gpu.name)
      if (k < 0) {
        const timing = makeReplicaTiming({
          gpu: pool.gpu,
          model,
          weights: w.weights,
          kvCache,
          tensorParallel: w.replica.tensorParallel,
          pipelineParallel: w.replica.pipelineParallel,
          memoryUtilization: w.engine.memoryUtilization,
          maxBatch: w.engine.maxBatch,
          prefillChunk: w.engine.prefillChunk,
        })
        if ("_tag" in timing && timing._tag === "WeightsDoNotFit") {
          problems.push({ path: kinds.length === 0 ? at("replica") : at("pools"), message: kinds.length === 0 ? timing.message : `on pool ${name} (${pool.gpu.name}): ${timing.message}` })
          unfit = true
          break
        }
        k = kinds.length
        kinds.push({ gpu: pool.gpu, timing: timing as ReplicaTiming })
      }
      kindByPool[name] = k
    }
    if (unfit) return
    const replicaTiming = kinds[0]!.timing

    let trace: TraceData | undefined
    if (w.arrivals.pattern === "trace") trace = files.traces.get(w.arrivals.file)
    const empirical: { prompt?: Float64Array; output?: Float64Array } = {}
    if (w.promptTokens?.distribution === "empirical") empirical.prompt = files.lengths.get(w.promptTokens.file)!
    if (w.outputTokens?.distribution === "empirical") empirical.output = files.lengths.get(w.outputTokens.file)!

    const sloTargets: SloTarget[] = []
    const bounds: { ttftSeconds?: number; tpotSeconds?: number; e2eSeconds?: number } = {}
    for (const metric of ["ttft", "tpot", "e2e"] as const) {
      const targets = w.slo?.[metric]
      if (!targets) continue
      for (const [key, seconds] of Object.entries(targets)) {
        const percentile = percentileOf(key)
        if (percentile === undefined) continue
        sloTargets.push({ metric, percentile, key, targetSeconds: seconds })
        const k = `${metric}Seconds` as const
        bounds[k] = Math.max(bounds[k] ?? 0, seconds)
      }
    }
    const replicasByPool = placement.replicas[i]!
    const replicas = Object.values(replicasByPool).reduce((a, b) => a + b, 0)
    if (replicas === 0 && pools.every((p) => !poolNames.includes(p.name) || p.maxNodes === p.initialNodes))
      problems.push({ path: at("pools"), message: `no replica of ${w.name} fits on its pools' nodes (${w.replica.tensorParallel * w.replica.pipelineParallel} GPUs per replica; pools: ${poolNames.map((n) => `${n} ${poolByName.get(n)!.initialNodes}×${poolByName.get(n)!.gpusPerNode}`).join(", ")})` })
    workloads.push({
      name: w.name,
      spec: w,
      model,
      gpu: first.gpu,
      weights: w.weights,
      kvCache,
      tensorParallel: w.replica.tensorParallel,
      pipelineParallel: w.replica.pipelineParallel,
      gpusPerReplica: w.replica.tensorParallel * w.replica.pipelineParallel,
      timing: replicaTiming,
      kinds,
      kindByPool,
      replicasByPool,
      replicas,
      arrivals: w.arrivals as ArrivalSpec,
      ...(w.promptTokens ? { promptTokens: w.promptTokens as LengthSpec } : {}),
      ...(w.outputTokens ? { outputTokens: w.outputTokens as LengthSpec } : {}),
      ...(trace ? { trace } : {}),
      ...(empirical.prompt || empirical.output ? { empirical } : {}),
      ...(sloTargets.length > 0 ? { slo: bounds } : {}),
      sloTargets,
      drain: w.arrivals.pattern === "batch",
    })
  })
  const training: PreparedTrainingJob[] = []
  s.training.forEach((t, i) => {
    const model = models.get(t.model)!
    const firstPool = poolByName.get((t.pools ?? s.pools.map((p) => p.name))[0]!)!
    const poolSpec = s.pools.find((p) => p.name === firstPool.name)!
    if (t.mfu === undefined) log.add(`training[${i}].mfu`, String(firstPool.gpu.defaultMfu), `default MFU of ${firstPool.gpu.name} (DESIGN.md: A100 0.45, H100/H200 0.40, B200 0.35, MI300X 0.30)`)
    if (poolSpec.failures === undefined) log.add(`pools[${s.pools.indexOf(poolSpec)}].failures.perGpuDay`, "4.7e-4", "Llama 3 405B: 419 unexpected interruptions in 54 days on 16,384 H100 (Dubey et al. 2024)")
    const par = t.parallelism
    const estimate = estimateTraining({
      model,
      gpu: firstPool.gpu,
      gpus: t.gpus,
      tokens: t.tokens,
      sequenceLength: t.sequenceLength,
      ...(t.mfu !== undefined ? { mfu: t.mfu } : {}),
      ...(par
        ? {
            layout: {
              tensorParallel: par.tensor,
              pipelineParallel: par.pipeline,
              dataParallel: t.gpus / (par.tensor * par.pipeline),
              zeroStage: par.zeroStage,
              ...(par.recompute !== undefined ? { recompute: par.recompute } : {}),
            },
            zeroStage: par.zeroStage,
          }
        : {}),
      failuresPerGpuDay: poolSpec.failures?.perGpuDay ?? 4.7e-4,
      checkpointWriteSeconds: t.checkpoint.write,
      restartSeconds: t.checkpoint.restart,
      ...(t.checkpoint.every !== "auto" ? { checkpointIntervalSeconds: t.checkpoint.every } : {}),
    })
    if (estimate._tag === "TrainingDoesNotFit") {
      problems.push({ path: ["training", i, "gpus"], message: estimate.message })
      return
    }
    if (par === undefined)
      log.add(`training[${i}].parallelism`, `tensor ${estimate.layout.tensorParallel} × pipeline ${estimate.layout.pipelineParallel} × data ${estimate.layout.dataParallel}, ZeRO-${estimate.layout.zeroStage}`, "smallest feasible model-parallel layout (tensor parallel inside a node, pipeline as needed, ZeRO-1 across data parallel)")
    training.push({
      name: t.name,
      gpu: firstPool.gpu,
      gpus: t.gpus,
      startSeconds: t.start,
      ...(t.deadline !== undefined ? { deadlineSeconds: t.deadline } : {}),
      estimate,
    })
  })
  log.add("scenario.horizon", formatDuration(s.horizon), "default horizon 1d (SCENARIO.md)")
  if (problems.length > 0) return { ok: false, problems }
  const fleet = prepareFleet(s, { pools, workloads, training }, log)
  return { ok: true, value: { scenario: s, pools, workloads, training, fleet, assumptions: log.items } }
}
