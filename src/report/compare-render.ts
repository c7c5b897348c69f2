/**
 * The comparison in every format. Text:
 *
 * ```
 * COMPARE — 2 scenarios; deltas against A; ★ marks the better value
 *   A  Own — 8 H200 nodes bought, …  (scenarios/owned-h200.yaml)
 *   B  Rent — 8 H200 nodes on a 3-year reservation  (scenarios/rented-h200.yaml)
 *
 *   metric                       A                B
 *   cost per 1M output tokens    $0.7100 ★        $1.02 (+43.7%)
 *   SLOs                         met              met
 *
 * VERDICT  A "Own — …" is the cheapest that meets every SLO: $0.7100 per 1M output tokens, …
 * ```
 * JSON is the comparison itself (`schemaVersion: 1`, the full reports under `scenarios`).
 */
import { formatDuration } from "../domain/units.ts"
import { letter, metrics, type Comparison, type Headline, type MetricKey } from "./compare-build.ts"
import { flatten, renderRows } from "./csv.ts"
import { renderProposalHtml } from "./html.ts"
import { latency, money, num, pct, table } from "./format.ts"
import { renderProposalMarkdown } from "./markdown.ts"
import type { ChartSlot, Proposal, Table } from "./proposal.ts"
import { barChart } from "./svg-charts.ts"

type Metric = (typeof metrics)[number]

const value = (m: Metric, h: Headline): string => {
  const v = h[m.key]
  if (v === null) return "—"
  switch (m.kind) {
    case "money":
      return money(v, h.currency)
    case "share":
      return pct(v)
    case "seconds":
      return latency(v)
    case "count":
      return num(v)
  }
}

/** Indexes holding the best value (ties share it); none when fewer than two values or all equal. */
const bestOf = (m: Metric, hs: ReadonlyArray<Headline>): Set<number> => {
  const vs = hs.map((h, i) => ({ i, v: h[m.key] })).filter((x): x is { i: number; v: number } => x.v !== null)
  if (vs.length < 2 || vs.every((x) => x.v === vs[0]!.v)) return new Set()
  const best = m.better === "lower" ? Math.min(...vs.map((x) => x.v)) : Math.max(...vs.map((x) => x.v))
  return new Set(vs.filter((x) => x.v === best).map((x) => x.i))
}

const signed = (x: number, digits = 1) => `${x > 0 ? "+" : x < 0 ? "−" : "±"}${Math.abs(x * 100).toFixed(digits)}%`

/** The side-by-side table: one row per metric, one column per scenario. */
export const comparisonTable = (c: Comparison): Table => {
  const hs = c.headline
  const rows: string[][] = metrics.map((m) => {
    const best = bestOf(m, hs)
    return [
      m.label,
      ...hs.map((h, i) => {
        const d = c.deltas[i]?.[m.key as MetricKey]
        const delta = i > 0 && d && d.relative !== null ? ` (${signed(d.relative)})` : i > 0 && d && d.absolute !== null && d.absolute !== 0 ? ` (${d.absolute > 0 ? "+" : "−"}${value(m, { ...h, [m.key]: Math.abs(d.absolute) })})` : ""
        return `${value(m, h)}${delta}${best.has(i) ? " ★" : ""}`
      }),
    ]
  })
  rows.splice(8, 0, ["SLOs", ...hs.map((h) => (h.sloMet === null ? "no SLO" : h.sloMet ? "met" : "MISSED"))])
  rows.push(["GPUs by pool", ...hs.map((h) => Object.entries(h.gpusByPool).map(([p, n]) => `${p} ${num(n)}`).join(", "))])
  rows.push(["horizon", ...hs.map((h) => formatDuration(h.horizonSeconds))])
  return { header: ["metric", ...hs.map((_, i) => letter(i))], rows, align: "l" + "r".repeat(hs.length) }
}

const scenarioTable = (c: Comparison): Table => ({
  header: ["", "scenario", "file", "SLOs"],
  rows: c.headline.map((h, i) => [letter(i), h.name, h.file, h.sloMet === null ? "no SLO" : h.sloMet ? "met" : "MISSED"]),
  align: "llll",
})

export const renderComparisonText = (c: Comparison): string => {
  const t = comparisonTable(c)
  const lines = [`COMPARE — ${c.headline.length} scenarios; deltas against A; ★ marks the better value`]
  for (const [i, h] of c.headline.entries()) lines.push(`  ${letter(i)}  ${h.name}  (${h.file})`)
  lines.push("", ...table(["  " + t.header[0]!, ...t.header.slice(1)], t.rows.map((r) => ["  " + r[0]!, ...r.slice(1)]), t.align), "")
  lines.push(`VERDICT  ${c.verdict.text}`)
  return lines.join("\n") + "\n"
}

export const renderComparisonJson = (c: Comparison): string => JSON.stringify(c, null, 2) + "\n"

const proposal = (c: Comparison): Proposal => ({
  title: `Comparison: ${c.headline.map((h) => h.name).join(" vs ")}`,
  description: null,
  runLine: `${c.headline.length} scenarios · deltas against A · ★ marks the better value`,
  sections: [
    { id: "verdict", title: "Verdict", blocks: [{ kind: "note", text: c.verdict.text, ...(c.verdict.cheapest === null ? { status: "warn" as const } : {}) }] },
    { id: "scenarios", title: "Scenarios", blocks: [{ kind: "table", table: scenarioTable(c) }] },
    { id: "side-by-side", title: "Side by side", blocks: [{ kind: "table", table: comparisonTable(c) }, { kind: "chart", chart: "compare-cost" }, { kind: "chart", chart: "compare-latency" }] },
  ],
})

export const renderComparisonMarkdown = (c: Comparison): string => renderProposalMarkdown(proposal(c))

const comparisonCharts = (c: Comparison) => (slot: ChartSlot): string[] => {
  const hs = c.headline
  const tone = (i: number) => (c.verdict.meetsSlo[i] ? ("ok" as const) : ("bad" as const))
  if (slot === "compare-cost") {
    const key = c.verdict.basis
    const label = key === "costPerMillionOutputTokens" ? "Cost per 1M output tokens" : "Cost per hour"
    const cur = hs[0]?.currency ?? "USD"
    return [
      barChart({
        title: `${label} (green: meets every SLO, red: misses one)`,
        bars: hs.map((h, i) => ({ label: `${letter(i)} ${h.name.length > 34 ? h.name.slice(0, 33) + "…" : h.name}`, value: h[key] ?? 0, text: money(h[key], h.currency), tone: tone(i) })),
        unit: cur,
        format: (v) => (v === 0 ? "0" : money(v, cur)),
      }),
    ]
  }
  if (slot === "compare-latency" && hs.some((h) => h.ttftP99 !== null))
    return [
      barChart({
        title: "p99 time to first token (worst workload)",
        bars: hs.map((h, i) => ({ label: `${letter(i)} ${h.name.length > 34 ? h.name.slice(0, 33) + "…" : h.name}`, value: h.ttftP99 ?? 0, text: latency(h.ttftP99 ?? NaN), tone: tone(i) })),
        unit: "seconds",
        format: (v) => (v === 0 ? "0" : latency(v)),
      }),
    ]
  return []
}

export const renderComparisonHtml = (c: Comparison): string => renderProposalHtml(proposal(c), comparisonCharts(c))

/** CSV: the headline numbers, deltas and verdict, one per row (the full reports are in the JSON). */
export const renderComparisonCsv = (c: Comparison): string => renderRows(flatten({ headline: c.headline, deltas: c.deltas, verdict: c.verdict }))

