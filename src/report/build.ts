/**
 * Simulation results → the report of SCENARIO.md. One report per replication, then combined:
 * means, and 95% intervals in `uncertainty`.
 */
import type { SimulationResult } from "../model/fleet/result.ts"
import { capacityUse, replicaLifeSeconds } from "../model/capacity-share.ts"
import type { PreparedScenario, PreparedWorkload } from "../model/prepare.ts"
import type { ServingResult, WorkloadServingResult } from "../model/serving/types.ts"
import type { LogHistogram } from "../sim/histogram.ts"
import { costSections } from "./cost-report.ts"
import { fleetPoolFields, fleetTimelineSeries, simulatedTraining } from "./fleet-report.ts"
import { combineReplications, round } from "./statistics.ts"
import type { InferenceReport, Percentiles, PoolReport, Report } from "./types.ts"

const percentiles = (h: LogHistogram): Percentiles =>
  h.count === 0 ? { mean: 0, p50: 0, p90: 0, p99: 0 } : { mean: round(h.mean), p50: round(h.quantile(0.5)), p90: round(h.quantile(0.9)), p99: round(h.quantile(0.99)) }

const safeDiv = (a: number, b: number): number => (b > 0 ? a / b : 0)

const inferenceReport = (w: PreparedWorkload, r: WorkloadServingResult): InferenceReport => {
  const span = r.spanSeconds
  const finished = r.counts.completed + r.counts.rejected
  const hist = { ttft: r.latency.ttft, tpot: r.latency.tpot, e2e: r.latency.e2e }
  const targets = w.sloTargets.map((t) => {
    const h = hist[t.metric]
    const actual = h.count === 0 ? 0 : t.percentile === "mean" ? h.mean : h.quantile(t.percentile)
    return { metric: t.metric, percentile: t.key, targetSeconds: t.targetSeconds, actualSeconds: round(actual), met: h.count > 0 && actual <= t.targetSeconds }
  })
  return {
    name: w.name,
    model: w.model.name,
    gpu: w.kinds.map((k) => k.gpu.name).join(" + "),
    weights: w.weights,
    kvCache: w.kvCache,
    tensorParallel: w.tensorParallel,
    pipelineParallel: w.pipelineParallel,
    gpusPerReplica: w.gpusPerReplica,
    kvCapacityTokens: Math.floor(w.timing.kvCapacityTokens),
    ...(w.kinds.length > 1
      ? {
          replicaKinds: w.kinds.map((k, kind) => ({
            gpu: k.gpu.name,
            kvCapacityTokens: Math.floor(k.timing.kvCapacityTokens),
            replicaHours: round(r.replicas.reduce((a, x) => a + (x.kind === kind ? replicaLifeSeconds(x, r.endSeconds) : 0), 0) / 3600),
          })),
        }
      : {}),
    requests: { ...r.counts },
    throughput: {
      spanSeconds: round(span),
      requestsPerSecond: round(safeDiv(r.counts.completed, span)),
      outputTokensPerSecond: round(safeDiv(r.outputTokensCompleted, span)),
      inputTokensPerSecond: round(safeDiv(r.inputTokensCompleted, span)),
    },
    latency: { ttft: percentiles(r.latency.ttft), tpot: percentiles(r.latency.tpot), e2e: percentiles(r.latency.e2e), queue: percentiles(r.latency.queue) },
    slo: {
      attainment: round(safeDiv(r.sloMet, finished)),
      goodputRequestsPerSecond: round(safeDiv(r.sloMet, span)),
      targets,
      met: targets.every((t) => t.met),
    },
    replicas: { mean: round(safeDiv(r.replicaSeconds, r.endSeconds)), max: r.maxReplicas },
    utilization: {
      busy: round(safeDiv(r.busySeconds, r.replicaSeconds)),
      kvCache: round(r.kvUtilizationMean),
      // Little's law: sequences in batches = completion rate × time in a batch (e2e − queueing).
      meanBatch: round(safeDiv(safeDiv(r.counts.completed, span) * Math.max(0, r.latency.e2e.mean - r.latency.queue.mean), safeDiv(r.replicaSeconds, r.endSeconds))),
      capacity: round(capacityUse(w, r).capacityShare),
      replicaCapacityRequestsPerSecond: round(capacityUse(w, r).replicaCapacityPerSecond),
    },
    tokens: { input: r.inputTokensCompleted, output: r.outputTokensCompleted },
  }
}

