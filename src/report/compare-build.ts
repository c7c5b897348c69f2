/**
 * `gpuplan compare`: the headline numbers of several reports side by side, deltas against the
 * first, and a one-line verdict — the cheapest scenario that meets every SLO ("own or rent?" at a
 * glance). Pure: reports in, comparison out; running the scenarios is app/compare.ts.
 *
 * Cheapest is by cost per 1M output tokens when every scenario serves inference (it does not depend
 * on the horizon or the demand each one simulated), otherwise by cost per hour of the billed span.
 */
import { money } from "./format.ts"
import { fleetGpus, fleetUtilization, poolGpus } from "./proposal.ts"
import type { Report } from "./types.ts"

export interface Headline {
  readonly name: string
  /** The scenario file, as given on the command line. */
  readonly file: string
  readonly horizonSeconds: number
  readonly currency: string
  readonly costTotal: number | null
  readonly costPerHour: number | null
  readonly costPerMillionOutputTokens: number | null
  readonly quotePerMillionInputTokens: number | null
  readonly quotePerMillionOutputTokens: number | null
  readonly quotePerGpuHour: number | null
  readonly quoteMonthly: number | null
  /** Lowest SLO attainment over the workloads that have an SLO; null without any. */
  readonly sloAttainment: number | null
  /** Every workload's SLO targets met and no training deadline missed; null when nothing has a target. */
  readonly sloMet: boolean | null
  /** Worst (highest) p99 over the workloads; null without inference. */
  readonly ttftP99: number | null
  readonly tpotP99: number | null
  /** Busy / provisioned GPU-hours over every pool. */
  readonly utilization: number
  /** GPUs at most (max nodes × GPUs per node), in total and by pool. */
  readonly gpus: number
  readonly gpusByPool: Readonly<Record<string, number>>
}

/** The numeric headline fields, in table order, with which way is better. */
export const metrics = [
  { key: "costTotal", label: "cost over the horizon", better: "lower", kind: "money" },
  { key: "costPerHour", label: "cost per hour", better: "lower", kind: "money" },
  { key: "costPerMillionOutputTokens", label: "cost per 1M output tokens", better: "lower", kind: "money" },
  { key: "quotePerMillionInputTokens", label: "quote per 1M input tokens", better: "lower", kind: "money" },
  { key: "quotePerMillionOutputTokens", label: "quote per 1M output tokens", better: "lower", kind: "money" },
  { key: "quotePerGpuHour", label: "quote per GPU-hour", better: "lower", kind: "money" },
  { key: "quoteMonthly", label: "quote per month", better: "lower", kind: "money" },
  { key: "sloAttainment", label: "SLO attainment (worst workload)", better: "higher", kind: "share" },
  { key: "ttftP99", label: "p99 TTFT (worst workload)", better: "lower", kind: "seconds" },
  { key: "tpotP99", label: "p99 TPOT (worst workload)", better: "lower", kind: "seconds" },
  { key: "utilization", label: "GPU capacity used", better: "higher", kind: "share" },
  { key: "gpus", label: "GPUs (max)", better: "lower", kind: "count" },
] as const

export type MetricKey = (typeof metrics)[number]["key"]

export interface Delta {
  /** value − the first scenario's value; null when either is missing. */
  readonly absolute: number | null
  /** absolute / |first|; null when the first is 0 or missing. */
  readonly relative: number | null
}

export interface Verdict {
  /** Index of the cheapest scenario that meets every SLO; null when none does or no cost is known. */
  readonly cheapest: number | null
  readonly basis: "costPerMillionOutputTokens" | "costPerHour"
  /** Per scenario: met every SLO (no SLO counts as met). */
  readonly meetsSlo: ReadonlyArray<boolean>
  readonly text: string
}

export interface Comparison {
  readonly schemaVersion: 1
  readonly scenarios: ReadonlyArray<Report>
  readonly headline: ReadonlyArray<Headline>
  /** deltas[i] compares scenarios[i] with scenarios[0] (so deltas[0] is all zeros). */
  readonly deltas: ReadonlyArray<Readonly<Record<MetricKey, Delta>>>
  readonly verdict: Verdict
}

const maxOrNull = (xs: number[]): number | null => (xs.length === 0 ? null : Math.max(...xs))
const minOrNull = (xs: number[]): number | null => (xs.length === 0 ? null : Math.min(...xs))

