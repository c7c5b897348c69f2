/**
 * The HTML proposal: one self-contained file (inline CSS and SVG, no script, no font, no image, no
 * link) that a customer can open offline or print. Same document as the Markdown proposal plus
 * charts drawn from the report: demand vs capacity over time, utilization, latency percentiles vs
 * the SLO, and the cost breakdown. A Content-Security-Policy of `default-src 'none'` makes the "no
 * network" promise enforceable by the browser. All scenario text goes through `escapeHtml`.
 */
import { escapeHtml } from "./escape.ts"
import { latency, money, pct } from "./format.ts"
import { buildProposal, type Block, type ChartSlot, type Proposal, type Status, type Table } from "./proposal.ts"
import { sensitivityCharts, type Sensitivity } from "./sensitivity.ts"
import { barChart, lineChart, type Bar, type LineSeries } from "./svg-charts.ts"
import type { Report } from "./types.ts"

const e = escapeHtml

export const htmlTable = (t: Table): string => {
  const cls = (i: number) => (t.align[i] === "r" ? ' class="num"' : "")
  const rows = t.rows.length > 0 ? t.rows : [t.header.map(() => "—")]
  return (
    `<table>${t.caption ? `<caption>${e(t.caption)}</caption>` : ""}` +
    `<thead><tr>${t.header.map((h, i) => `<th${cls(i)}>${e(h)}</th>`).join("")}</tr></thead>` +
    `<tbody>${rows.map((r) => `<tr>${t.header.map((_, i) => `<td${cls(i)}>${e(r[i] ?? "")}</td>`).join("")}</tr>`).join("")}</tbody></table>`
  )
}

const badge = (s: Status | undefined) => (s ? ` class="status-${s}"` : "")

/** The charts of one slot, from the report (and the sensitivity runs); empty when there is nothing to draw. */
export const chartsFor = (r: Report, sensitivity?: Sensitivity) => (slot: ChartSlot): string[] => {
  const c = r.scenario.currency
  const series = r.timeline.series
  switch (slot) {
    case "demand": {
      // Provisioned nodes per pool (`<pool>.nodes`), where the timeline has them.
      const poolNodes: LineSeries[] = r.pools.flatMap((p) => {
        const v = series[`${p.name}.nodes`]
        return v && v.length > 0 ? [{ label: `${p.name} nodes`, values: v, axis: "right" as const, step: true }] : []
      })
      return r.inference.flatMap((w) => {
        const arrivals = series[`${w.name}.arrivalsPerSecond`]
        const replicas = series[`${w.name}.replicas`]
        if (!arrivals || arrivals.length === 0) return []
        const lines: LineSeries[] = [{ label: `${w.name} arrivals (req/s)`, values: arrivals }]
        if (replicas) lines.push({ label: `${w.name} replicas`, values: replicas, axis: "right", step: true })
        lines.push(...poolNodes)
        const right = lines.some((l) => l.axis === "right")
        return [lineChart({ title: `Demand vs capacity — ${w.name}`, stepSeconds: r.timeline.stepSeconds, series: lines, leftUnit: "req/s", ...(right ? { rightUnit: poolNodes.length > 0 ? "replicas / nodes" : "replicas" } : {}) })]
      })
    }
    case "utilization": {
      const bars: Bar[] = [
        ...r.pools.map((p, i) => ({ label: `pool ${p.name} (GPU busy)`, value: p.utilization, tone: i })),
        ...r.inference.flatMap((w) => [
          { label: `${w.name}: batch running`, value: w.utilization.busy, tone: 4 },
          { label: `${w.name}: KV cache full`, value: w.utilization.kvCache, tone: 5 },
        ]),
      ]
      if (bars.length === 0) return []
      return [barChart({ title: "Utilization", bars, unit: "share of time / capacity", format: (v) => pct(v, 0), max: 1, reference: { value: 1, label: "100%" } })]
    }
    case "latency":
      return r.inference.flatMap((w) =>
        (["ttft", "tpot"] as const).map((m) => {
          const target = w.slo.targets.find((t) => t.metric === m)
          const p = w.latency[m]
          const bars: Bar[] = (["mean", "p50", "p90", "p99"] as const).map((k, i) => ({
            label: k,
            value: p[k],
            text: latency(p[k]),
            tone: target ? (target.percentile === k ? (target.met ? "ok" : "bad") : "muted") : i,
          }))
          const name = m === "ttft" ? "Time to first token" : "Time per output token"
          return barChart({
            title: `${name} — ${w.name}${target ? ` (SLO ${target.percentile} ≤ ${latency(target.targetSeconds)}: ${target.met ? "met" : "MISSED"})` : ""}`,
            bars,
            unit: "seconds",
            format: (v) => (v === 0 ? "0" : latency(v)),
            ...(target ? { reference: { value: target.targetSeconds, label: `SLO ${latency(target.targetSeconds)}` } } : {}),
          })
        }),
      )
    case "sensitivity":
      return sensitivity ? sensitivityCharts(sensitivity, c) : []
    case "compare-cost":
    case "compare-latency":
      return []
    case "cost": {
      if (!r.cost) return []
      const cost = r.cost
      const byUse: Bar[] = [
        ...Object.entries(cost.byWorkload).map(([k, v], i) => ({ label: `workload ${k}`, value: v, text: money(v, c), tone: i })),
        ...Object.entries(cost.byTraining ?? {}).map(([k, v], i) => ({ label: `training ${k}`, value: v, text: money(v, c), tone: 2 + i })),
        { label: "idle capacity", value: cost.idle, text: money(cost.idle, c), tone: "muted" as const },
      ]
      const lines: Array<[string, number]> = []
      for (const p of r.pools) {
        const b = p.costBreakdown
        if (!b) lines.push([`${p.name}`, p.cost])
        else for (const [k, v] of Object.entries(b)) if (v > 0) lines.push([`${p.name}: ${k}`, v])
      }
      const byPool: Bar[] = lines.map(([label, v], i) => ({ label, value: v, text: money(v, c), tone: i }))
      return [
        barChart({ title: `Cost by use — total ${money(cost.total, c)}`, bars: byUse, unit: c, format: (v) => (v === 0 ? "0" : money(v, c)) }),
        barChart({ title: "Cost by pool and line", bars: byPool.length > 0 ? byPool : [{ label: "no cost", value: 0, text: money(0, c) }], unit: c, format: (v) => (v === 0 ? "0" : money(v, c)) }),
      ]
    }
  }
}

