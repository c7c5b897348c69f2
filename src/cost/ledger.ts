/**
 * The cost ledger: usage × prices → what the deal costs us, pool by pool and consumer by consumer.
 * Pure and cheap (a few dozen arithmetic operations per pool), so re-pricing never re-simulates.
 *
 * Attribution: each pool's cost is spread over its provisioned GPU-seconds; a workload or training
 * job pays that average rate for the GPU-seconds it kept busy, and the rest — provisioned but not
 * busy, or committed and not even provisioned — is the `idle` line, never hidden. So
 *   total = Σ workloads + Σ training + idle.
 * The fully loaded cost (`loadedCost`) additionally hands each pool's idle cost to the consumers
 * of that pool by busy share (pools nobody used: to everyone, by attributed cost); the quote
 * prices tokens on it so that they recover the whole fleet.
 */
import { poolCost, type PoolCost } from "./pool-cost.ts"
import type { PriceBook } from "./price-book.ts"
import type { Usage } from "./usage.ts"

/** One consumer (inference workload or training job) in the ledger. */
export interface ConsumerCost {
  readonly name: string
  /** Cost of the GPU-seconds it kept busy. */
  readonly cost: number
  /** `cost` plus its share of the idle cost. */
  readonly loadedCost: number
  readonly busyGpuSeconds: number
}

export interface WorkloadCost extends ConsumerCost {
  readonly inputTokens: number
  readonly outputTokens: number
  readonly inputShareOfGpuTime: number
  /** Attributed cost (idle excluded) per 1M output tokens; null when none were served. */
  readonly perMillionOutputTokens: number | null
  /** Attributed cost per 1M tokens, input and output together. */
  readonly perMillionTokens: number | null
}

export interface Ledger {
  readonly spanSeconds: number
  readonly total: number
  readonly pools: ReadonlyArray<PoolCost>
  readonly workloads: ReadonlyArray<WorkloadCost>
  readonly training: ReadonlyArray<ConsumerCost>
  /** Provisioned-but-not-busy and committed-but-not-provisioned cost. */
  readonly idle: number
  /** Total by pricing kind. */
  readonly byKind: Readonly<Record<PoolCost["kind"], number>>
  /** GPU energy of every pool (IT load, kWh). */
  readonly energyKwh: number
  /** What the ledger pays for electricity (owned pools only). */
  readonly energyCost: number
  readonly provisionedGpuSeconds: number
  readonly busyGpuSeconds: number
  /** Total cost (idle included) per 1M output tokens of all workloads; null when none. */
  readonly perMillionOutputTokens: number | null
  /** Total cost per 1M tokens (input + output) of all workloads; null when none. */
  readonly perMillionTokens: number | null
}

const perMillion = (cost: number, tokens: number): number | null => (tokens > 0 ? (cost / tokens) * 1e6 : null)
const sum = (xs: ReadonlyArray<number>): number => xs.reduce((a, b) => a + b, 0)

/**
 * Price `usage` with `book`. Pools are matched by name; a pool without prices is an error of the
 * caller (the report builds both from the same scenario).
 */
export const buildLedger = (usage: Usage, book: PriceBook): Ledger => {
  const pricesByPool = new Map(book.pools.map((p) => [p.pool, p]))
  const pools = usage.pools.map((u) => {
    const prices = pricesByPool.get(u.name)
    if (prices === undefined) throw new Error(`no prices for pool ${u.name}`)
    return poolCost(u, prices, book.facility, usage.spanSeconds)
  })

  // Consumers' busy GPU-seconds per pool: workloads first, then training jobs.
  const consumers = [
    ...usage.workloads.map((w) => w.busyGpuSecondsByPool),
    ...usage.training.map((t) => t.gpuSecondsByPool),
  ]
  const attributed = consumers.map(() => 0)
  const loaded = consumers.map(() => 0)
  const busyOf = consumers.map((c) => sum(Object.values(c)))
  let unclaimed = 0 // cost of pools no consumer used
  for (const pc of pools) {
    const busyHere = consumers.map((c) => c[pc.pool] ?? 0)
    const busyTotal = sum(busyHere)
    const denominator = Math.max(pc.provisionedGpuSeconds, busyTotal)
    busyHere.forEach((b, i) => {
      if (denominator > 0) attributed[i]! += (pc.total * b) / denominator
      if (busyTotal > 0) loaded[i]! += (pc.total * b) / busyTotal
    })
    if (busyTotal === 0) unclaimed += pc.total
  }
  const attributedTotal = sum(attributed)
  const busyAll = sum(busyOf)
  const spread = (i: number): number =>
    attributedTotal > 0 ? (unclaimed * attributed[i]!) / attributedTotal : busyAll > 0 ? (unclaimed * busyOf[i]!) / busyAll : 0
  const consumer = (name: string, i: number): ConsumerCost => ({ name, cost: attributed[i]!, loadedCost: loaded[i]! + spread(i), busyGpuSeconds: busyOf[i]! })

  const workloads: WorkloadCost[] = usage.workloads.map((w, i) => {
    const c = consumer(w.name, i)
    return {
      ...c,
      inputTokens: w.inputTokens,
      outputTokens: w.outputTokens,
      inputShareOfGpuTime: w.inputShareOfGpuTime,
      perMillionOutputTokens: perMillion(c.cost, w.outputTokens),
      perMillionTokens: perMillion(c.cost, w.inputTokens + w.outputTokens),
    }
  })
  const training = usage.training.map((t, j) => consumer(t.name, usage.workloads.length + j))

  const total = sum(pools.map((p) => p.total))
  const byKind = { "on-demand": 0, reserved: 0, spot: 0, owned: 0 }
  for (const p of pools) byKind[p.kind] += p.total
  const outputTokens = sum(usage.workloads.map((w) => w.outputTokens))
  const allTokens = outputTokens + sum(usage.workloads.map((w) => w.inputTokens))
  return {
    spanSeconds: usage.spanSeconds,
    total,
    pools,
    workloads,
    training,
    idle: total - attributedTotal,
    byKind,
    energyKwh: sum(pools.map((p) => p.energyKwh)),
    energyCost: sum(pools.map((p) => p.lines.energy)),
    provisionedGpuSeconds: sum(pools.map((p) => p.provisionedGpuSeconds)),
    // What consumers used (workloads at their capacity share, training jobs' held GPUs): the
    // utilization the quote's break-even and the report see. Pools' own busy time is physical and
    // only drives energy.
    busyGpuSeconds: Math.min(busyAll, sum(pools.map((p) => p.provisionedGpuSeconds))),
    perMillionOutputTokens: perMillion(total, outputTokens),
    perMillionTokens: perMillion(total, allTokens),
  }
}