export const headlineOf = (r: Report, file: string): Headline => {
  const withSlo = r.inference.filter((w) => w.slo.targets.length > 0)
  const deadlines = r.training.filter((t) => t.deadlineMet !== null)
  const hasTargets = withSlo.length > 0 || deadlines.length > 0
  const span = r.cost?.spanSeconds ?? r.scenario.horizonSeconds
  return {
    name: r.scenario.name,
    file,
    horizonSeconds: r.scenario.horizonSeconds,
    currency: r.scenario.currency,
    costTotal: r.cost?.total ?? null,
    costPerHour: r.cost && span > 0 ? (r.cost.total / span) * 3600 : null,
    costPerMillionOutputTokens: r.cost?.perMillionOutputTokens ?? null,
    quotePerMillionInputTokens: r.quote?.perMillionInputTokens ?? null,
    quotePerMillionOutputTokens: r.quote?.perMillionOutputTokens ?? null,
    quotePerGpuHour: r.quote?.perGpuHour ?? null,
    quoteMonthly: r.quote?.monthly ?? null,
    sloAttainment: minOrNull(withSlo.map((w) => w.slo.attainment)),
    sloMet: hasTargets ? withSlo.every((w) => w.slo.met) && deadlines.every((t) => t.deadlineMet === true) : null,
    ttftP99: maxOrNull(r.inference.map((w) => w.latency.ttft.p99)),
    tpotP99: maxOrNull(r.inference.map((w) => w.latency.tpot.p99)),
    utilization: fleetUtilization(r),
    gpus: fleetGpus(r),
    gpusByPool: Object.fromEntries(r.pools.map((p) => [p.name, poolGpus(p)])),
  }
}

const deltaOf = (v: number | null, base: number | null): Delta => ({
  absolute: v === null || base === null ? null : v - base,
  relative: v === null || base === null || base === 0 ? null : (v - base) / Math.abs(base),
})

/** Scenario letters for tables: A, B, … Z, AA, AB, … */
export const letter = (i: number): string => (i < 26 ? String.fromCharCode(65 + i) : letter(Math.floor(i / 26) - 1) + letter(i % 26))

export const verdictOf = (hs: ReadonlyArray<Headline>): Verdict => {
  const basis = hs.length > 0 && hs.every((h) => h.costPerMillionOutputTokens !== null) ? "costPerMillionOutputTokens" : "costPerHour"
  const unit = basis === "costPerMillionOutputTokens" ? "per 1M output tokens" : "per hour"
  const meetsSlo = hs.map((h) => h.sloMet !== false)
  const label = (i: number) => `${letter(i)} "${hs[i]!.name}"`
  const priced = hs.map((h, i) => ({ i, cost: h[basis] })).filter((x): x is { i: number; cost: number } => x.cost !== null)
  const byCost = [...priced].sort((a, b) => a.cost - b.cost || a.i - b.i)
  if (byCost.length === 0) return { cheapest: null, basis, meetsSlo, text: "No verdict: these reports have no cost." }
  const ok = byCost.filter((x) => meetsSlo[x.i])
  const fmt = (x: { i: number; cost: number }) => `${money(x.cost, hs[x.i]!.currency)} ${unit}`
  if (ok.length === 0) {
    const cheapest = byCost[0]!
    return { cheapest: null, basis, meetsSlo, text: `No scenario meets every SLO. The cheapest, ${label(cheapest.i)} at ${fmt(cheapest)}, misses its SLO.` }
  }
  const best = ok[0]!
  const parts = [`${label(best.i)} is the cheapest that meets every SLO: ${fmt(best)}`]
  const runnerUp = ok[1]
  if (runnerUp) {
    const saving = runnerUp.cost > 0 ? (runnerUp.cost - best.cost) / runnerUp.cost : 0
    parts[0] += `, ${(saving * 100).toFixed(1)}% below ${label(runnerUp.i)} (${fmt(runnerUp)})`
  }
  const cheaperMissing = byCost.filter((x) => x.cost < best.cost && !meetsSlo[x.i])
  if (cheaperMissing.length > 0) parts.push(`${cheaperMissing.map((x) => `${label(x.i)} (${fmt(x)})`).join(", ")} ${cheaperMissing.length === 1 ? "is" : "are"} cheaper but ${cheaperMissing.length === 1 ? "misses" : "miss"} an SLO`)
  return { cheapest: best.i, basis, meetsSlo, text: parts.join("; ") + "." }
}

/** Reports (in command-line order) and their files → the comparison. */
export const buildComparison = (reports: ReadonlyArray<Report>, files: ReadonlyArray<string>): Comparison => {
  const headline = reports.map((r, i) => headlineOf(r, files[i] ?? ""))
  const base = headline[0]
  const deltas = headline.map((h) => Object.fromEntries(metrics.map((m) => [m.key, deltaOf(h[m.key], base ? base[m.key] : null)])) as Record<MetricKey, Delta>)
  return { schemaVersion: 1, scenarios: reports, headline, deltas, verdict: verdictOf(headline) }
}
