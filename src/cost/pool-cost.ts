/**
 * The cost of one pool over the billed span, by pricing kind:
 *
 * - on-demand: perGpuHour × every provisioned GPU-hour (booting, loading and draining included);
 * - spot:      perGpuHour × provisioned GPU-hours (interruptions are in the usage already);
 * - reserved:  committed GPUs (the pool's `min` nodes; a fixed pool's node count) × span hours ×
 *              perGpuHour, paid used or not (the term's GPU-hours prorated to the span), plus
 *              overflowPerGpuHour × GPU-hours provisioned above the commitment;
 * - owned:     straight-line depreciation capexPerGpu × owned GPUs (the `max` nodes) × span /
 *              depreciation life, plus energy (GPU kWh × PUE × electricity price) and colocation
 *              (peak node kW × perKwMonth × span / 30 days).
 *
 * GPU energy is computed for every pool; only owned pools pay for it (rented prices include power).
 */
import { SECONDS_PER_HOUR, SECONDS_PER_MONTH } from "./defaults.ts"
import { gpuEnergyKwh, nodePeakKw } from "./energy.ts"
import type { PoolPrices, PriceBook } from "./price-book.ts"
import { provisionedTotal, type PoolUsage } from "./usage.ts"

/** A pool's cost split into what it is paid for; lines a kind does not use are 0. */
export interface PoolCostLines {
  /** On-demand or spot GPU-hours, or the reserved commitment. */
  readonly rental: number
  /** Reserved pools: GPU-hours beyond the commitment at the overflow price. */
  readonly overflow: number
  /** Owned pools: straight-line depreciation of the capex. */
  readonly depreciation: number
  /** Owned pools: electricity (GPU energy × PUE × price). */
  readonly energy: number
  /** Owned pools: colocation per kW-month on the nodes' peak power. */
  readonly colocation: number
}

export interface PoolCost {
  readonly pool: string
  readonly kind: PoolPrices["pricing"]["kind"]
  readonly total: number
  readonly lines: PoolCostLines
  readonly provisionedGpuSeconds: number
  readonly busyGpuSeconds: number
  /** The GPUs' energy (IT load, before PUE), paid or not. */
  readonly energyKwh: number
  /** Reserved: GPUs paid for whether used or not. Owned: GPUs bought. Otherwise 0. */
  readonly committedGpus: number
  /** GPU-seconds provisioned above the commitment (reserved only). */
  readonly overflowGpuSeconds: number
  /** Owned: peak IT power the colocation is contracted on. */
  readonly colocationKw: number
}

const NO_LINES: PoolCostLines = { rental: 0, overflow: 0, depreciation: 0, energy: 0, colocation: 0 }

/** GPU-seconds provisioned above `committedGpus`. */
export const gpuSecondsAbove = (u: PoolUsage, committedGpus: number): number =>
  u.occupancy.reduce((sum, s) => sum + Math.max(0, s.gpus - committedGpus) * s.seconds, 0)

/**
 * Cost of one pool over `spanSeconds`.
 *
 * @example 4 reserved H100 nodes at $1.85 for 7 days: rental = 32 × 168 × 1.85 = 9,945.60
 */
export const poolCost = (u: PoolUsage, prices: PoolPrices, facility: PriceBook["facility"], spanSeconds: number): PoolCost => {
  const provisioned = provisionedTotal(u.provisionedGpuSeconds)
  const energyKwh = gpuEnergyKwh(u.gpu, provisioned, u.busyGpuSeconds)
  const spanHours = spanSeconds / SECONDS_PER_HOUR
  const p = prices.pricing
  let lines = NO_LINES
  let committedGpus = 0
  let overflowGpuSeconds = 0
  let colocationKw = 0
  switch (p.kind) {
    case "on-demand":
    case "spot":
      lines = { ...NO_LINES, rental: (p.perGpuHour.value * provisioned) / SECONDS_PER_HOUR }
      break
    case "reserved":
      committedGpus = u.nodes.min * u.gpusPerNode
      overflowGpuSeconds = gpuSecondsAbove(u, committedGpus)
      lines = {
        ...NO_LINES,
        rental: committedGpus * spanHours * p.perGpuHour.value,
        overflow: (overflowGpuSeconds * p.overflowPerGpuHour.value) / SECONDS_PER_HOUR,
      }
      break
    case "owned":
      committedGpus = u.nodes.max * u.gpusPerNode
      colocationKw = nodePeakKw(u.gpu.tdpWatts, committedGpus)
      lines = {
        ...NO_LINES,
        depreciation: (p.capexPerGpu.value * committedGpus * spanSeconds) / p.depreciationSeconds,
        energy: energyKwh * facility.pue * facility.electricityPerKwh.value,
        colocation: (colocationKw * p.colocationPerKwMonth.value * spanSeconds) / SECONDS_PER_MONTH,
      }
      break
  }
  const total = lines.rental + lines.overflow + lines.depreciation + lines.energy + lines.colocation
  return { pool: u.name, kind: p.kind, total, lines, provisionedGpuSeconds: provisioned, busyGpuSeconds: u.busyGpuSeconds, energyKwh, committedGpus, overflowGpuSeconds, colocationKw }
}
