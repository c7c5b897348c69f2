/**
 * The Capacity tab: the timeline series as sparklines — demand, serving replicas, requests in
 * flight, queue depth, KV-cache use — each with its range, over the simulated span.
 *
 * ```
 * chat
 *   arrivals /s   12–36    ▂▂▁▁▁▁▂▃▄▅▆▇██▇▆▅▄▃▃▂▂
 *   replicas      16–16    ▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁
 * ```
 */
import { formatDuration } from "../../domain/units.ts"
import { num } from "../../report/format.ts"
import type { Report } from "../../report/types.ts"
import { sparkline, type Line } from "./text.ts"

const SERIES: ReadonlyArray<readonly [suffix: string, label: string]> = [
  ["arrivalsPerSecond", "arrivals /s"],
  ["completionsPerSecond", "completions /s"],
  ["replicas", "replicas"],
  ["running", "in flight"],
  ["queue", "queue"],
  ["kvUtilization", "KV cache use"],
]

export const capacityLines = (r: Report, width: number): Line[] => {
  const series = r.timeline.series
  const names = Object.keys(series)
  if (names.length === 0) return [r.scenario.engine === "analytic" ? "no timeline from the analytic engine (steady state); the simulation draws one" : "no timeline recorded"]
  const label = 18
  const range = 14
  const chart = Math.max(10, width - label - range - 4)
  const out: Line[] = [{ text: `every ${formatDuration(r.timeline.stepSeconds)} over ${formatDuration(r.scenario.horizonSeconds)}; left = start, right = end`, tone: "dim" }]
  for (const w of r.inference) {
    out.push({ text: w.name, tone: "title" })
    for (const [suffix, text] of SERIES) {
      const values = series[`${w.name}.${suffix}`]
      if (!values || values.length === 0) continue
      const lo = Math.min(...values)
      const hi = Math.max(...values)
      const fmt = (x: number) => (suffix === "kvUtilization" ? `${Math.round(x * 100)}%` : num(x))
      out.push(`  ${text.padEnd(label - 2)}${`${fmt(lo)}–${fmt(hi)}`.padEnd(range)}${sparkline(values, chart, Math.min(0, lo), hi)}`)
    }
  }
  return out
}
