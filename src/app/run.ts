/**
 * `gpuplan run`: a loaded scenario → data files read and parsed → prepared model → replications
 * through the chosen engine → one report. Every input problem, wherever it is found, comes back as
 * positioned diagnostics (exit 2), never as a crash.
 */
import { Effect } from "effect"
import * as fs from "node:fs"
import * as path from "node:path"
import { formatPath } from "../domain/scenario/issues.ts"
import { parseEmpiricalCsv, parseTraceCsv, type TraceData } from "../model/demand/trace.ts"
import { prepareScenario, type PreparedScenario, type ScenarioFiles } from "../model/prepare.ts"
import { analyzeScenario } from "../model/analytic/analyze.ts"
import { simulate, SourceProblem, type SimulationProgress } from "../model/simulate.ts"
import { buildReport, combineReports } from "../report/build.ts"
import type { Report } from "../report/types.ts"
import { InvalidInput, type Diagnostic } from "./diagnostics.ts"
import type { LoadedScenario } from "./load-scenario.ts"
import { VERSION } from "./version.ts"

export interface RunOptions {
  readonly engine?: "des" | "analytic"
  readonly seed?: number
  readonly horizonSeconds?: number
  readonly replications?: number
  readonly onProgress?: (p: SimulationProgress & { readonly replication: number; readonly replications: number }) => void
}

/** Read and parse the trace and empirical files a scenario names. */
export const readScenarioFiles = (loaded: LoadedScenario): { files: ScenarioFiles; diagnostics: Diagnostic[] } => {
  const traces = new Map<string, TraceData>()
  const lengths = new Map<string, Float64Array>()
  const diagnostics: Diagnostic[] = []
  const read = (file: string, at: Array<string | number>): string | undefined => {
    const abs = path.resolve(loaded.baseDir, file)
    try {
      return fs.readFileSync(abs, "utf8")
    } catch (e) {
      const pos = loaded.locate(at)
      diagnostics.push({ file: loaded.file, line: pos.line, column: pos.column, path: formatPath(at), message: `cannot read ${abs} (${(e as NodeJS.ErrnoException).code ?? String(e)})` })
      return undefined
    }
  }
  loaded.scenario.inference.forEach((w, i) => {
    if (w.arrivals.pattern === "trace" && !traces.has(w.arrivals.file)) {
      const text = read(w.arrivals.file, ["inference", i, "arrivals", "file"])
      if (text !== undefined) {
        const parsed = parseTraceCsv(text)
        const shown = path.join(path.relative(process.cwd(), loaded.baseDir) || ".", w.arrivals.file)
        if (parsed.ok) traces.set(w.arrivals.file, parsed.value)
        else for (const e of parsed.errors) diagnostics.push({ file: shown, line: e.row, column: e.column, path: "", message: e.message })
      }
    }
    for (const key of ["promptTokens", "outputTokens"] as const) {
      const d = w[key]
      if (d?.distribution !== "empirical" || lengths.has(d.file)) continue
      const text = read(d.file, ["inference", i, key, "file"])
      if (text === undefined) continue
      const parsed = parseEmpiricalCsv(text)
      const shown = path.join(path.relative(process.cwd(), loaded.baseDir) || ".", d.file)
      if (parsed.ok) lengths.set(d.file, parsed.value)
      else for (const e of parsed.errors) diagnostics.push({ file: shown, line: e.row, column: e.column, path: "", message: e.message })
    }
  })
  return { files: { traces, lengths }, diagnostics }
}

/** Prepare a loaded scenario for simulation; fails with positioned diagnostics. */
export const prepare = (loaded: LoadedScenario): Effect.Effect<PreparedScenario, InvalidInput> =>
  Effect.suspend(() => {
    const { files, diagnostics } = readScenarioFiles(loaded)
    if (diagnostics.length > 0) return Effect.fail(new InvalidInput({ diagnostics }))
    const prepared = prepareScenario(loaded.scenario, files, loaded.explicitPaths)
    if (prepared.ok) return Effect.succeed(prepared.value)
    return Effect.fail(new InvalidInput({ diagnostics: prepared.problems.map((p) => at(loaded, p.path, p.message)) }))
  })

const at = (loaded: LoadedScenario, p: ReadonlyArray<string | number>, message: string): Diagnostic => {
  const pos = loaded.locate(p)
  return { file: loaded.file, line: pos.line, column: pos.column, path: formatPath(p), message }
}

/** Simulate every replication and build the combined report. */
export const runPrepared = (loaded: LoadedScenario, prepared: PreparedScenario, opts: RunOptions = {}): Effect.Effect<Report, InvalidInput> =>
  Effect.gen(function* () {
    const s = loaded.scenario
    const seed = opts.seed ?? s.seed
    // Built-in prices are checked for staleness against today's date (UTC); the date itself is not in the report.
    const pricing = { today: new Date().toISOString().slice(0, 10), explicitPaths: loaded.explicitPaths }
    if (opts.engine === "analytic") {
      // Steady state: deterministic, so one "replication" whatever the scenario asks.
      const run = analyzeScenario(prepared, opts.horizonSeconds !== undefined ? { horizonSeconds: opts.horizonSeconds } : {})
      return buildReport({ ...prepared, assumptions: [...prepared.assumptions, ...run.notes] }, run.result, { version: VERSION, engine: "analytic", seed, ...pricing })
    }
    const replications = opts.replications ?? s.replications
    const reports: Report[] = []
    for (let r = 0; r < replications; r++) {
      const result = yield* Effect.try({
        try: () =>
          simulate(prepared, {
            seed: seed + r,
            ...(opts.horizonSeconds !== undefined ? { horizonSeconds: opts.horizonSeconds } : {}),
            ...(opts.onProgress ? { onProgress: (p) => opts.onProgress!({ ...p, replication: r, replications }) } : {}),
          }),
        catch: (e) => {
          if (e instanceof SourceProblem) return new InvalidInput({ diagnostics: [at(loaded, e.path, e.message)] })
          throw e
        },
      })
      reports.push(buildReport(prepared, result, { version: VERSION, engine: "des", seed, ...pricing }))
      yield* Effect.yieldNow
    }
    return combineReports(reports)
  })

export const runScenario = (loaded: LoadedScenario, opts: RunOptions = {}): Effect.Effect<Report, InvalidInput> =>
  Effect.flatMap(prepare(loaded), (p) => runPrepared(loaded, p, opts))
