/**
 * `calibrations: [cal.yaml]` in a scenario: each file written by `gpuplan calibrate --out` carries a
 * `gpus.<GPU>` override (efficiency and overheads) and its provenance (`calibration:` — sources,
 * rows, fit error). Applied after decoding: the calibration's figures go under the GPU's `gpus:`
 * entry, fields the scenario writes itself win, and `source` names the calibration so reports
 * show which numbers rest on it (assumptions `gpus.<GPU>.efficiency` / `.overheads`).
 */
import * as fs from "node:fs"
import * as path from "node:path"
import { parse as parseYamlText } from "yaml"
import { findGpu } from "../domain/catalog/index.ts"
import type { GpuOverride, Scenario } from "../domain/scenario/index.ts"

const EFFICIENCY = ["prefillCompute", "decodeCompute", "memory", "interconnect"] as const
const OVERHEADS = ["step", "layer", "request", "allReduceLatency"] as const

export interface CalibrationProblem {
  readonly index: number
  readonly message: string
}

/** One calibration file → the GPU it calibrates and its override, or a problem. Reads the file. */
export const readCalibrationOverride = (abs: string, shown: string): { gpu: string; override: GpuOverride } | { problem: string } => {
  let doc: any
  try {
    if (fs.statSync(abs).isDirectory()) return { problem: `${abs} is a directory; expected a calibration YAML file` }
    doc = parseYamlText(fs.readFileSync(abs, "utf8"))
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    return { problem: code === "ENOENT" ? `no such file: ${abs}` : code !== undefined ? `cannot read ${abs} (${code})` : `${shown}: not valid YAML (${e instanceof Error ? e.message.split("\n")[0] : String(e)})` }
  }
  const cal = doc?.calibration
  const gpu = cal?.gpu
  const o = typeof gpu === "string" ? doc?.gpus?.[gpu] : undefined
  if (typeof gpu !== "string" || typeof o !== "object" || o === null) return { problem: `${shown}: not a calibration file (expected calibration.gpu and gpus.<that GPU>; write one with gpuplan calibrate --out)` }
  if (findGpu(gpu) === undefined) return { problem: `${shown}: calibration.gpu ${gpu} is not a built-in GPU` }
  const efficiency: Record<string, number> = {}
  const overheads: Record<string, number> = {}
  for (const k of EFFICIENCY) {
    const v = o.efficiency?.[k]
    if (v === undefined) continue
    if (typeof v !== "number" || !(v > 0 && v <= 1)) return { problem: `${shown}: gpus.${gpu}.efficiency.${k} must be a fraction in (0, 1], found ${JSON.stringify(v)}` }
    efficiency[k] = v
  }
  for (const k of OVERHEADS) {
    const v = o.overheads?.[k]
    if (v === undefined) continue
    if (typeof v !== "number" || !(v >= 0 && v < 1)) return { problem: `${shown}: gpus.${gpu}.overheads.${k} must be seconds in [0, 1), found ${JSON.stringify(v)}` }
    overheads[k] = v
  }
  const pct = typeof cal.errorAfter === "number" ? `, fit error ${(cal.errorAfter * 100).toFixed(1)}%` : ""
  const rows = typeof cal.rows === "number" ? `${cal.rows} rows` : "rows not stated"
  const sources = Array.isArray(cal.sources) && cal.sources.length > 0 ? ` of ${cal.sources.map((s: unknown) => path.basename(String(s))).join(", ")}` : ""
  return {
    gpu,
    override: { efficiency, overheads, source: `customer calibration ${shown} (${rows}${sources}${pct})` } as unknown as GpuOverride,
  }
}

/** The scenario with its calibrations applied, or the problems (by index in `calibrations`). */
export const applyCalibrations = (s: Scenario, baseDir: string): { ok: true; scenario: Scenario } | { ok: false; problems: CalibrationProblem[] } => {
  const files = s.calibrations ?? []
  if (files.length === 0) return { ok: true, scenario: s }
  const problems: CalibrationProblem[] = []
  const gpus: Record<string, GpuOverride> = { ...s.gpus }
  const seen = new Map<string, string>()
  files.forEach((f, index) => {
    const r = readCalibrationOverride(path.resolve(baseDir, f), f)
    if ("problem" in r) return problems.push({ index, message: r.problem })
    const before = seen.get(r.gpu)
    if (before !== undefined) return problems.push({ index, message: `${f} calibrates ${r.gpu}, as ${before} does already; keep one calibration per GPU` })
    seen.set(r.gpu, f)
    const own = s.gpus?.[r.gpu] as (GpuOverride & { efficiency?: object; overheads?: object }) | undefined
    const cal = r.override as GpuOverride & { efficiency?: object; overheads?: object }
    gpus[r.gpu] = { ...cal, ...own, efficiency: { ...cal.efficiency, ...own?.efficiency }, overheads: { ...cal.overheads, ...own?.overheads }, source: cal.source } as GpuOverride
  })
  return problems.length > 0 ? { ok: false, problems } : { ok: true, scenario: { ...s, gpus } }
}
