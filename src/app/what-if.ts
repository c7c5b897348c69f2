/**
 * What-if knobs: the few parameters a sales engineer turns while talking to a customer (nodes per
 * pool, demand, margin, SLO target, tensor parallel). A knob setting is applied to the scenario's
 * YAML document (comments and layout kept), so the changed scenario is decoded by the same loader,
 * run by the same engines, and can be saved as a file that reads like the original.
 *
 * ```
 *   reserved nodes      4      ←/→ ±1 node
 *   demand              ×1.0   ←/→ ±0.1
 *   margin              30%    ←/→ ±5 points
 *   chat SLO TTFT p99   2.00 s ←/→ next round value
 *   chat TP             2      ←/→ 1, 2, 4, 8
 * ```
 */
import { Effect } from "effect"
import * as fs from "node:fs"
import * as path from "node:path"
import { isScalar, parseDocument } from "yaml"
import type { Scenario } from "../domain/scenario/index.ts"
import { gpuNames } from "../domain/catalog/index.ts"
import { formatDuration } from "../domain/units.ts"
import { InvalidInput, type Diagnostic } from "./diagnostics.ts"
import { decodeScenarioText, loadScenario, nodeProbe, type LoadedScenario } from "./load-scenario.ts"

export interface Knob {
  /**
   * Stable id: `nodes:<pool>`, `gpu` (the GPU type of every pool on the first pool's type),
   * `demand`, `margin`, `slo:<workload>`, `tp:<workload>`, `target:<autoscaler>`.
   */
  readonly id: string
  readonly label: string
  /** The value in the scenario as loaded. */
  readonly base: number
  /** Smallest and largest value the knob allows. */
  readonly min: number
  readonly max: number
  /** Additive step, when the knob moves by a fixed amount (autoscaling targets). */
  readonly step?: number
}

/** Knob id → value. Absent means the scenario's own value. */
export type KnobSettings = Readonly<Record<string, number>>

const SLO_STEPS = [0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.75, 1, 1.5, 2, 2.5, 3, 4, 5, 7.5, 10, 15, 20, 30, 45, 60, 90, 120]
const TP_STEPS = [1, 2, 4, 8, 16]
const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits

/** The knobs a scenario offers, with their loaded values. */
export const knobsOf = (s: Scenario): Knob[] => {
  const out: Knob[] = []
  s.pools.forEach((p, i) => {
    const fixed = typeof p.nodes === "number"
    const base = typeof p.nodes === "number" ? p.nodes : p.nodes.max
    out.push({ id: `nodes:${i}`, label: `${p.name} ${fixed ? "nodes" : "max nodes"}`, base, min: 1, max: Math.max(1024, base * 4) })
  })
  out.push({ id: "demand", label: "demand", base: 1, min: 0.1, max: 20 })
  out.push({ id: "margin", label: "margin", base: s.quote.margin, min: 0, max: 0.95 })
  s.inference.forEach((w, i) => {
    const ttft = w.slo?.ttft
    const key = ttft ? Object.keys(ttft)[0] : undefined
    if (ttft && key !== undefined) out.push({ id: `slo:${i}`, label: `${w.name} SLO TTFT ${key}`, base: ttft[key]!, min: SLO_STEPS[0]!, max: SLO_STEPS[SLO_STEPS.length - 1]! })
  })
  s.inference.forEach((w, i) => out.push({ id: `tp:${i}`, label: `${w.name} tensor parallel`, base: w.replica.tensorParallel, min: 1, max: 16 }))
  // GPU type: an index into the built-in catalog; every pool on the first pool's type switches
  // together, so a workload's pools never end up with mixed types.
  const gpuIndex = gpuNames.indexOf(s.pools[0]?.gpu ?? "")
  if (gpuIndex >= 0) out.push({ id: "gpu", label: `GPU type (pools on ${s.pools[0]!.gpu})`, base: gpuIndex, min: 0, max: gpuNames.length - 1 })
  s.autoscaling.forEach((a, i) => {
    const label = `${a.name} autoscaling target (${a.metric})`
    if (a.metric === "kvUtilization" || a.metric === "gpuBusy") out.push({ id: `target:${i}`, label, base: a.target, min: 0.05, max: 1, step: 0.05 })
    else if (a.metric === "queueDepth") out.push({ id: `target:${i}`, label, base: a.target, min: 1, max: 1024, step: 1 })
    else out.push({ id: `target:${i}`, label, base: a.target, min: SLO_STEPS[0]!, max: SLO_STEPS[SLO_STEPS.length - 1]! })
  })
  return out
}

