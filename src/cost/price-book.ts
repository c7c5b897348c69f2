/**
 * The price book: every price the ledger uses, resolved once from the scenario's `pricing:` and
 * `facility:` with the GPU catalog as fallback, each carrying its source and as-of date. Changing a
 * price means changing this plain record; the usage it prices stays as it was.
 *
 * ```ts
 * const book = resolvePriceBook({ pools: [{ name: "burst", gpu: GPUS["H100-SXM"], pricing: { kind: "on-demand" } }],
 *                                 facility: { pue: 1.3, electricityPerKwh: 0.0806 }, explicit: () => false })
 * book.pools[0].pricing // { kind: "on-demand", perGpuHour: { value: 2.99, source: "catalog H100-SXM: …", asOf: "2026-03-01", builtIn: true } }
 * ```
 */
import type { GpuSpec } from "../domain/catalog/index.ts"
import type { Pricing } from "../domain/scenario/index.ts"
import { DEFAULT_ELECTRICITY_AS_OF, DEFAULT_ELECTRICITY_SOURCE } from "./defaults.ts"

/** One price with where it comes from. `builtIn` = not written in the scenario. */
export interface PriceItem {
  readonly value: number
  readonly source: string
  /** ISO date the figure was true; null for prices the scenario gives. */
  readonly asOf: string | null
  readonly builtIn: boolean
}

/** How one pool is paid for, every price resolved. */
export type PoolPricing =
  | { readonly kind: "on-demand"; readonly perGpuHour: PriceItem }
  | { readonly kind: "spot"; readonly perGpuHour: PriceItem }
  | {
      readonly kind: "reserved"
      readonly perGpuHour: PriceItem
      /** Price of GPU-hours beyond the committed nodes (on-demand). */
      readonly overflowPerGpuHour: PriceItem
      readonly termSeconds: number
    }
  | {
      readonly kind: "owned"
      readonly capexPerGpu: PriceItem
      readonly depreciationSeconds: number
      readonly colocationPerKwMonth: PriceItem
    }

/** A pool's prices, plus the market's on-demand and reserved rates for its GPU (for break-evens). */
export interface PoolPrices {
  readonly pool: string
  readonly gpu: string
  readonly pricing: PoolPricing
  readonly reference: { readonly onDemandPerGpuHour: PriceItem; readonly reservedPerGpuHour: PriceItem }
}

export interface PriceBook {
  readonly pools: ReadonlyArray<PoolPrices>
  readonly facility: {
    /** Power usage effectiveness: facility power / IT power. */
    readonly pue: number
    readonly pueBuiltIn: boolean
    readonly electricityPerKwh: PriceItem
  }
}

export interface PriceBookInput {
  readonly pools: ReadonlyArray<{ readonly name: string; readonly gpu: GpuSpec; readonly pricing: Pricing }>
  readonly facility: { readonly pue: number; readonly electricityPerKwh: number }
  /** Whether the scenario wrote the value at this path (`facility.pue`); schema defaults are not. */
  readonly explicit: (path: string) => boolean
}

const given = (value: number): PriceItem => ({ value, source: "scenario", asOf: null, builtIn: false })

const catalog = (gpu: GpuSpec, value: number, what: string): PriceItem => ({
  value,
  source: `catalog ${gpu.name} ${what}: ${gpu.prices.source}`,
  asOf: gpu.prices.asOf,
  builtIn: true,
})

const orCatalog = (value: number | undefined, gpu: GpuSpec, fallback: number, what: string): PriceItem =>
  value !== undefined ? given(value) : catalog(gpu, fallback, what)

const poolPricing = (p: Pricing, gpu: GpuSpec): PoolPricing => {
  const ref = gpu.prices
  switch (p.kind) {
    case "on-demand":
      return { kind: "on-demand", perGpuHour: orCatalog(p.perGpuHour, gpu, ref.onDemandPerGpuHour, "on-demand") }
    case "spot":
      return { kind: "spot", perGpuHour: orCatalog(p.perGpuHour, gpu, ref.spotPerGpuHour, "spot") }
    case "reserved":
      return {
        kind: "reserved",
        perGpuHour: orCatalog(p.perGpuHour, gpu, ref.reservedPerGpuHour, "reserved"),
        overflowPerGpuHour: orCatalog(p.overflowPerGpuHour, gpu, ref.onDemandPerGpuHour, "on-demand (overflow)"),
        termSeconds: p.term,
      }
    case "owned":
      return {
        kind: "owned",
        capexPerGpu: orCatalog(p.capexPerGpu, gpu, ref.capexPerGpu, "capex per GPU"),
        depreciationSeconds: p.depreciation,
        colocationPerKwMonth: given(p.colocationPerKwMonth),
      }
  }
}

/** The market rates of a pool's GPU: its own price where the pool sets one, else the catalog's. */
const referenceRates = (pricing: PoolPricing, gpu: GpuSpec): PoolPrices["reference"] => ({
  onDemandPerGpuHour:
    pricing.kind === "on-demand" ? pricing.perGpuHour : pricing.kind === "reserved" ? pricing.overflowPerGpuHour : catalog(gpu, gpu.prices.onDemandPerGpuHour, "on-demand"),
  reservedPerGpuHour: pricing.kind === "reserved" ? pricing.perGpuHour : catalog(gpu, gpu.prices.reservedPerGpuHour, "reserved"),
})

/** Resolve every price of a scenario's pools and facility. */
export const resolvePriceBook = (input: PriceBookInput): PriceBook => ({
  pools: input.pools.map((p) => {
    const pricing = poolPricing(p.pricing, p.gpu)
    return { pool: p.name, gpu: p.gpu.name, pricing, reference: referenceRates(pricing, p.gpu) }
  }),
  facility: {
    pue: input.facility.pue,
    pueBuiltIn: !input.explicit("facility.pue"),
    electricityPerKwh: input.explicit("facility.electricityPerKwh")
      ? given(input.facility.electricityPerKwh)
      : { value: input.facility.electricityPerKwh, source: DEFAULT_ELECTRICITY_SOURCE, asOf: DEFAULT_ELECTRICITY_AS_OF, builtIn: true },
  },
})
