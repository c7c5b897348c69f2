/**
 * Adapters from a prepared scenario and one discrete-event serving run to the ledger's inputs:
 * the usage record, the price book and the quote terms. The only place in cost/ that knows how the
 * run was simulated; everything else prices plain usage.
 *
 * Without fleet dynamics every pool holds its starting nodes for the whole billed span, all of it
 * `serving`, and training jobs are not priced. When the run carries a fleet result (`fleet`: pools
 * with GPU-seconds by node state, occupancy and busy time; workloads' busy time per pool; training
 * jobs' GPU-hours held), the usage is taken from it instead — matched structurally, so cost/ does
 * not depend on how the fleet is simulated.
 */
import type { Scenario } from "../domain/scenario/index.ts"
import { capacityUse } from "../model/capacity-share.ts"
import type { PreparedScenario, PreparedWorkload } from "../model/prepare.ts"
import type { ServingResult, WorkloadServingResult } from "../model/serving/types.ts"
import { resolvePriceBook, type PriceBook } from "./price-book.ts"
import type { QuoteTerms } from "./quote.ts"
import { inputShareOfGpuTime } from "./token-split.ts"
import type { PoolUsage, Usage, WorkloadUsage } from "./usage.ts"

/** The part of a fleet simulation's result the ledger reads (see model/fleet/result.ts). */
export interface FleetUsageLike {
  readonly endSeconds: number
  readonly pools: ReadonlyArray<Pick<PoolUsage, "name" | "provisionedGpuSeconds" | "occupancy" | "busyGpuSeconds">>
  readonly workloads: ReadonlyArray<{ readonly name: string; readonly busyGpuSecondsByPool: Readonly<Record<string, number>> }>
  /** GPU-hours a job's gang held, on `pool` (null: it never got GPUs). */
  readonly training: ReadonlyArray<{ readonly name: string; readonly gpuHours: number; readonly pool: string | null }>
}

/** Busy GPU-seconds of a workload per pool: its replicas in placement order, pool by pool. */
const busyByPool = (w: PreparedWorkload, r: WorkloadServingResult): Record<string, number> => {
  const out: Record<string, number> = {}
  let k = 0
  for (const [pool, n] of Object.entries(w.replicasByPool)) {
    for (let j = 0; j < n && k < r.replicas.length; j++, k++) out[pool] = (out[pool] ?? 0) + r.replicas[k]!.busySeconds * w.gpusPerReplica
  }
  return out
}

/** Mean sequences in flight per replica, by Little's law: completions × mean time in system / replica-seconds. */
const meanBatch = (r: WorkloadServingResult): number =>
  r.replicaSeconds > 0 ? (r.counts.completed * r.latency.e2e.mean) / r.replicaSeconds : 1

/**
 * A workload's busy GPU-seconds count the capacity it used, not the time a batch was running (see
 * model/capacity-share.ts): what it is charged for, and what the idle line and break-even see.
 */
const workloadUsage = (w: PreparedWorkload, r: WorkloadServingResult, fleetBusy?: Readonly<Record<string, number>>): WorkloadUsage => {
  const completed = r.counts.completed
  const { loadFactor } = capacityUse(w, r)
  const running = fleetBusy ?? busyByPool(w, r)
  const used: Record<string, number> = {}
  for (const [pool, seconds] of Object.entries(running)) used[pool] = seconds * loadFactor
  return {
    name: w.name,
    busyGpuSecondsByPool: used,
    provisionedForGpuSeconds: r.replicaSeconds * w.gpusPerReplica,
    inputTokens: r.inputTokensCompleted,
    outputTokens: r.outputTokensCompleted,
    inputShareOfGpuTime:
      completed > 0
        ? inputShareOfGpuTime({
            timing: w.timing,
            meanPromptTokens: r.inputTokensCompleted / completed,
            meanOutputTokens: r.outputTokensCompleted / completed,
            meanBatch: meanBatch(r),
            prefillChunk: w.spec.engine.prefillChunk,
          })
        : 0,
  }
}

/**
 * The usage of one run: from its fleet result when it has one, otherwise pools held at their
 * starting nodes until the run ends.
 */
export const usageFromServing = (p: PreparedScenario, result: ServingResult & { readonly fleet?: FleetUsageLike }): Usage => {
  const fleet = result.fleet
  const spanSeconds = Math.max(result.horizonSeconds, fleet?.endSeconds ?? 0, ...result.workloads.map((w) => w.endSeconds))
  const workloads = p.workloads.map((w, i) => workloadUsage(w, result.workloads[i]!, fleet?.workloads.find((f) => f.name === w.name)?.busyGpuSecondsByPool))
  if (fleet !== undefined) return { spanSeconds, pools: p.pools.map((pool) => fleetPool(pool, fleet)), workloads, training: fleetTraining(fleet) }
  // Pools' busy time drives energy: physical, a batch running (not scaled to capacity).
  const pools: PoolUsage[] = p.pools.map((pool) => {
    const gpus = pool.initialNodes * pool.gpusPerNode
    return {
      ...poolSpec(pool),
      provisionedGpuSeconds: { serving: gpus * spanSeconds, booting: 0, loading: 0, draining: 0 },
      occupancy: [{ gpus, seconds: spanSeconds }],
      busyGpuSeconds: p.workloads.reduce((sum, w, i) => sum + (busyByPool(w, result.workloads[i]!)[pool.name] ?? 0), 0),
    }
  })
  return { spanSeconds, pools, workloads, training: [] }
}

const poolSpec = (pool: PreparedScenario["pools"][number]): Pick<PoolUsage, "name" | "gpu" | "gpusPerNode" | "nodes"> => ({
  name: pool.name,
  gpu: { name: pool.gpu.name, tdpWatts: pool.gpu.tdpWatts, idleWatts: pool.gpu.idleWatts },
  gpusPerNode: pool.gpusPerNode,
  nodes: { min: pool.minNodes, max: pool.maxNodes, initial: pool.initialNodes },
})

const fleetPool = (pool: PreparedScenario["pools"][number], fleet: FleetUsageLike): PoolUsage => {
  const f = fleet.pools.find((x) => x.name === pool.name)
  const none = { serving: 0, booting: 0, loading: 0, draining: 0 }
  return { ...poolSpec(pool), provisionedGpuSeconds: f?.provisionedGpuSeconds ?? none, occupancy: f?.occupancy ?? [], busyGpuSeconds: f?.busyGpuSeconds ?? 0 }
}

/** A training job pays for the GPU-seconds its gang held on its pool. */
const fleetTraining = (fleet: FleetUsageLike): Usage["training"] =>
  fleet.training.map((t) => ({ name: t.name, gpuSecondsByPool: t.pool === null ? {} : { [t.pool]: t.gpuHours * 3600 } }))

/** The scenario's prices, catalog fallbacks resolved against the prepared (overridden) GPUs. */
export const priceBookOf = (p: PreparedScenario, explicit: (path: string) => boolean): PriceBook =>
  resolvePriceBook({
    pools: p.pools.map((pool, i) => ({ name: pool.name, gpu: pool.gpu, pricing: p.scenario.pools[i]!.pricing })),
    facility: p.scenario.facility,
    explicit,
  })

/** The scenario's `quote:` as ledger terms. */
export const quoteTermsOf = (s: Scenario): QuoteTerms => ({
  margin: s.quote.margin,
  commitmentSeconds: s.quote.commitment,
  ...(s.quote.inputOutputSplit !== undefined ? { inputShareOfGpuTime: s.quote.inputOutputSplit } : {}),
})