/** The knob's next value one step up (`direction` 1) or down (−1), within its range. */
export const stepKnob = (knob: Knob, value: number, direction: 1 | -1): number => {
  const kind = knob.id.split(":")[0]
  const clamp = (x: number) => Math.min(knob.max, Math.max(knob.min, x))
  if (kind === "nodes") return clamp(value + direction)
  if (kind === "demand") return clamp(round(value + 0.1 * direction, 2))
  if (kind === "margin") return clamp(round(value + 0.05 * direction, 2))
  if (kind === "gpu") return clamp(value + direction)
  if (knob.step !== undefined) return clamp(round(value + knob.step * direction, 4))
  const steps = kind === "slo" || kind === "target" ? SLO_STEPS : TP_STEPS
  const next = direction > 0 ? steps.find((x) => x > value + 1e-9) : [...steps].reverse().find((x) => x < value - 1e-9)
  return clamp(next ?? value)
}

/** How a knob value reads: `6`, `×1.2`, `35%`, `1.5s`. */
export const formatKnob = (knob: Knob, value: number): string => {
  const kind = knob.id.split(":")[0]
  if (kind === "demand") return `×${value.toFixed(1)}`
  if (kind === "margin") return `${Math.round(value * 100)}%`
  if (kind === "slo") return formatDuration(value)
  if (kind === "gpu") return gpuNames[value] ?? String(value)
  if (kind === "target") return knob.step === 0.05 ? `${Math.round(value * 100)}%` : knob.step === undefined ? formatDuration(value) : String(value)
  return String(value)
}

/** `demand ×1.2, burst max nodes 8` — the settings that differ from the scenario. */
export const describeSettings = (knobs: ReadonlyArray<Knob>, settings: KnobSettings): string =>
  knobs
    .filter((k) => settings[k.id] !== undefined && settings[k.id] !== k.base)
    .map((k) => `${k.label} ${formatKnob(k, settings[k.id]!)}`)
    .join(", ")

/**
 * Apply knob settings to scenario text: returns new YAML text. `scenario` is the decoded original
 * (numbers in base units), so rates and durations are written as plain numbers per second and seconds.
 */
export const applyKnobs = (text: string, scenario: Scenario, settings: KnobSettings): string => {
  if (Object.keys(settings).length === 0) return text
  return editYaml(text, knobEdits(scenario, settings))
}

type Edit = readonly [path: ReadonlyArray<string | number>, value: unknown]

