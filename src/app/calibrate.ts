/**
 * `gpuplan calibrate`: read a customer's benchmark results, refuse what cannot be fitted honestly,
 * fit the GPU's efficiencies and overheads through the engine (calibration-fit.ts), and write the
 * result as a calibration file — a `gpus:` override with its provenance — that scenarios can
 * reference (`calibrations: [cal.yaml]`). `--check` replays new results against a calibration and
 * says how far they drift.
 */
import { Effect } from "effect"
import * as fs from "node:fs"
import * as path from "node:path"
import { parse as parseYamlText } from "yaml"
import { findGpu, findModel } from "../domain/catalog/index.ts"
import { parseBenchmarkJson, type JsonRowDefaults } from "./benchmark-json.ts"
import { METRICS, parseBenchmarkCsv, type BenchmarkRow, type Metric } from "./benchmark-rows.ts"
import { BOUNDS, defaultsOf, evaluate, fit, PARAM_KEYS, planFit, type Evaluation, type FitResult, type ParamKey, type Params } from "./calibration-fit.ts"
import { InvalidInput, type Diagnostic } from "./diagnostics.ts"

/** Benchmark files larger than this are refused (a summary file is kilobytes; engineering limit). */
const MAX_BENCHMARK_BYTES = 16 * 1024 * 1024
/** Two measurements of the same setup that differ by more than this are contradictory (run-to-run noise of serving benchmarks is a few %). */
export const DUPLICATE_TOLERANCE = 0.1
/** Closed loop: throughput must agree with concurrency × output / (TTFT + (output − 1)·TPOT) within this (ramp-up and tail slack). */
export const LITTLE_TOLERANCE = 0.3

const whole = (file: string, message: string): Diagnostic => ({ file, line: 1, column: 1, path: "", message })
const atRow = (row: BenchmarkRow, message: string): Diagnostic => {
  const m = /^(.*):(\d+)$/.exec(row.source)
  return { file: m?.[1] ?? row.source, line: Number(m?.[2] ?? 1), column: 1, path: "", message }
}

/**
 * Fail before a long fit rather than after it when `--out` names an existing file and `--force` is
 * not given (writeOutput checks again when writing, atomically).
 */
export const refuseExistingOut = (file: string | undefined, force: boolean): Effect.Effect<void, InvalidInput> =>
  Effect.suspend(() =>
    file !== undefined && !force && fs.existsSync(file)
      ? Effect.fail(new InvalidInput({ diagnostics: [whole(file, fs.statSync(file).isDirectory() ? "is a directory; give a file name for --out" : "already exists; not overwriting it (use --force to replace it)")] }))
      : Effect.void,
  )