const block = (b: Block, charts: (slot: ChartSlot) => string[]): string => {
  switch (b.kind) {
    case "facts":
      return `<dl class="facts">${b.facts.map((f) => `<div${badge(f.status)}><dt>${e(f.label)}</dt><dd>${e(f.value)}</dd></div>`).join("")}</dl>`
    case "paragraph":
      return `<p>${e(b.text)}</p>`
    case "note":
      return `<p class="note${b.status ? ` status-${b.status}` : ""}">${e(b.text)}</p>`
    case "table":
      return htmlTable(b.table)
    case "chart": {
      const svgs = charts(b.chart)
      return svgs.length > 0 ? `<div class="charts" data-chart="${b.chart}">${svgs.map((svg) => `<figure>${svg}</figure>`).join("")}</div>` : ""
    }
  }
}

const style = `
:root{color-scheme:light;--ink:#1d2330;--muted:#5b6475;--line:#d9dee7;--ok:#0a7d57;--bad:#b3261e;--warn:#8a5a00}
*{box-sizing:border-box}
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);margin:0;background:#f6f7f9}
main{max-width:1040px;margin:0 auto;padding:32px 24px 64px;background:#fff}
h1{font-size:26px;margin:0 0 4px}h2{font-size:19px;margin:36px 0 12px;padding-bottom:4px;border-bottom:2px solid var(--line)}
.description{font-size:16px;margin:4px 0}.run{color:var(--muted);font-size:13px;margin:0 0 16px}
.facts{display:grid;grid-template-columns:repeat(auto-fill,minmax(300px,1fr));gap:10px;margin:0}
.facts div{border:1px solid var(--line);border-left:5px solid var(--line);border-radius:6px;padding:8px 12px}
.facts dt{font-size:12px;color:var(--muted);text-transform:uppercase;letter-spacing:.03em}.facts dd{margin:2px 0 0;font-weight:600}
.facts .status-ok{border-left-color:var(--ok)}.facts .status-bad{border-left-color:var(--bad)}.facts .status-bad dd{color:var(--bad)}
.note{border-left:4px solid var(--line);padding:6px 12px;color:var(--muted)}.note.status-warn{border-color:var(--warn);color:var(--warn);background:#fff8e6}
table{border-collapse:collapse;width:100%;margin:12px 0 20px;font-size:13px}
caption{text-align:left;font-weight:600;padding:4px 0}
th,td{border-bottom:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}th{background:#eef1f5}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.charts{display:flex;flex-direction:column;gap:12px;margin:16px 0}figure{margin:0}
.charts[data-chart="sensitivity"]{flex-direction:row;flex-wrap:wrap}
svg.chart{max-width:100%;height:auto;background:#fff;border:1px solid var(--line);border-radius:6px;font-family:system-ui,sans-serif}
svg .chart-title{font-size:14px;font-weight:600;fill:var(--ink)}svg .tick,svg .bar-value{font-size:11px;fill:var(--muted)}
svg .axis-label,svg .legend,svg .bar-label,svg .reference-label{font-size:12px;fill:var(--ink)}
svg .grid{stroke:#eceff3;stroke-width:1}svg .axis{stroke:#8a93a3;stroke-width:1}
@media print{body{background:#fff}main{padding:0}}
`.trim()

/** A proposal document as one HTML file; `charts` draws the SVGs of each chart slot. */
export const renderProposalHtml = (p: Proposal, charts: (slot: ChartSlot) => string[]): string =>
  [
    "<!doctype html>",
    '<html lang="en">',
    "<head>",
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${e(p.title)}</title>`,
    `<style>${style}</style>`,
    "</head>",
    "<body><main>",
    `<header><h1>${e(p.title)}</h1>${p.description ? `<p class="description">${e(p.description)}</p>` : ""}<p class="run">${e(p.runLine)}</p></header>`,
    ...p.sections.map((s) => `<section id="${e(s.id)}"><h2>${e(s.title)}</h2>${s.blocks.map((b) => block(b, charts)).join("\n")}</section>`),
    "</main></body>",
    "</html>",
    "",
  ].join("\n")

export const renderHtml = (r: Report, sensitivity?: Sensitivity): string => renderProposalHtml(buildProposal(r, sensitivity), chartsFor(r, sensitivity))
