/** Small builders of usage records and price books for the cost tests. */
import type { PoolPrices, PoolPricing, PriceBook, PriceItem } from "../../src/cost/price-book.ts"
import type { PoolUsage, WorkloadUsage } from "../../src/cost/usage.ts"

export const DAY = 86_400
export const HOUR = 3_600

export const price = (value: number, asOf: string | null = null): PriceItem => ({ value, source: asOf ? "catalog test" : "scenario", asOf, builtIn: asOf !== null })

/** A pool held at a constant `gpus` for `seconds`, busy `busyShare` of it. */
export const steadyPool = (name: string, gpus: number, seconds: number, busyShare: number, extra: Partial<PoolUsage> = {}): PoolUsage => ({
  name,
  gpu: { name: "H100-SXM", tdpWatts: 700, idleWatts: 70 },
  gpusPerNode: 8,
  nodes: { min: gpus / 8, max: gpus / 8, initial: gpus / 8 },
  provisionedGpuSeconds: { serving: gpus * seconds, booting: 0, loading: 0, draining: 0 },
  occupancy: [{ gpus, seconds }],
  busyGpuSeconds: gpus * seconds * busyShare,
  ...extra,
})

export const poolPrices = (pool: string, pricing: PoolPricing, onDemand = 2.99, reserved = 2.0): PoolPrices => ({
  pool,
  gpu: "H100-SXM",
  pricing,
  reference: { onDemandPerGpuHour: price(onDemand), reservedPerGpuHour: price(reserved) },
})

export const book = (pools: PoolPrices[], pue = 1.3, electricityPerKwh = 0.08): PriceBook => ({
  pools,
  facility: { pue, pueBuiltIn: false, electricityPerKwh: price(electricityPerKwh) },
})

export const workload = (name: string, busyGpuSecondsByPool: Record<string, number>, inputTokens: number, outputTokens: number, inputShareOfGpuTime = 0.25): WorkloadUsage => ({
  name,
  busyGpuSecondsByPool,
  provisionedForGpuSeconds: Object.values(busyGpuSecondsByPool).reduce((a, b) => a + b, 0),
  inputTokens,
  outputTokens,
  inputShareOfGpuTime,
})
