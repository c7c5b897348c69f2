/**
 * Cost and quotes, pure: usage of a finished run + a price book + quote terms → ledger, quote and
 * the list of prices used. Re-pricing is calling `priceUsage` again with another book or terms.
 *
 * ```ts
 * const priced = priceUsage(usage, book, { margin: 0.3, commitmentSeconds: 12 * 30 * 86_400 }, "2026-12-04")
 * priced.ledger.total          // what the span costs us
 * priced.quote.perGpuHour      // what we quote per GPU-hour
 * priced.prices.filter((p) => p.stale)   // built-in prices older than 180 days
 * ```
 */
import { buildLedger, type Ledger } from "./ledger.ts"
import type { PriceBook } from "./price-book.ts"
import { pricesUsed, type PriceUsed } from "./prices-used.ts"
import { buildQuote, type Quote, type QuoteTerms } from "./quote.ts"
import type { Usage } from "./usage.ts"

export * from "./usage.ts"
export * from "./price-book.ts"
export * from "./pool-cost.ts"
export * from "./energy.ts"
export * from "./ledger.ts"
export * from "./quote.ts"
export * from "./prices-used.ts"
export * from "./token-split.ts"
export * from "./stale.ts"
export * from "./defaults.ts"

export interface PricedRun {
  readonly ledger: Ledger
  readonly quote: Quote
  readonly prices: ReadonlyArray<PriceUsed>
}

/**
 * Price a finished run. `today` (ISO date) is only used to flag stale built-in prices; without it
 * their `stale` is null.
 */
export const priceUsage = (usage: Usage, book: PriceBook, terms: QuoteTerms, today?: string): PricedRun => {
  const ledger = buildLedger(usage, book)
  return { ledger, quote: buildQuote(ledger, book, terms), prices: pricesUsed(book, today) }
}
export * from "./from-simulation.ts"
