/**
 * What `gpuplan run --sensitivity` found, as data, and how every format shows it: the tornado table
 * (text, Markdown, HTML) and two tornado charts (HTML: cost change and SLO attainment); the CSV has
 * the JSON's `sensitivity.` paths (`csv.ts`). The runs themselves are in `app/sensitivity.ts`.
 *
 * ```
 * SENSITIVITY — each input moved alone, everything else as written; base cost $2,261.59, SLO attainment 100.0% (worst workload), p99 TTFT 613 ms
 *   input           low / high   cost low … high  SLO attainment low … high  p99 TTFT low … high
 *   demand          −20% / +20%  −8.1% … +9.0%    100.0% … 99.8%             540 ms … 702 ms
 * ```
 */
import { latency, money, pct, table } from "./format.ts"
import type { Table } from "./proposal.ts"
import { tornadoChart, type TornadoRow } from "./svg-charts.ts"

export interface SensitivityOutcome {
  readonly cost: number
  /** Worst workload's SLO attainment. */
  readonly sloAttainment: number
  /** Worst workload's p99 TTFT. */
  readonly ttftP99: number
}

export interface SensitivityRow {
  readonly input: string
  /** `−20%` / `+20%`, `×0.5` / `×2`. */
  readonly lowLabel: string
  readonly highLabel: string
  readonly low: SensitivityOutcome | null
  readonly high: SensitivityOutcome | null
  /** Why a variant could not run (it is then null). */
  readonly note?: string
}

/** The `sensitivity` key of the JSON report: the base outcome and one row per input, biggest swing first. */
export interface Sensitivity {
  readonly base: SensitivityOutcome
  readonly rows: ReadonlyArray<SensitivityRow>
}

const signedPct = (x: number) => `${x >= 0 ? "+" : "−"}${Math.abs(x * 100).toFixed(1)}%`

/** A variant's cost as a change from the base cost (0.1 = +10%). */
export const costChange = (s: Sensitivity, o: SensitivityOutcome): number => o.cost / s.base.cost - 1

export const SENSITIVITY_PRICES_NOTE = "GPU prices are not re-simulated: cost is linear in them (rental, overflow, depreciation scaled exactly)."

/** "base cost $9.87, SLO attainment 99.9% (worst workload), p99 TTFT 565 ms". */
export const sensitivityBase = (s: Sensitivity, currency: string): string =>
  `base cost ${money(s.base.cost, currency)}, SLO attainment ${pct(s.base.sloAttainment)} (worst workload), p99 TTFT ${latency(s.base.ttftP99)}`

/** The tornado table, rows in the order of the result (biggest swing first); plain text cells. */
export const sensitivityTable = (s: Sensitivity): Table => ({
  header: ["input", "low / high", "cost low … high", "SLO attainment low … high", "p99 TTFT low … high"],
  rows: s.rows.map((r) => [
    r.input,
    `${r.lowLabel} / ${r.highLabel}`,
    r.low && r.high ? `${signedPct(costChange(s, r.low))} … ${signedPct(costChange(s, r.high))}` : "—",
    r.low && r.high ? `${pct(r.low.sloAttainment)} … ${pct(r.high.sloAttainment)}` : "—",
    r.low && r.high ? `${latency(r.low.ttftP99)} … ${latency(r.high.ttftP99)}` : (r.note ?? "—"),
  ]),
  align: "llrrr",
})

/** The tornado table as text, for the terminal report. */
export const renderSensitivity = (s: Sensitivity, currency: string): string => {
  const t = sensitivityTable(s)
  return (
    [
      `SENSITIVITY — each input moved alone, everything else as written; ${sensitivityBase(s, currency)}`,
      ...table([...t.header], t.rows.map((r) => [...r])).map((l) => `  ${l}`),
      `  ${SENSITIVITY_PRICES_NOTE}`,
    ].join("\n") + "\n"
  )
}

const signedAxis = (v: number, decimals: number): string => {
  const t = Math.abs(v).toFixed(decimals)
  return `${Number(t) === 0 ? "±" : v > 0 ? "+" : "−"}${t}%`
}

export const COST_TORNADO_TITLE = "Sensitivity — cost change vs base"
export const SLO_TORNADO_TITLE = "Sensitivity — SLO attainment (worst workload)"

/**
 * The two tornado panels of the HTML proposal: cost change in % of the base cost (left out when the
 * run has no cost) and SLO attainment in % of requests; each sorted by its own swing.
 */
export const sensitivityCharts = (s: Sensitivity, currency: string, width?: number): string[] => {
  const rows = (value: (o: SensitivityOutcome) => number, text: (o: SensitivityOutcome) => string): TornadoRow[] =>
    s.rows.map((r) => ({
      label: r.input,
      lowLabel: r.lowLabel,
      highLabel: r.highLabel,
      low: r.low && r.high ? value(r.low) : null,
      high: r.low && r.high ? value(r.high) : null,
      ...(r.low && r.high ? { lowText: text(r.low), highText: text(r.high) } : {}),
      ...(r.note !== undefined ? { note: r.note } : {}),
    }))
  const out: string[] = []
  if (Number.isFinite(s.base.cost) && s.base.cost !== 0)
    out.push(
      tornadoChart({
        title: COST_TORNADO_TITLE,
        rows: rows((o) => costChange(s, o) * 100, (o) => signedPct(costChange(s, o))),
        base: 0,
        baseText: `base ${money(s.base.cost, currency)}`,
        unit: "cost change vs base (%)",
        format: signedAxis,
        ...(width !== undefined ? { width } : {}),
      }),
    )
  out.push(
    tornadoChart({
      title: SLO_TORNADO_TITLE,
      rows: rows((o) => o.sloAttainment * 100, (o) => pct(o.sloAttainment)),
      base: s.base.sloAttainment * 100,
      baseText: `base ${pct(s.base.sloAttainment)}`,
      unit: "requests within every SLO (%)",
      format: (v, d) => `${v.toFixed(d)}%`,
      limits: { min: 0, max: 100 },
      ...(width !== undefined ? { width } : {}),
    }),
  )
  return out
}
