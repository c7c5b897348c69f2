/**
 * Staleness of a dated price. cost/ never reads the clock: the app passes today's date.
 *
 * Determinism: the report carries each price's `asOf` and a `stale` flag but NOT the date it was
 * checked on, so two runs of the same scenario and seed are byte-identical on the same day and on
 * any later day until a price crosses the 180-day line — which is a real change in the advice.
 */
import { STALE_AFTER_DAYS } from "./defaults.ts"

const MS_PER_DAY = 86_400_000

/** Days from `asOf` to `today` (ISO dates, `YYYY-MM-DD`); NaN when either does not parse. */
export const ageDays = (asOf: string, today: string): number => {
  const a = Date.parse(`${asOf.slice(0, 10)}T00:00:00Z`)
  const t = Date.parse(`${today.slice(0, 10)}T00:00:00Z`)
  return (t - a) / MS_PER_DAY
}

/**
 * Whether a price dated `asOf` is older than `maxAgeDays` on `today`; null when there is no date
 * to check against (no `today` given, or the price has no as-of date).
 *
 * @example isStale("2025-06-01", "2026-12-04") // true (551 days)
 * @example isStale("2026-03-01", "2026-06-01") // false (92 days)
 */
export const isStale = (asOf: string | null, today: string | undefined, maxAgeDays: number = STALE_AFTER_DAYS): boolean | null => {
  if (asOf === null || asOf === "" || today === undefined) return null
  const age = ageDays(asOf, today)
  return Number.isNaN(age) ? null : age > maxAgeDays
}