/** The (path, value) edits a set of knob settings makes to the scenario document. */
export const knobEdits = (scenario: Scenario, settings: KnobSettings): Edit[] => {
  const edits: Edit[] = []
  for (const [id, value] of Object.entries(settings)) {
    const [kind, indexText] = id.split(":")
    const i = Number(indexText)
    if (kind === "nodes") {
      const p = scenario.pools[i]
      if (p === undefined) continue
      if (typeof p.nodes === "number") edits.push([["pools", i, "nodes"], value])
      else {
        edits.push([["pools", i, "nodes", "max"], value])
        if (p.nodes.min > value) edits.push([["pools", i, "nodes", "min"], value])
        if (p.nodes.initial !== undefined && p.nodes.initial > value) edits.push([["pools", i, "nodes", "initial"], value])
      }
    } else if (kind === "demand") {
      if (value === 1) continue
      scenario.inference.forEach((w, j) => {
        const a = w.arrivals
        const at = (key: string) => ["inference", j, "arrivals", key]
        const n = (x: number) => round(x * value, 6)
        if (a.pattern === "poisson" || a.pattern === "constant") edits.push([at("rate"), n(a.rate)])
        else if (a.pattern === "diurnal") edits.push([at("meanRate"), n(a.meanRate)])
        else if (a.pattern === "ramp") edits.push([at("from"), n(a.from)], [at("to"), n(a.to)])
        else if (a.pattern === "trace") edits.push([at("rateScale"), n(a.rateScale ?? 1)])
        else if (a.pattern === "closed") edits.push([at("concurrency"), Math.max(1, Math.round(a.concurrency * value))])
        else if (a.pattern === "batch") edits.push([at("requests"), Math.max(1, Math.round(a.requests * value))])
      })
    } else if (kind === "margin") edits.push([["quote", "margin"], value])
    else if (kind === "slo") {
      const ttft = scenario.inference[i]?.slo?.ttft
      const key = ttft ? Object.keys(ttft)[0] : undefined
      if (key !== undefined) edits.push([["inference", i, "slo", "ttft", key], value])
    } else if (kind === "tp" && scenario.inference[i] !== undefined) edits.push([["inference", i, "replica", "tensorParallel"], value])
    else if (kind === "gpu") {
      const from = scenario.pools[0]?.gpu
      const to = gpuNames[value]
      if (from !== undefined && to !== undefined)
        scenario.pools.forEach((p, j) => {
          if (p.gpu !== from) return
          edits.push([["pools", j, "gpu"], to])
          // The prices written for the old GPU do not apply to the new one: drop them, so the new
          // GPU's catalog prices are used and listed with their source and as-of date.
          const priceKey = p.pricing.kind === "owned" ? "capexPerGpu" : "perGpuHour"
          if ((p.pricing as Record<string, unknown>)[priceKey] !== undefined) edits.push([["pools", j, "pricing", priceKey], undefined])
        })
    } else if (kind === "target" && scenario.autoscaling[i] !== undefined) edits.push([["autoscaling", i, "target"], value])
  }
  return edits
}

/**
 * Apply edits to YAML text. When every edited value is already a scalar in the file, the new values
 * are spliced in place so every other byte (comments, flow style, spacing) stays as written;
 * otherwise (a key to add) the document is edited and re-printed.
 */
const editYaml = (text: string, edits: ReadonlyArray<Edit>): string => {
  const doc = parseDocument(text)
  const spots = edits.map(([p, value]) => {
    const node = doc.getIn(p, true)
    return value !== undefined && isScalar(node) && node.range ? { from: node.range[0], to: node.range[1], value } : undefined
  })
  if (spots.every((x) => x !== undefined)) {
    let out = text
    for (const spot of [...spots].sort((a, b) => b!.from - a!.from)) out = out.slice(0, spot!.from) + String(spot!.value) + out.slice(spot!.to)
    return out
  }
  for (const [p, value] of edits) {
    if (value === undefined) {
      doc.deleteIn(p)
      continue
    }
    // Create missing parents as block mappings.
    for (let k = 1; k < p.length; k++) if (doc.getIn(p.slice(0, k)) === undefined) doc.setIn(p.slice(0, k), doc.createNode({}))
    doc.setIn(p, value)
  }
  return doc.toString({ lineWidth: 0 })
}

/** Decode scenario text as if it were the file `file` (relative paths resolve beside it). */
export const loadScenarioText = (text: string, file: string): { ok: true; loaded: LoadedScenario } | { ok: false; diagnostics: Diagnostic[] } => {
  const baseDir = path.dirname(path.resolve(file))
  const r = decodeScenarioText(text, file, baseDir, nodeProbe)
  return r.ok ? { ok: true, loaded: { scenario: r.scenario, locate: r.locate, explicitPaths: r.explicitPaths, file, baseDir } } : { ok: false, diagnostics: r.diagnostics }
}

/** A scenario file opened for what-if: its text (knobs edit it) and the decoded scenario. */
export const openForWhatIf = (file: string): Effect.Effect<{ readonly text: string; readonly loaded: LoadedScenario }, InvalidInput> =>
  Effect.flatMap(loadScenario(file), (loaded) =>
    Effect.try({
      try: () => ({ text: fs.readFileSync(file, "utf8").replace(/^\uFEFF/, ""), loaded }),
      catch: (e) => new InvalidInput({ diagnostics: [{ file, line: 1, column: 1, path: "", message: `cannot read the file (${String(e)})` }] }),
    }),
  )
