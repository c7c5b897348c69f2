/**
 * The Summary tab: the five numbers that matter — cost, quote per 1M tokens, SLO attainment,
 * utilization, GPUs — for the current result, or beside a pinned one with deltas.
 *
 * ```
 *   cost               $14,208.00 over 1d
 *   quote / 1M output  $3.1200
 *   SLO attainment     99.9% · all targets met
 *   utilization        99.7% of provisioned GPU capacity used
 *   GPUs               32 on average · up to 80
 * ```
 */
import { formatDuration } from "../../domain/units.ts"
import { money, num, pct, table } from "../../report/format.ts"
import type { Report } from "../../report/types.ts"
import type { Result } from "../state.ts"
import type { Line } from "./text.ts"

export interface Headline {
  readonly cost: number | null
  readonly quotePerMillionOutput: number | null
  readonly quotePerMillionInput: number | null
  /** Lowest attainment over the workloads with an SLO; null without any. */
  readonly sloAttainment: number | null
  readonly sloMet: boolean | null
  readonly utilization: number
  readonly gpusMean: number
  readonly gpusMax: number
}

/** The five numbers, read from the report (busy over provisioned GPU-hours across pools). */
export const headline = (r: Report): Headline => {
  const withSlo = r.inference.filter((w) => w.slo.targets.length > 0)
  const provisioned = r.pools.reduce((a, p) => a + p.gpuHoursProvisioned, 0)
  const busy = r.pools.reduce((a, p) => a + p.gpuHoursBusy, 0)
  return {
    cost: r.cost?.total ?? null,
    quotePerMillionOutput: r.quote?.perMillionOutputTokens ?? null,
    quotePerMillionInput: r.quote?.perMillionInputTokens ?? null,
    sloAttainment: withSlo.length ? Math.min(...withSlo.map((w) => w.slo.attainment)) : null,
    sloMet: withSlo.length ? withSlo.every((w) => w.slo.met) : null,
    utilization: provisioned > 0 ? busy / provisioned : 0,
    gpusMean: r.pools.reduce((a, p) => a + p.nodes.mean * p.gpusPerNode, 0),
    gpusMax: r.pools.reduce((a, p) => a + p.nodes.max * p.gpusPerNode, 0),
  }
}

const engineNote = (x: Result) => (x.engine === "des" ? "simulated" : "analytic estimate")

const signed = (d: number, f: (x: number) => string) => (d === 0 ? "±0" : `${d > 0 ? "+" : "−"}${f(Math.abs(d))}`)

const delta = (a: number | null, b: number | null, f: (x: number) => string): string => {
  if (a === null || b === null) return "—"
  const d = b - a
  const rel = a !== 0 && d !== 0 ? ` (${d > 0 ? "+" : "−"}${Math.abs((d / a) * 100).toFixed(0)}%)` : ""
  return signed(d, f) + rel
}

export const summaryLines = (result: Result, pinned: Result | null): Line[] => {
  const r = result.report
  const c = r.scenario.currency
  const h = headline(r)
  const m = (x: number | null) => money(x, c)
  if (pinned === null) {
    return [
      { text: `${engineNote(result)} · horizon ${formatDuration(r.scenario.horizonSeconds)} · seed ${r.scenario.seed}`, tone: "dim" },
      "",
      `cost               ${r.cost ? `${m(h.cost)} over ${formatDuration(r.scenario.horizonSeconds)}` : "— (cost model not in this build yet)"}`,
      `quote / 1M tokens  ${r.quote ? `${m(h.quotePerMillionInput)} input · ${m(h.quotePerMillionOutput)} output (margin ${pct(r.quote.margin, 0)})` : "—"}`,
      h.sloAttainment === null
        ? "SLO attainment     — (no SLO given)"
        : { text: `SLO attainment     ${pct(h.sloAttainment)} · ${h.sloMet ? "all targets met ✓" : "TARGETS MISSED ✗"}`, tone: h.sloMet ? "good" : "bad" },
      `utilization        ${pct(h.utilization)} of provisioned GPU capacity used`,
      `GPUs               ${num(h.gpusMean)} on average · up to ${num(h.gpusMax)}`,
    ]
  }
  const p = headline(pinned.report)
  const pc = (x: number | null) => (x === null ? "—" : pct(x))
  const rows: string[][] = [
    ["cost", m(p.cost), m(h.cost), delta(p.cost, h.cost, (x) => money(x, c))],
    ["quote / 1M out", m(p.quotePerMillionOutput), m(h.quotePerMillionOutput), delta(p.quotePerMillionOutput, h.quotePerMillionOutput, (x) => money(x, c))],
    ["SLO attainment", pc(p.sloAttainment), pc(h.sloAttainment), delta(p.sloAttainment, h.sloAttainment, (x) => `${(x * 100).toFixed(1)} pt`)],
    ["utilization", pct(p.utilization), pct(h.utilization), delta(p.utilization, h.utilization, (x) => `${(x * 100).toFixed(1)} pt`)],
    ["GPUs (mean)", num(p.gpusMean), num(h.gpusMean), delta(p.gpusMean, h.gpusMean, num)],
    ["GPUs (max)", num(p.gpusMax), num(h.gpusMax), delta(p.gpusMax, h.gpusMax, num)],
  ]
  return [
    { text: `compare — A: pinned (${engineNote(pinned)}) · B: current (${engineNote(result)})`, tone: "dim" },
    `A ${pinned.label}`,
    `B ${result.label}`,
    "",
    // Equal as displayed, no delta: a −0.0 pt from a difference below the shown precision is noise.
    ...table(["", "A pinned", "B current", "Δ B − A"], rows.map((r) => (r[1] === r[2] ? [r[0]!, r[1]!, r[2]!, "±0"] : r)), "lrrr"),
  ]
}
