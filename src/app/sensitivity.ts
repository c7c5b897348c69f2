/**
 * `gpuplan run --sensitivity`: each major input moved alone, low and high, everything else as
 * written; which ones move cost and SLO attainment most (a tornado table, biggest swing first).
 *
 * ```
 * SENSITIVITY — each input moved alone (same seeds); base cost $2,261.59, SLO attainment 100.0% (worst workload)
 *   input                        low / high   cost low … high     SLO attainment low … high   p99 TTFT low … high
 *   demand                       −20% / +20%  −8.1% … +9.0%       100.0% … 99.8%              540 ms … 702 ms
 * ```
 *
 * Demand, prompt and output lengths, GPU efficiencies and the failure rate are re-simulated (same
 * engine, seeds and horizon as the base run). Prices are not: cost is linear in every price, so the
 * ±10% rows scale the price-driven part of the base ledger (rental, overflow, depreciation) exactly.
 * The result type and its rendering (text, md, html, csv) are in `report/sensitivity.ts`.
 */
import { Effect } from "effect"
import { parseDocument } from "yaml"
import type { Scenario } from "../domain/scenario/index.ts"
import { findGpu } from "../domain/catalog/index.ts"
import type { Sensitivity, SensitivityOutcome, SensitivityRow } from "../report/sensitivity.ts"
import type { Report } from "../report/types.ts"
import type { InvalidInput } from "./diagnostics.ts"
import { runScenario, type RunOptions } from "./run.ts"
import { applyKnobs, loadScenarioText } from "./what-if.ts"

export type { Sensitivity, SensitivityOutcome, SensitivityRow } from "../report/sensitivity.ts"

type Edit = readonly [ReadonlyArray<string | number>, unknown]

const outcomeOf = (r: Report): SensitivityOutcome => ({
  cost: r.cost?.total ?? Number.NaN,
  sloAttainment: Math.min(1, ...r.inference.map((w) => w.slo.attainment)),
  ttftP99: Math.max(0, ...r.inference.map((w) => w.latency.ttft.p99)),
})

const round6 = (x: number) => Math.round(x * 1e6) / 1e6

const setIn = (text: string, edits: ReadonlyArray<Edit>): string => {
  const doc = parseDocument(text)
  for (const [p, v] of edits) {
    for (let d = 1; d < p.length; d++) if (doc.getIn(p.slice(0, d)) === undefined) doc.setIn(p.slice(0, d), doc.createNode({}))
    doc.setIn(p, v)
  }
  return doc.toString({ lineWidth: 0 })
}

/** Every length distribution of every workload scaled by `f` (lognormal mean/p99, fixed value, uniform bounds, max). */
const lengthEdits = (s: Scenario, key: "promptTokens" | "outputTokens", f: number): Edit[] =>
  s.inference.flatMap((w, i) => {
    const d = w[key] as Record<string, unknown> | undefined
    if (d === undefined) return []
    return ["mean", "p99", "value", "min", "max"].filter((k) => typeof d[k] === "number").map((k): Edit => [["inference", i, key, k], Math.max(1, Math.round((d[k] as number) * f))])
  })

/** Every pool GPU's efficiencies (prefill, decode, memory) scaled by `f`, capped at 1. */
const efficiencyEdits = (s: Scenario, f: number): Edit[] => {
  const out: Edit[] = []
  const seen = new Set<string>()
  for (const p of s.pools) {
    if (seen.has(p.gpu)) continue
    seen.add(p.gpu)
    const o = s.gpus?.[p.gpu]
    const base = findGpu(p.gpu) ?? (o?.base !== undefined ? findGpu(o.base) : undefined)
    for (const k of ["prefillCompute", "decodeCompute", "memory"] as const) {
      const v = o?.efficiency?.[k] ?? base?.efficiency[k]
      if (v !== undefined) out.push([["gpus", p.gpu, "efficiency", k], round6(Math.min(1, v * f))])
    }
  }
  return out
}

const failureEdits = (s: Scenario, f: number): Edit[] => s.pools.map((p, i): Edit => [["pools", i, "failures", "perGpuDay"], round6((p.failures?.perGpuDay ?? 4.7e-4) * f)])

/** Run the sensitivity variants of a scenario (text as written, decoded `scenario`) and price rows from the base report. */
export const runSensitivity = (text: string, file: string, scenario: Scenario, base: Report, opts: RunOptions): Effect.Effect<Sensitivity, InvalidInput> =>
  Effect.gen(function* () {
    const runText = (t: string) =>
      Effect.gen(function* () {
        const l = loadScenarioText(t, file)
        if (!l.ok) return { outcome: null, note: l.diagnostics[0]?.message ?? "invalid variant" }
        const r = yield* Effect.result(runScenario(l.loaded, opts))
        return r._tag === "Success" ? { outcome: outcomeOf(r.success), note: undefined } : { outcome: null, note: r.failure.diagnostics[0]?.message ?? "the variant failed" }
      })
    const variants: Array<{ input: string; lowLabel: string; highLabel: string; low: string; high: string }> = [
      { input: "demand", lowLabel: "−20%", highLabel: "+20%", low: applyKnobs(text, scenario, { demand: 0.8 }), high: applyKnobs(text, scenario, { demand: 1.2 }) },
      { input: "prompt length", lowLabel: "−20%", highLabel: "+20%", low: setIn(text, lengthEdits(scenario, "promptTokens", 0.8)), high: setIn(text, lengthEdits(scenario, "promptTokens", 1.2)) },
      { input: "output length", lowLabel: "−20%", highLabel: "+20%", low: setIn(text, lengthEdits(scenario, "outputTokens", 0.8)), high: setIn(text, lengthEdits(scenario, "outputTokens", 1.2)) },
      { input: "GPU efficiency", lowLabel: "−15%", highLabel: "+15%", low: setIn(text, efficiencyEdits(scenario, 0.85)), high: setIn(text, efficiencyEdits(scenario, 1.15)) },
      { input: "failure rate", lowLabel: "×0.5", highLabel: "×2", low: setIn(text, failureEdits(scenario, 0.5)), high: setIn(text, failureEdits(scenario, 2)) },
    ]
    const rows: SensitivityRow[] = []
    for (const v of variants) {
      const low = yield* runText(v.low)
      const high = yield* runText(v.high)
      const note = low.note ?? high.note
      rows.push({ input: v.input, lowLabel: v.lowLabel, highLabel: v.highLabel, low: low.outcome, high: high.outcome, ...(note !== undefined ? { note } : {}) })
    }
    const b = outcomeOf(base)
    const priced = base.pools.reduce((a, p) => a + (p.costBreakdown ? p.costBreakdown.rental + p.costBreakdown.overflow + p.costBreakdown.depreciation : p.cost), 0)
    rows.push({ input: "GPU prices", lowLabel: "−10%", highLabel: "+10%", low: { ...b, cost: b.cost - 0.1 * priced }, high: { ...b, cost: b.cost + 0.1 * priced } })
    const swing = (r: SensitivityRow) => (r.low && r.high ? Math.abs(r.high.cost - r.low.cost) / Math.max(1e-12, Math.abs(b.cost)) + Math.abs(r.high.sloAttainment - r.low.sloAttainment) : -1)
    return { base: b, rows: [...rows].sort((x, y) => swing(y) - swing(x) || x.input.localeCompare(y.input)) }
  })