/** Busy GPU-seconds per pool: each workload's replicas in placement order, pool by pool. */
const busyGpuSecondsByPool = (p: PreparedScenario, result: ServingResult): Map<string, number> => {
  const busy = new Map<string, number>()
  p.workloads.forEach((w, i) => {
    const replicas = result.workloads[i]!.replicas
    let k = 0
    for (const [pool, n] of Object.entries(w.replicasByPool)) {
      for (let j = 0; j < n && k < replicas.length; j++, k++) busy.set(pool, (busy.get(pool) ?? 0) + replicas[k]!.busySeconds * w.gpusPerReplica)
    }
  })
  return busy
}

/**
 * GPU-seconds each pool's consumers used: workloads at their capacity share (batch-running time ×
 * load factor, model/capacity-share.ts) plus training jobs' compute. `gpuHoursBusy` and
 * `utilization` report this; `gpuHoursActive` keeps the batch-running (physical) time.
 */
const usedGpuSecondsByPool = (p: PreparedScenario, result: SimulationResult): Map<string, number> => {
  const used = new Map<string, number>()
  const add = (pool: string, seconds: number) => used.set(pool, (used.get(pool) ?? 0) + seconds)
  p.workloads.forEach((w, i) => {
    const r = result.workloads[i]!
    const factor = capacityUse(w, r).loadFactor
    const running = result.fleet?.workloads.find((f) => f.name === w.name)?.busyGpuSecondsByPool
    if (running) for (const [pool, seconds] of Object.entries(running)) add(pool, seconds * factor)
    else {
      let k = 0
      for (const [pool, n] of Object.entries(w.replicasByPool))
        for (let j = 0; j < n && k < r.replicas.length; j++, k++) add(pool, r.replicas[k]!.busySeconds * w.gpusPerReplica * factor)
    }
  })
  result.fleet?.pools.forEach((fp, i) => add(p.pools[i]!.name, fp.trainingBusyGpuSeconds))
  return used
}

const poolReports = (p: PreparedScenario, result: SimulationResult): PoolReport[] => {
  const busy = busyGpuSecondsByPool(p, result)
  const used = usedGpuSecondsByPool(p, result)
  const end = Math.max(result.horizonSeconds, ...result.workloads.map((w) => w.endSeconds))
  const fleet = result.fleet ? fleetPoolFields(result.fleet) : undefined
  return p.pools.map((pool, i) => {
    const f = fleet?.[i]
    if (f !== undefined) {
      const { meanNodes, maxNodes, gpuHoursProvisioned, gpuHoursBusy: gpuHoursActive, utilization: _active, ...rest } = f
      const gpuHoursBusy = round((used.get(pool.name) ?? 0) / 3600)
      return {
        name: pool.name,
        gpu: pool.gpu.name,
        pricing: p.scenario.pools[i]!.pricing.kind,
        gpusPerNode: pool.gpusPerNode,
        nodes: { initial: pool.initialNodes, min: pool.minNodes, max: pool.maxNodes, mean: meanNodes, maxObserved: maxNodes },
        gpuHoursProvisioned,
        gpuHoursBusy,
        gpuHoursActive,
        utilization: round(safeDiv(gpuHoursBusy, gpuHoursProvisioned)),
        energyKwh: 0,
        cost: 0,
        fleet: rest,
      }
    }
    const provisioned = (pool.initialNodes * pool.gpusPerNode * end) / 3600
    const activeHours = (busy.get(pool.name) ?? 0) / 3600
    const busyHours = (used.get(pool.name) ?? 0) / 3600
    return {
      name: pool.name,
      gpu: pool.gpu.name,
      pricing: p.scenario.pools[i]!.pricing.kind,
      gpusPerNode: pool.gpusPerNode,
      nodes: { initial: pool.initialNodes, min: pool.minNodes, max: pool.maxNodes, mean: pool.initialNodes },
      gpuHoursProvisioned: round(provisioned),
      gpuHoursBusy: round(busyHours),
      gpuHoursActive: round(activeHours),
      utilization: round(safeDiv(busyHours, provisioned)),
      energyKwh: 0,
      cost: 0,
    }
  })
}

