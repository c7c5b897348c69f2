/**
 * The report's cost and quote sections: a finished serving run priced by cost/ (usage → ledger →
 * quote), then mapped to the JSON contract (`cost.*`, `quote.*`, `pools[i].cost`,
 * `pools[i].energyKwh`) with every number at the report's 6 significant digits. Re-pricing is
 * `pricedSections(usage, book, terms, …)` again: the simulation is not touched.
 */
import {
  costAssumptions,
  priceBookOf,
  priceUsage,
  quoteTermsOf,
  STALE_AFTER_DAYS,
  usageFromServing,
  type PriceBook,
  type PricedRun,
  type QuoteTerms,
  type Usage,
} from "../cost/index.ts"
import { AssumptionLog, type Assumption } from "../model/assumptions.ts"
import type { PreparedScenario } from "../model/prepare.ts"
import type { ServingResult } from "../model/serving/types.ts"
import { formatDuration } from "../domain/units.ts"
import { round } from "./statistics.ts"
import type { CostReport, PoolReport, QuoteReport } from "./types.ts"

/** Money: 6 significant digits like every report number, but never coarser than a cent ($730,697.14, not $730,697). */
const r = (x: number): number => (Math.abs(x) >= 1e4 ? Math.round(x * 100) / 100 : round(x))
const rn = (x: number | null): number | null => (x === null ? null : r(x))
const HOUR = 3600

/** The sections a priced run contributes to the report. */
export interface PricedSections {
  readonly cost: CostReport
  readonly quote: QuoteReport
  /** Per pool (in pool order): the fields a PoolReport takes from the ledger. */
  readonly pools: ReadonlyArray<Pick<PoolReport, "energyKwh" | "cost" | "costBreakdown" | "committedGpus" | "costPerGpuHour">>
  readonly assumptions: ReadonlyArray<Assumption>
}

/** Map a priced run to the report's sections. `measuredSplit`: the input/output split came from the perf model. */
export const sectionsOf = (priced: PricedRun, book: PriceBook, currency: string, measuredSplit: boolean): PricedSections => {
  const { ledger, quote } = priced
  const byWorkload: Record<string, number> = {}
  for (const w of ledger.workloads) byWorkload[w.name] = r(w.cost)
  const byPool: Record<string, number> = {}
  for (const p of ledger.pools) byPool[p.pool] = r(p.total)
  const byTraining: Record<string, number> = {}
  for (const t of ledger.training) byTraining[t.name] = r(t.cost)
  const byKind: Record<string, number> = {}
  for (const [k, v] of Object.entries(ledger.byKind)) if (v !== 0) byKind[k] = r(v)
  const firstRvo = quote.reservedVsOnDemand[0]
  return {
    cost: {
      currency,
      total: r(ledger.total),
      byWorkload,
      byPool,
      idle: r(ledger.idle),
      energy: r(ledger.energyCost),
      perMillionOutputTokens: rn(ledger.perMillionOutputTokens),
      perMillionTokens: rn(ledger.perMillionTokens),
      spanSeconds: r(ledger.spanSeconds),
      energyKwh: r(ledger.energyKwh),
      byKind,
      byTraining,
      workloads: ledger.workloads.map((w) => ({
        name: w.name,
        cost: r(w.cost),
        loadedCost: r(w.loadedCost),
        gpuHoursBusy: r(w.busyGpuSeconds / HOUR),
        perMillionOutputTokens: rn(w.perMillionOutputTokens),
        perMillionTokens: rn(w.perMillionTokens),
      })),
    },
    quote: {
      margin: quote.margin,
      perGpuHour: r(quote.perGpuHour),
      perMillionInputTokens: rn(quote.perMillionInputTokens),
      perMillionOutputTokens: rn(quote.perMillionOutputTokens),
      monthly: r(quote.monthly),
      breakEvenUtilization: r(quote.breakEvenUtilization),
      price: r(quote.price),
      blendedCostPerGpuHour: r(quote.blendedCostPerGpuHour),
      inputShareOfGpuTime: r(quote.inputShareOfGpuTime),
      inputOutputSplit: measuredSplit
        ? "measured: prefill of the mean prompt vs decode of the mean output at the mean batch"
        : "given in the scenario (quote.inputOutputSplit)",
      commitmentMonths: r(quote.commitmentMonths),
      commitmentTotal: r(quote.commitmentTotal),
      utilization: r(quote.utilization),
      reservedVsOnDemandBreakEven: firstRvo === undefined ? null : r(firstRvo.breakEvenUtilization),
      reservedVsOnDemand: quote.reservedVsOnDemand.map((x) => ({ ...x, breakEvenUtilization: r(x.breakEvenUtilization) })),
      byWorkload: quote.workloads.map((w) => ({ name: w.name, inputShareOfGpuTime: r(w.inputShareOfGpuTime), perMillionInputTokens: rn(w.perMillionInputTokens), perMillionOutputTokens: rn(w.perMillionOutputTokens) })),
      prices: priced.prices.map((p) => ({ ...p })),
      staleAfterDays: STALE_AFTER_DAYS,
    },
    pools: ledger.pools.map((p) => ({
      energyKwh: r(p.energyKwh),
      cost: r(p.total),
      costBreakdown: { rental: r(p.lines.rental), overflow: r(p.lines.overflow), depreciation: r(p.lines.depreciation), energy: r(p.lines.energy), colocation: r(p.lines.colocation) },
      committedGpus: p.committedGpus,
      costPerGpuHour: r(p.provisionedGpuSeconds > 0 ? p.total / (p.provisionedGpuSeconds / HOUR) : 0),
    })),
    assumptions: costAssumptions(book, priced.prices, measuredSplit),
  }
}

/**
 * Re-price a finished run: usage, prices and terms in, report sections out. This is what the
 * re-pricing benchmark times.
 */
export const pricedSections = (usage: Usage, book: PriceBook, terms: QuoteTerms, currency: string, today?: string): PricedSections =>
  sectionsOf(priceUsage(usage, book, terms, today), book, currency, terms.inputShareOfGpuTime === undefined)

export interface CostOptions {
  /** ISO date (YYYY-MM-DD) to check built-in prices' age against; the app passes today. */
  readonly today?: string
  /** Scenario paths the file wrote, so defaults can be told apart from choices. */
  readonly explicitPaths?: ReadonlySet<string>
}

/** Price one serving run of a prepared scenario; assumptions already filtered to those not written in the scenario. */
export const costSections = (p: PreparedScenario, result: ServingResult, opts: CostOptions = {}): PricedSections => {
  const explicit = opts.explicitPaths ?? new Set<string>()
  const s = p.scenario
  const usage = usageFromServing(p, result)
  const book = priceBookOf(p, (path) => explicit.has(path))
  const sections = pricedSections(usage, book, quoteTermsOf(s), s.currency, opts.today)
  const log = new AssumptionLog(explicit)
  for (const a of p.assumptions) log.add(a.path, a.value, a.source) // earlier entries win
  const before = log.items.length
  log.add("quote.margin", `${s.quote.margin * 100}%`, "default gross margin (scenario schema)")
  log.add("quote.commitment", formatDuration(s.quote.commitment), "default commitment for the monthly price (scenario schema)")
  for (const a of sections.assumptions) log.add(a.path, a.value, a.source)
  return { ...sections, assumptions: log.items.slice(before) }
}
