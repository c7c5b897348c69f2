/**
 * Adapters from a prepared scenario and one discrete-event serving run to the ledger's inputs:
 * the usage record, the price book and the quote terms. The only place in cost/ that knows how the
 * run was simulated; everything else prices plain usage.
 *
 * Today every pool holds its starting nodes for the whole billed span, all of it `serving` (no
 * booting, loading or draining until fleet dynamics exist), and training jobs are not simulated.
 */
import type { Scenario } from "../domain/scenario/index.ts"
import type { PreparedScenario, PreparedWorkload } from "../model/prepare.ts"
import type { ServingResult, WorkloadServingResult } from "../model/serving/types.ts"
import { resolvePriceBook, type PriceBook } from "./price-book.ts"
import type { QuoteTerms } from "./quote.ts"
import { inputShareOfGpuTime } from "./token-split.ts"
import type { PoolUsage, Usage, WorkloadUsage } from "./usage.ts"

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

const workloadUsage = (w: PreparedWorkload, r: WorkloadServingResult): WorkloadUsage => {
  const completed = r.counts.completed
  return {
    name: w.name,
    busyGpuSecondsByPool: busyByPool(w, r),
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

/** The usage of one serving run: pools held at their starting nodes until the run ends. */
export const usageFromServing = (p: PreparedScenario, result: ServingResult): Usage => {
  const spanSeconds = Math.max(result.horizonSeconds, ...result.workloads.map((w) => w.endSeconds))
  const workloads = p.workloads.map((w, i) => workloadUsage(w, result.workloads[i]!))
  const pools: PoolUsage[] = p.pools.map((pool) => {
    const gpus = pool.initialNodes * pool.gpusPerNode
    return {
      name: pool.name,
      gpu: { name: pool.gpu.name, tdpWatts: pool.gpu.tdpWatts, idleWatts: pool.gpu.idleWatts },
      gpusPerNode: pool.gpusPerNode,
      nodes: { min: pool.minNodes, max: pool.maxNodes, initial: pool.initialNodes },
      provisionedGpuSeconds: { serving: gpus * spanSeconds, booting: 0, loading: 0, draining: 0 },
      occupancy: [{ gpus, seconds: spanSeconds }],
      busyGpuSeconds: workloads.reduce((sum, w) => sum + (w.busyGpuSecondsByPool[pool.name] ?? 0), 0),
    }
  })
  return { spanSeconds, pools, workloads, training: [] }
}

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
