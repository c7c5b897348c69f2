/**
 * Every price a quote used, with its source, as-of date and staleness, and the assumptions the
 * cost model applied — what the report lists so nobody quotes on a figure they cannot trace.
 */
import type { Assumption } from "../model/assumptions.ts"
import { DEFAULT_PUE_SOURCE, NODE_POWER_PER_GPU_POWER, NODE_POWER_SOURCE, STALE_AFTER_DAYS, STALE_SOURCE } from "./defaults.ts"
import type { PriceBook, PriceItem } from "./price-book.ts"
import { isStale } from "./stale.ts"

/** One price as the report lists it. */
export interface PriceUsed {
  readonly pool: string | null
  readonly kind: string
  /** `perGpuHour`, `overflowPerGpuHour`, `capexPerGpu`, `colocationPerKwMonth`, `electricityPerKwh`, or a `reference…` rate used only for the reserved-vs-on-demand break-even. */
  readonly item: string
  readonly value: number
  readonly source: string
  readonly asOf: string | null
  readonly builtIn: boolean
  /** Built-in and older than 180 days on the date checked; null when no date was given to check. */
  readonly stale: boolean | null
}

const line = (pool: string | null, kind: string, item: string, p: PriceItem, today: string | undefined): PriceUsed => ({
  pool,
  kind,
  item,
  value: p.value,
  source: p.source,
  asOf: p.asOf,
  builtIn: p.builtIn,
  stale: p.builtIn ? isStale(p.asOf, today) : false,
})

/** The prices of `book`, in pool order; electricity only when an owned pool pays for it. */
export const pricesUsed = (book: PriceBook, today: string | undefined): PriceUsed[] => {
  const out: PriceUsed[] = []
  for (const p of book.pools) {
    const k = p.pricing
    const add = (item: string, price: PriceItem) => out.push(line(p.pool, k.kind, item, price, today))
    switch (k.kind) {
      case "on-demand":
        add("perGpuHour", k.perGpuHour)
        add("referenceReservedPerGpuHour", p.reference.reservedPerGpuHour)
        break
      case "spot":
        add("perGpuHour", k.perGpuHour)
        break
      case "reserved":
        add("perGpuHour", k.perGpuHour)
        add("overflowPerGpuHour", k.overflowPerGpuHour)
        break
      case "owned":
        add("capexPerGpu", k.capexPerGpu)
        add("colocationPerKwMonth", k.colocationPerKwMonth)
        break
    }
  }
  if (book.pools.some((p) => p.pricing.kind === "owned")) out.push(line(null, "facility", "electricityPerKwh", book.facility.electricityPerKwh, today))
  return out
}

const pricePath: Record<string, string> = {
  perGpuHour: "perGpuHour",
  overflowPerGpuHour: "overflowPerGpuHour",
  capexPerGpu: "capexPerGpu",
}

/**
 * Assumptions of the cost model for a priced run: built-in prices (with as-of date and staleness),
 * the commitment and ownership rules, facility defaults when an owned pool uses them, the node
 * power ratio, the 30-day month, the staleness threshold and how input and output share GPU time.
 */
export const costAssumptions = (book: PriceBook, prices: ReadonlyArray<PriceUsed>, measuredSplit: boolean): Assumption[] => {
  const out: Assumption[] = []
  const poolIndex = new Map(book.pools.map((p, i) => [p.pool, i]))
  for (const p of prices) {
    if (!p.builtIn) continue
    const stale = p.stale === true ? `; STALE: older than ${STALE_AFTER_DAYS} days` : ""
    const at = p.pool === null ? `facility.${p.item}` : pricePath[p.item] !== undefined ? `pools[${poolIndex.get(p.pool)}].pricing.${pricePath[p.item]}` : `pools[${poolIndex.get(p.pool)}].${p.item}`
    out.push({ path: at, value: String(p.value), source: `${p.source} (as of ${p.asOf ?? "?"}${stale})` })
  }
  book.pools.forEach((p, i) => {
    if (p.pricing.kind === "reserved")
      out.push({ path: `pools[${i}].pricing.committedNodes`, value: "the pool's min nodes (a fixed pool: its nodes)", source: "gpuplan: a reservation commits the floor of the pool; nodes above it are overflow at overflowPerGpuHour" })
    if (p.pricing.kind === "owned") {
      out.push({ path: `pools[${i}].pricing.ownedNodes`, value: "the pool's max nodes", source: "gpuplan: the hardware a pool may grow to is bought; depreciation and colocation run on all of it, energy only on provisioned GPUs" })
      out.push({ path: "cost.nodePowerPerGpuPower", value: NODE_POWER_PER_GPU_POWER.toFixed(3), source: NODE_POWER_SOURCE })
      if (book.facility.pueBuiltIn) out.push({ path: "facility.pue", value: String(book.facility.pue), source: DEFAULT_PUE_SOURCE })
    }
  })
  out.push({ path: "cost.energy", value: "GPU idle-to-TDP linear in busy time, IT load before PUE", source: "DESIGN.md (Cost and quotes); only owned pools pay for it, rented prices include power" })
  out.push({ path: "quote.month", value: "30 days", source: "billing month, as `mo` in scenario durations (SCENARIO.md Units)" })
  out.push({ path: "quote.staleAfterDays", value: String(STALE_AFTER_DAYS), source: STALE_SOURCE })
  if (measuredSplit)
    out.push({ path: "quote.inputOutputSplit", value: "measured: prefill time of the mean prompt vs decode time of the mean output at the mean batch", source: "gpuplan perf model (cost/token-split.ts)" })
  return out
}