const timeline = (result: SimulationResult): Report["timeline"] => {
  const series: Record<string, number[]> = {}
  let step = 60
  result.workloads.forEach((r) => {
    const t = r.timeline
    step = t.stepSeconds
    series[`${r.name}.arrivalsPerSecond`] = t.arrivals.map((n) => round(n / t.stepSeconds))
    series[`${r.name}.completionsPerSecond`] = t.completions.map((n) => round(n / t.stepSeconds))
    series[`${r.name}.queue`] = t.queueLength.slice()
    series[`${r.name}.running`] = t.running.slice()
    series[`${r.name}.replicas`] = t.replicas.slice()
    series[`${r.name}.kvUtilization`] = t.kvUtilization.map(round)
  })
  if (result.fleet) Object.assign(series, fleetTimelineSeries(result.fleet))
  return { stepSeconds: step, series }
}

export interface BuildOptions {
  readonly version: string
  readonly engine: "des" | "analytic"
  readonly seed: number
  /** ISO date (YYYY-MM-DD) against which built-in prices are checked for staleness; the app passes today. */
  readonly today?: string
  /** Scenario paths written in the file, to tell defaults (listed as assumptions) from choices. */
  readonly explicitPaths?: ReadonlySet<string>
}

/** One replication's report. */
export const buildReport = (p: PreparedScenario, result: SimulationResult, opts: BuildOptions): Report => {
  const s = p.scenario
  const priced = costSections(p, result, opts)
  return {
    schemaVersion: 1,
    generator: { name: "gpuplan", version: opts.version },
    scenario: {
      name: s.name,
      description: s.description ?? null,
      seed: opts.seed,
      horizonSeconds: result.horizonSeconds,
      replications: 1,
      engine: opts.engine,
      currency: s.currency,
    },
    inference: p.workloads.map((w, i) => {
      const report = inferenceReport(w, result.workloads[i]!)
      const f = result.fleet?.workloads[i]
      return f ? { ...report, replicas: { ...report.replicas, lostToFailures: f.replicasLost, scaledDown: f.replicasScaledDown } } : report
    }),
    training: result.fleet ? simulatedTraining(p, result.fleet) : p.training.map((t) => {
      const e = t.estimate
      const finish = t.startSeconds + e.wallClockSeconds
      return {
        name: t.name,
        completed: finish <= result.horizonSeconds,
        wallClockSeconds: round(e.wallClockSeconds),
        gpuHours: round(e.gpuHours),
        flops: round(e.flops),
        mfu: round(e.mfu),
        ettr: round(e.ettr),
        interruptions: round(e.expectedInterruptions),
        deadlineMet: t.deadlineSeconds === undefined ? null : finish <= t.deadlineSeconds,
        finishSeconds: round(finish),
        gpus: t.gpus,
        parallelism: { tensor: e.layout.tensorParallel, pipeline: e.layout.pipelineParallel, data: e.layout.dataParallel, zeroStage: e.layout.zeroStage },
        method: "analytic (dedicated GPUs)",
      }
    }),
    pools: poolReports(p, result).map((pool, i) => ({ ...pool, ...priced.pools[i] })),
    cost: priced.cost,
    quote: priced.quote,
    timeline: timeline(result),
    assumptions: [...p.assumptions, ...priced.assumptions],
  }
}

/** Paths whose 95% interval the report lists (headline numbers, not timelines or configuration). */
const tracked = (path: string): boolean =>
  /^(inference|pools|training)\[\d+\]\.(requests|throughput|latency|slo\.(attainment|goodput)|replicas|utilization|gpuHours|utilization|energyKwh|cost|wallClockSeconds|ettr)/.test(path) ||
  (/^(cost|quote)\./.test(path) && !/^quote\.(margin|prices|staleAfterDays|commitmentMonths|reservedVsOnDemand)|^cost\.spanSeconds/.test(path))

/** Reports of several replications → one report of means with `uncertainty` intervals. */
export const combineReports = (reports: ReadonlyArray<Report>): Report => {
  if (reports.length === 1) return reports[0]!
  const intervals: Record<string, readonly [number, number]> = {}
  const combined = combineReplications(reports, intervals, tracked)
  const first = reports[0]!
  return {
    ...combined,
    scenario: { ...first.scenario, replications: reports.length },
    assumptions: first.assumptions,
    uncertainty: intervals,
  }
}