/** Read and parse every benchmark file; all problems at once as `file:row:column`. */
export const readBenchmarks = (files: ReadonlyArray<string>, defaults: JsonRowDefaults): Effect.Effect<BenchmarkRow[], InvalidInput> =>
  Effect.suspend(() => {
    const rows: BenchmarkRow[] = []
    const problems: Diagnostic[] = []
    for (const file of files) {
      let text: string
      try {
        const st = fs.statSync(file)
        if (st.isDirectory()) { problems.push(whole(file, "is a directory; expected a benchmark file (.csv or .json)")); continue }
        if (st.size > MAX_BENCHMARK_BYTES) { problems.push(whole(file, `the file is ${(st.size / 1048576).toFixed(1)} MiB; a benchmark summary may be at most 16 MiB`)); continue }
        const bytes = fs.readFileSync(file)
        if (bytes.includes(0)) { problems.push(whole(file, "this is a binary file, not a benchmark CSV or JSON")); continue }
        text = new TextDecoder("utf-8").decode(bytes)
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code
        problems.push(whole(file, code === "ENOENT" ? "no such file" : `cannot read the file (${code ?? String(e)})`))
        continue
      }
      const isJson = /\.json$/i.test(file) || /^\s*\{/.test(text)
      const parsed = isJson ? parseBenchmarkJson(text, file, defaults) : parseBenchmarkCsv(text, file)
      if (parsed.ok) rows.push(...parsed.rows)
      else problems.push(...parsed.errors.map((e) => ({ file, line: e.row, column: e.column, path: "", message: e.message })))
    }
    return problems.length > 0 ? Effect.fail(new InvalidInput({ diagnostics: problems })) : Effect.succeed(rows)
  })

/** The same operating point measured twice. */
const setupKey = (r: BenchmarkRow) =>
  JSON.stringify([r.gpu, r.model, r.tensorParallel, r.precision, r.kvCache, r.load, r.promptTokens, r.outputTokens, r.maxBatch, r.prefillChunk, r.memoryUtilization])

/** Rows that contradict each other or themselves (refused: a fit would average a contradiction away). */
export const inconsistencies = (rows: ReadonlyArray<BenchmarkRow>): Diagnostic[] => {
  const out: Diagnostic[] = []
  const seen = new Map<string, BenchmarkRow>()
  for (const r of rows) {
    const k = setupKey(r)
    const prev = seen.get(k)
    if (prev !== undefined) {
      for (const m of METRICS) {
        const a = prev.measured[m], b = r.measured[m]
        if (a !== undefined && b !== undefined && Math.abs(b / a - 1) > DUPLICATE_TOLERANCE)
          out.push(atRow(r, `inconsistent: ${m} ${fmt(m, b)} here, ${fmt(m, a)} at ${prev.source} for the same setup (${pct(b / a - 1)}; more than ±${DUPLICATE_TOLERANCE * 100}% apart)`))
      }
    } else seen.set(k, r)
    const { ttftSeconds: ttft, tpotSeconds: tpot, outputTokensPerSecond: tok } = r.measured
    if (r.load.kind === "concurrency" && ttft !== undefined && tpot !== undefined && tok !== undefined) {
      const expected = (r.load.concurrency * r.outputTokens) / (ttft + (r.outputTokens - 1) * tpot)
      if (Math.abs(tok / expected - 1) > LITTLE_TOLERANCE)
        out.push(atRow(r, `inconsistent: ${tok.toFixed(0)} output tok/s measured, but ${r.load.concurrency} clients at TTFT ${fmt("ttftSeconds", ttft)} and TPOT ${fmt("tpotSeconds", tpot)} can produce only ${expected.toFixed(0)} (Little's law; ${pct(tok / expected - 1)})`))
    }
  }
  return out
}

export interface CalibrateOptions {
  readonly gpu: string
  readonly model?: string
  readonly onProgress?: (evaluations: number) => void
}

export interface Calibration {
  readonly gpu: string
  readonly models: ReadonlyArray<string>
  readonly sources: ReadonlyArray<string>
  readonly rows: ReadonlyArray<BenchmarkRow>
  readonly skipped: number
  readonly result: FitResult
}

/** Select the rows of one GPU (and model), check them, fit. Refusals are InvalidInput (exit 2). */
export const calibrate = (all: ReadonlyArray<BenchmarkRow>, files: ReadonlyArray<string>, o: CalibrateOptions): Effect.Effect<Calibration, InvalidInput> =>
  Effect.gen(function* () {
    const first = files[0] ?? "benchmark"
    const refuse = (message: string, at: Diagnostic[] = []) => Effect.fail(new InvalidInput({ diagnostics: [...at, whole(first, message)] }))
    const start = defaultsOf(o.gpu)
    if (start === undefined || findGpu(o.gpu) === undefined) return yield* refuse(`--gpu ${o.gpu}: not a built-in GPU; calibrate fits a built-in GPU's efficiencies and overheads`)
    if (o.model !== undefined && findModel(o.model) === undefined) return yield* refuse(`--model ${o.model}: not a built-in model preset`)
    const rows = all.filter((r) => r.gpu === o.gpu && (o.model === undefined || r.model === o.model))
    const skipped = all.length - rows.length
    if (rows.length === 0) return yield* refuse(`no row for GPU ${o.gpu}${o.model !== undefined ? ` and model ${o.model}` : ""} (${all.length} rows read, for ${[...new Set(all.map((r) => `${r.gpu}/${r.model}`))].join(", ")})`)
    const bad = inconsistencies(rows)
    if (bad.length > 0) return yield* refuse(`refusing to fit: ${bad.length} inconsistent measurement${bad.length === 1 ? "" : "s"} (fix or remove them)`, bad)
    if (rows.length < 2) return yield* refuse(`refusing to fit: one operating point cannot separate compute, bandwidth and fixed overheads; measure at least two (e.g. concurrency 1 and a loaded one)`)
    const plan = yield* planFit(rows, start)
    if (plan.free.length === 0) return yield* refuse("refusing to fit: no efficiency or overhead moves these predictions by 0.5% or more; the rows say nothing about the GPU")
    if (plan.values < plan.free.length)
      return yield* refuse(
        `refusing to fit: ${plan.values} measured value${plan.values === 1 ? "" : "s"} for ${plan.free.length} parameters the rows move (${plan.free.join(", ")}); add rows at other concurrencies or lengths, or measure TTFT, TPOT and throughput in each`,
      )
    const result = yield* fit(rows, plan, o.onProgress)
    return { gpu: o.gpu, models: [...new Set(rows.map((r) => r.model))], sources: [...new Set(files)], rows, skipped, result }
  })

// ---------------------------------------------------------------------------------------------
// Text

const pct = (x: number) => `${x >= 0 ? "+" : "−"}${Math.abs(x * 100).toFixed(1)}%`
const fmt = (m: Metric, v: number): string =>
  m === "outputTokensPerSecond" ? `${v >= 100 ? v.toFixed(0) : v.toFixed(1)} tok/s` : v >= 1 ? `${v.toFixed(2)} s` : `${(v * 1e3).toFixed(v < 0.01 ? 2 : 1)} ms`
const METRIC_NAME: Readonly<Record<Metric, string>> = { ttftSeconds: "TTFT", tpotSeconds: "TPOT", outputTokensPerSecond: "throughput" }
const UNIT_OF: Readonly<Record<ParamKey, "fraction" | "ms" | "µs">> = { prefillCompute: "fraction", decodeCompute: "fraction", memory: "fraction", interconnect: "fraction", step: "ms", request: "µs", allReduceLatency: "µs" }
export const showParam = (k: ParamKey, v: number): string =>
  UNIT_OF[k] === "fraction" ? v.toFixed(3) : UNIT_OF[k] === "ms" ? `${(v * 1e3).toFixed(3)} ms` : `${(v * 1e6).toFixed(2)} µs`

/** Per row and metric: measured, error before, error after. */
export const renderRows = (rows: ReadonlyArray<BenchmarkRow>, columns: ReadonlyArray<{ title: string; e: Evaluation }>): string[] => {
  const lines: string[] = []
  const head = ["row", "metric", "measured", ...columns.map((c) => c.title)]
  const table: string[][] = [head]
  rows.forEach((r, i) => {
    METRICS.forEach((m) => {
      const y = r.measured[m]
      if (y === undefined) return
      table.push([`${path.basename(r.source)} ${r.label}`, METRIC_NAME[m], fmt(m, y), ...columns.map((c) => pct(c.e.errors[i]![m]!))])
    })
  })
  const widths = head.map((_, k) => Math.max(...table.map((t) => t[k]!.length)))
  for (const t of table) lines.push("  " + t.map((c, k) => (k < 2 ? c.padEnd(widths[k]!) : c.padStart(widths[k]!))).join("  "))
  return lines
}

export const renderCalibration = (c: Calibration, outFile?: string): string => {
  const r = c.result
  const lines: string[] = []
  lines.push(`CALIBRATE — ${c.gpu} · ${c.models.join(", ")} · ${c.rows.length} rows from ${c.sources.join(", ")}${c.skipped > 0 ? ` (${c.skipped} rows for other GPUs or models skipped)` : ""}`)
  lines.push("")
  lines.push(...renderRows(c.rows, [{ title: "before", e: r.before }, { title: "after", e: r.after }]))
  lines.push("")
  const values = r.before.errors.reduce((s, e) => s + Object.keys(e).length, 0)
  lines.push(`  mean absolute error  before ${(r.before.mare * 100).toFixed(1)}% (catalog defaults) · after ${(r.after.mare * 100).toFixed(1)}% · rms ${(Math.sqrt(r.before.mse) * 100).toFixed(1)}% → ${(Math.sqrt(r.after.mse) * 100).toFixed(1)}% (the fit minimizes rms) · ${values} measured values · ${r.evaluations} replays`)
  const moved = r.free.filter((k) => Math.abs(r.fitted[k] - r.start[k]) > 1e-12)
  const se = (k: ParamKey) => {
    const e = r.standardErrors[k]
    return e === undefined ? "" : ` (±${showParam(k, e).replace(/^0\.?0*(?=\d)/, (m) => m)})`
  }
  lines.push(`  moved   ${moved.length === 0 ? "nothing (the defaults already fit)" : moved.map((k) => `${k} ${showParam(k, r.start[k])} → ${showParam(k, r.fitted[k])}${se(k)}`).join(" · ")}`)
  const loose = r.free.filter((k) => { const e = r.standardErrors[k]; return e !== undefined && e > 0.1 * Math.max(Math.abs(r.fitted[k]), 1e-9) })
  if (loose.length > 0) lines.push(`  loose   ${loose.join(", ")}: ±10% or more — the rows let ${loose.length === 1 ? "it" : "them"} trade against other parameters; predictions inside the measured range hold, the value${loose.length === 1 ? "" : "s"} alone should not be read as a property of the GPU`)
  const atBound = r.free.filter((k) => r.fitted[k] <= BOUNDS[k][0] + 1e-12 || r.fitted[k] >= BOUNDS[k][1] - 1e-12)
  if (atBound.length > 0) lines.push(`  WARNING ${atBound.join(", ")} at the bound of the search: the rows want a value outside the physical range — check the setup (GPU, precision, tensor parallelism)`)
  const held = r.held.map((h) => `${h.key} ${showParam(h.key, r.start[h.key])} (${h.reason === "no tensor parallelism" ? "no row uses tensor parallelism" : h.reason === "same as step" ? "one model at one TP degree: a fixed cost per step, not separable from step" : "the rows barely move it"})`)
  lines.push(`  held    ${[...held, "layer (per-layer overhead: not separable from step with one model; catalog value)"].join(" · ")}`)
  if (values < 2 * r.free.length) lines.push(`  WARNING ${values} measured values for ${r.free.length} fitted parameters: the fit can match these rows without pinning each parameter; more operating points (other concurrencies, lengths) make the values trustworthy`)
  if (r.after.mare > 0.25) lines.push(`  WARNING the fitted model still misses by ${(r.after.mare * 100).toFixed(0)}% on average: the engine does not reproduce these measurements; do not quote on it`)
  lines.push(`  valid   ${validRange(c.rows)} — outside this range the calibration is an extrapolation`)
  if (outFile !== undefined) lines.push(`  wrote ${outFile} — reference it from a scenario with \`calibrations: [${path.basename(outFile)}]\``)
  return lines.join("\n") + "\n"
}

const validRange = (rows: ReadonlyArray<BenchmarkRow>): string => {
  const span = (xs: number[], unit = "") => (Math.min(...xs) === Math.max(...xs) ? `${Math.min(...xs)}${unit}` : `${Math.min(...xs)}–${Math.max(...xs)}${unit}`)
  const conc = rows.flatMap((r) => (r.load.kind === "concurrency" ? [r.load.concurrency] : []))
  return [
    `TP ${span(rows.map((r) => r.tensorParallel))}`,
    `${[...new Set(rows.map((r) => r.precision))].join("/")}`,
    conc.length > 0 ? `concurrency ${span(conc)}` : undefined,
    `prompts ${span(rows.map((r) => r.promptTokens))} tokens`,
    `outputs ${span(rows.map((r) => r.outputTokens))} tokens`,
  ]
    .filter((x) => x !== undefined)
    .join(", ")
}

// ---------------------------------------------------------------------------------------------
// The calibration file

/** Numbers written to 6 significant digits: deterministic text, no binary noise. */
const n6 = (x: number) => Number(x.toPrecision(6))

/**
 * The calibration file: `calibration:` (provenance and fit quality, read by reports) and `gpus:` (the
 * override itself, in scenario syntax, so it can also be pasted into a scenario).
 */
export const calibrationYaml = (c: Calibration): string => {
  const p = c.result.fitted
  const rowLines = c.rows.map((r, i) => {
    const e = c.result.after.errors[i]!
    const parts = METRICS.filter((m) => r.measured[m] !== undefined).map((m) => `${m}: ${n6(r.measured[m]!)}, ${m.replace(/Seconds$|PerSecond$/, "")}Error: ${n6(e[m]!)}`)
    return `    - { source: ${JSON.stringify(r.source)}, label: ${JSON.stringify(r.label)}, ${parts.join(", ")} }`
  })
  return [
    `# gpuplan calibration — written by \`gpuplan calibrate\`; reference it from a scenario: calibrations: [this file]`,
    `calibration:`,
    `  gpu: ${c.gpu}`,
    `  models: [${c.models.join(", ")}]`,
    `  sources: [${c.sources.map((s) => JSON.stringify(s)).join(", ")}]`,
    `  rows: ${c.rows.length}`,
    `  errorBefore: ${n6(c.result.before.mare)}   # mean absolute relative error with the catalog defaults`,
    `  errorAfter: ${n6(c.result.after.mare)}    # … with the fitted values below`,
    `  fitted: [${c.result.free.join(", ")}]`,
    `  held: [${c.result.held.map((h) => h.key).join(", ")}, layer]`,
    `  valid: ${JSON.stringify(validRange(c.rows))}`,
    `  measurements:`,
    ...rowLines,
    `gpus:`,
    `  ${c.gpu}:`,
    `    efficiency: { prefillCompute: ${n6(p.prefillCompute)}, decodeCompute: ${n6(p.decodeCompute)}, memory: ${n6(p.memory)}, interconnect: ${n6(p.interconnect)} }`,
    `    overheads: { step: ${n6(p.step)}, request: ${n6(p.request)}, allReduceLatency: ${n6(p.allReduceLatency)} }`,
    ``,
  ].join("\n")
}

export interface LoadedCalibration {
  readonly file: string
  readonly gpu: string
  readonly params: Params
  readonly rows: number
  readonly errorAfter: number
  readonly sources: ReadonlyArray<string>
}

/** Read a calibration file written by {@link calibrationYaml}. */
export const readCalibration = (file: string): Effect.Effect<LoadedCalibration, InvalidInput> =>
  Effect.suspend(() => {
    const fail = (message: string) => Effect.fail(new InvalidInput({ diagnostics: [whole(file, message)] }))
    let doc: any
    try {
      doc = parseYamlText(fs.readFileSync(file, "utf8"))
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code
      return fail(code === "ENOENT" ? "no such file" : code !== undefined ? `cannot read the file (${code})` : `not a calibration file: ${e instanceof Error ? e.message : String(e)}`)
    }
    const cal = doc?.calibration
    const gpu = cal?.gpu
    const o = typeof gpu === "string" ? doc?.gpus?.[gpu] : undefined
    if (typeof gpu !== "string" || o === undefined) return fail("not a calibration file: expected calibration.gpu and gpus.<that GPU> (write one with gpuplan calibrate --out)")
    const start = defaultsOf(gpu)
    if (start === undefined) return fail(`calibration.gpu: ${gpu} is not a built-in GPU`)
    const read: Record<ParamKey, unknown> = {
      prefillCompute: o.efficiency?.prefillCompute, decodeCompute: o.efficiency?.decodeCompute, memory: o.efficiency?.memory, interconnect: o.efficiency?.interconnect,
      step: o.overheads?.step, request: o.overheads?.request, allReduceLatency: o.overheads?.allReduceLatency,
    }
    const params = { ...start }
    for (const k of PARAM_KEYS) {
      const v = read[k]
      if (v === undefined) continue
      if (typeof v !== "number" || !(v >= BOUNDS[k][0] && v <= BOUNDS[k][1])) return fail(`gpus.${gpu}: ${k} must be a number in [${BOUNDS[k][0]}, ${BOUNDS[k][1]}], found ${JSON.stringify(v)}`)
      params[k] = v
    }
    return Effect.succeed({
      file,
      gpu,
      params,
      rows: typeof cal.rows === "number" ? cal.rows : 0,
      errorAfter: typeof cal.errorAfter === "number" ? cal.errorAfter : NaN,
      sources: Array.isArray(cal.sources) ? cal.sources.map(String) : [],
    })
  })

/**
 * Drifted: the new rows' mean error is above twice the calibration's own and above 10% — serving
 * benchmarks repeat within a few % run to run, an engine upgrade moves throughput by 2× (engineering
 * threshold).
 */
export const DRIFT_FLOOR = 0.1

/** Drift: new measurements replayed with the calibrated values. */
export const checkDrift = (cal: LoadedCalibration, all: ReadonlyArray<BenchmarkRow>, model: string | undefined): Effect.Effect<{ readonly text: string; readonly drifted: boolean }, InvalidInput> =>
  Effect.gen(function* () {
    const rows = all.filter((r) => r.gpu === cal.gpu && (model === undefined || r.model === model))
    if (rows.length === 0) return yield* Effect.fail(new InvalidInput({ diagnostics: [whole(cal.file, `no new row for GPU ${cal.gpu}${model !== undefined ? ` and model ${model}` : ""}`)] }))
    const e = yield* evaluate(rows, cal.params)
    const lines = [`DRIFT — ${rows.length} new rows against ${cal.file} (${cal.gpu}; fitted on ${cal.rows} rows at ${(cal.errorAfter * 100).toFixed(1)}% mean error)`, ""]
    lines.push(...renderRows(rows, [{ title: "error", e }]))
    const worst = Math.max(...e.errors.flatMap((x) => Object.values(x).map((v) => Math.abs(v as number))))
    lines.push("")
    lines.push(`  mean absolute error ${(e.mare * 100).toFixed(1)}% (at calibration: ${(cal.errorAfter * 100).toFixed(1)}%) · worst ${(worst * 100).toFixed(1)}%`)
    const drifted = e.mare > Math.max(2 * cal.errorAfter, DRIFT_FLOOR)
    lines.push(
      drifted
        ? `  DRIFTED: the calibration no longer describes this deployment (engine or driver upgrade?) — recalibrate: gpuplan calibrate <new results> --gpu ${cal.gpu}`
        : `  within tolerance: the calibration still holds`,
    )
    return { text: lines.join("\n") + "\n", drifted }
  })
