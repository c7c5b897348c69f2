/**
 * The quote: a margin on the ledger's cost. With gross margin m, price = cost / (1 − m).
 *
 * - per GPU-hour: (total cost / provisioned GPU-hours) / (1 − m) — the blended rate of the pool set;
 * - per 1M input / output tokens: each workload's fully loaded cost (its busy cost plus its share
 *   of idle, so tokens recover the whole fleet) split by its input share of GPU time, over its
 *   input resp. output tokens, / (1 − m); the headline figures pool all workloads;
 * - monthly: cost per 30 days / (1 − m); for the commitment: monthly × commitment months;
 * - break-even utilization: the fleet utilization at which the quoted token prices just cover the
 *   provisioned fleet's cost. Revenue scales with tokens, hence with busy GPU time, so at the
 *   simulated utilization u the revenue is cost/(1 − m) and it equals the cost at u·(1 − m)
 *   (assumes tokens per busy GPU-second stay as simulated);
 * - reserved vs on-demand break-even: reserving costs p_r every hour, on-demand p_od only when
 *   used, so reserving is cheaper above the utilization p_r / p_od.
 */
import { SECONDS_PER_HOUR, SECONDS_PER_MONTH } from "./defaults.ts"
import type { Ledger } from "./ledger.ts"
import type { PriceBook } from "./price-book.ts"

export interface QuoteTerms {
  /** Gross margin, 0 ≤ m < 1. */
  readonly margin: number
  /** The customer's commitment, for the commitment total. */
  readonly commitmentSeconds: number
  /** Overrides every workload's measured input share of GPU time (scenario `quote.inputOutputSplit`). */
  readonly inputShareOfGpuTime?: number
}

export interface WorkloadQuote {
  readonly name: string
  readonly inputShareOfGpuTime: number
  readonly perMillionInputTokens: number | null
  readonly perMillionOutputTokens: number | null
}

export interface ReservedVsOnDemand {
  readonly pool: string
  readonly gpu: string
  readonly reservedPerGpuHour: number
  readonly onDemandPerGpuHour: number
  /** Reserving is cheaper above this utilization of the reserved GPUs. */
  readonly breakEvenUtilization: number
}

export interface Quote {
  readonly margin: number
  /** Price of the whole span (cost / (1 − m)). */
  readonly price: number
  readonly perGpuHour: number
  /** Cost per provisioned GPU-hour of the pool set, before margin. */
  readonly blendedCostPerGpuHour: number
  readonly perMillionInputTokens: number | null
  readonly perMillionOutputTokens: number | null
  /** Share of the workloads' loaded cost priced into input tokens. */
  readonly inputShareOfGpuTime: number
  readonly monthly: number
  readonly commitmentMonths: number
  readonly commitmentTotal: number
  /** Busy / provisioned GPU-seconds of the fleet as simulated. */
  readonly utilization: number
  readonly breakEvenUtilization: number
  readonly reservedVsOnDemand: ReadonlyArray<ReservedVsOnDemand>
  readonly workloads: ReadonlyArray<WorkloadQuote>
}

const perMillion = (cost: number, tokens: number): number | null => (tokens > 0 ? (cost / tokens) * 1e6 : null)

/** Reserved-vs-on-demand break-even of every on-demand or reserved pool (their market rates). */
export const reservedVsOnDemand = (book: PriceBook): ReservedVsOnDemand[] =>
  book.pools
    .filter((p) => p.pricing.kind === "on-demand" || p.pricing.kind === "reserved")
    .map((p) => {
      const reserved = p.reference.reservedPerGpuHour.value
      const onDemand = p.reference.onDemandPerGpuHour.value
      return { pool: p.pool, gpu: p.gpu, reservedPerGpuHour: reserved, onDemandPerGpuHour: onDemand, breakEvenUtilization: onDemand > 0 ? reserved / onDemand : 0 }
    })

/**
 * The quote for a priced run.
 *
 * @example cost $7,000 over 7 days, margin 30%: price $10,000; monthly = 10,000 × 30/7 = $42,857.14
 */
export const buildQuote = (ledger: Ledger, book: PriceBook, terms: QuoteTerms): Quote => {
  const markup = 1 / (1 - terms.margin)
  const provisionedHours = ledger.provisionedGpuSeconds / SECONDS_PER_HOUR
  const blended = provisionedHours > 0 ? ledger.total / provisionedHours : 0
  let inputCost = 0, outputCost = 0, inputTokens = 0, outputTokens = 0
  const workloads = ledger.workloads.map((w) => {
    const share = terms.inputShareOfGpuTime ?? w.inputShareOfGpuTime
    const wIn = w.loadedCost * share
    const wOut = w.loadedCost - wIn
    inputCost += wIn
    outputCost += wOut
    inputTokens += w.inputTokens
    outputTokens += w.outputTokens
    const pIn = perMillion(wIn, w.inputTokens)
    const pOut = perMillion(wOut, w.outputTokens)
    return { name: w.name, inputShareOfGpuTime: share, perMillionInputTokens: pIn === null ? null : pIn * markup, perMillionOutputTokens: pOut === null ? null : pOut * markup }
  })
  const pIn = perMillion(inputCost, inputTokens)
  const pOut = perMillion(outputCost, outputTokens)
  const utilization = ledger.provisionedGpuSeconds > 0 ? ledger.busyGpuSeconds / ledger.provisionedGpuSeconds : 0
  const monthly = ledger.spanSeconds > 0 ? ((ledger.total / ledger.spanSeconds) * SECONDS_PER_MONTH) * markup : 0
  const commitmentMonths = terms.commitmentSeconds / SECONDS_PER_MONTH
  const rvo = reservedVsOnDemand(book)
  return {
    margin: terms.margin,
    price: ledger.total * markup,
    perGpuHour: blended * markup,
    blendedCostPerGpuHour: blended,
    perMillionInputTokens: pIn === null ? null : pIn * markup,
    perMillionOutputTokens: pOut === null ? null : pOut * markup,
    inputShareOfGpuTime: inputCost + outputCost > 0 ? inputCost / (inputCost + outputCost) : 0,
    monthly,
    commitmentMonths,
    commitmentTotal: monthly * commitmentMonths,
    utilization,
    breakEvenUtilization: utilization * (1 - terms.margin),
    reservedVsOnDemand: rvo,
    workloads,
  }
}
