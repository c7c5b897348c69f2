/**
 * gpuplan's command line: argv → a command. Interactive use (a TTY, not CI) opens the terminal UI;
 * everything else runs headless through app/. Exit codes: 0 success, 1 the run failed, 2 invalid
 * input or usage. User mistakes print a message, never a stack trace.
 */
import { Effect, Exit } from "effect"
import { parseArgs, type ParseArgsConfig } from "node:util"
import { formatDiagnostic, InvalidInput } from "./app/diagnostics.ts"
import { scenarioJsonSchema } from "./app/json-schema.ts"
import { loadScenario } from "./app/load-scenario.ts"
import { writeOutput } from "./app/output.ts"
import { runScenario } from "./app/run.ts"
import { parseDuration } from "./domain/units.ts"
import { renderText } from "./report/text.ts"
import { compareScenarios } from "./app/compare.ts"
import { formats, isFormat, renderComparison, renderReport } from "./report/formats.ts"
import { summarizeScenario } from "./app/summary.ts"
import { VERSION } from "./app/version.ts"
import { closest } from "./domain/scenario/suggest.ts"
import { runSizeCommand } from "./app/size-command.ts"
import { sweepCommand } from "./app/sweep-command.ts"
import { runSensitivity } from "./app/sensitivity.ts"
import { readFileSync } from "node:fs"
import { calibrate, calibrationYaml, checkDrift, readBenchmarks, readCalibration, refuseExistingOut, renderCalibration } from "./app/calibrate.ts"
import { PRECISIONS, type Precision } from "./app/benchmark-rows.ts"

class UsageError extends Error {}

interface Command {
  readonly summary: string
  readonly usage: string
  readonly options: NonNullable<ParseArgsConfig["options"]>
  readonly help: string
  readonly run: (positionals: string[], values: Record<string, unknown>) => Promise<number>
}

const out = (s: string) => process.stdout.write(s.endsWith("\n") ? s : s + "\n")
const err = (s: string) => process.stderr.write(s.endsWith("\n") ? s : s + "\n")

/** Run an app effect: InvalidInput → diagnostics on stderr and exit 2; other failures exit 1. */
const runApp = async <A>(effect: Effect.Effect<A, unknown>, onSuccess: (a: A) => number | void): Promise<number> => {
  const exit = await Effect.runPromiseExit(effect)
  if (Exit.isSuccess(exit)) return onSuccess(exit.value) ?? 0
  const failure = exit.cause.reasons.find((r) => r._tag === "Fail")
  const error = failure?._tag === "Fail" ? failure.error : undefined
  if (error instanceof InvalidInput) {
    for (const d of error.diagnostics) err(formatDiagnostic(d))
    err(`${error.diagnostics.length} problem${error.diagnostics.length === 1 ? "" : "s"} found`)
    return 2
  }
  err(`gpuplan: ${error instanceof Error ? error.message : String(error ?? exit.cause)}`)
  return 1
}

/** A progress line on stderr for runs longer than a second, only when stderr is a terminal. */
const progressLine = () => {
  if (!process.stderr.isTTY) return undefined
  const started = process.hrtime.bigint()
  let shown = false
  return {
    update: (p: { simulatedSeconds: number; horizonSeconds: number; replication: number; replications: number }) => {
      const elapsed = Number(process.hrtime.bigint() - started) / 1e9
      if (elapsed < 1) return
      shown = true
      const done = (p.replication + p.simulatedSeconds / p.horizonSeconds) / p.replications
      const left = done > 0 ? (elapsed * (1 - done)) / done : 0
      process.stderr.write(`\r  simulating ${(done * 100).toFixed(0).padStart(3)}% · replication ${p.replication + 1}/${p.replications} · ${left.toFixed(0)} s left   `)
    },
    done: () => {
      if (shown) process.stderr.write("\r\x1b[K")
    },
  }
}

const commands: Record<string, Command> = {
  run: {
    summary: "simulate a scenario and print the report",
    usage: "gpuplan run <scenario.yaml> [--engine des|analytic] [--format text|json|md|html|csv] [--out F] [--seed N] [--horizon D] [--replications N] [--sensitivity]",
    options: {
      sensitivity: { type: "boolean" },
      engine: { type: "string" },
      format: { type: "string" },
      out: { type: "string" },
      force: { type: "boolean" },
      seed: { type: "string" },
      horizon: { type: "string" },
      replications: { type: "string" },
    },
    help: [
      "Runs the scenario and prints a report. --engine des (default) simulates every request; --engine analytic gives",
      "steady-state estimates in milliseconds. --format json is the report contract (SCENARIO.md); md and html are a",
      "proposal to send (html: one self-contained file with charts); csv is one metric per row. --out writes the",
      "report to a file (atomically; never over an existing file without --force). --seed, --horizon (e.g. 2h, 7d)",
      "and --replications override the scenario. --sensitivity also re-runs the scenario with each major input moved alone",
      "(demand, prompt and output length ±20%, GPU efficiency ±15%, failure rate ×0.5/×2; prices ±10% from the ledger) and",
      "adds a table of which move cost and SLO attainment most (every format; html also draws it as two tornado charts).",
    ].join("\n"),
    run: async (files, values) => {
      if (files.length !== 1) throw new UsageError(files.length === 0 ? "run needs a scenario file" : `run takes one scenario file, found ${files.length}`)
      const format = (values.format as string | undefined) ?? "text"
      if (!isFormat(format)) throw new UsageError(`--format must be one of ${formats.join(", ")}, found ${JSON.stringify(format)}`)
      const engine = (values.engine as string | undefined) ?? "des"
      if (engine !== "des" && engine !== "analytic") throw new UsageError(`--engine must be des or analytic, found ${JSON.stringify(engine)}`)
      const seedText = values.seed as string | undefined
      const seed = seedText === undefined ? undefined : Number(seedText)
      if (seed !== undefined && !(Number.isInteger(seed) && seed >= 0)) throw new UsageError(`--seed must be a non-negative integer, found ${JSON.stringify(seedText)}`)
      const horizonText = values.horizon as string | undefined
      const horizon = horizonText === undefined ? undefined : parseDuration(horizonText)
      if (horizonText !== undefined && !(horizon !== undefined && horizon > 0)) throw new UsageError(`--horizon must be a duration such as 2h or 7d, found ${JSON.stringify(horizonText)}`)
      const repText = values.replications as string | undefined
      const replications = repText === undefined ? undefined : Number(repText)
      if (replications !== undefined && !(Number.isInteger(replications) && replications >= 1)) throw new UsageError(`--replications must be a positive integer, found ${JSON.stringify(repText)}`)
      const sensitivity = values.sensitivity === true
      const progress = progressLine()
      const effect = Effect.gen(function* () {
        const loaded = yield* loadScenario(files[0]!)
        const runOpts = {
          engine,
          ...(seed !== undefined ? { seed } : {}),
          ...(horizon !== undefined ? { horizonSeconds: horizon } : {}),
          ...(replications !== undefined ? { replications } : {}),
        } as const
        const report = yield* runScenario(loaded, { ...runOpts, ...(progress ? { onProgress: progress.update } : {}) })
        progress?.done()
        const s = sensitivity ? yield* runSensitivity(readFileSync(files[0]!, "utf8").replace(/^\uFEFF/, ""), files[0]!, loaded.scenario, report, runOpts) : undefined
        const text = renderReport(report, format, s)
        const out = values.out as string | undefined
        if (out !== undefined) {
          yield* writeOutput(out, text, values.force === true)
          return `wrote ${out}`
        }
        return text
      })
      return runApp(effect, (text) => {
        if (values.out !== undefined) err(text)
        else process.stdout.write(text)
      })
    },
  },
  compare: {
    summary: "run several scenarios and compare them side by side",
    usage: "gpuplan compare <a.yaml> <b.yaml> [c.yaml …] [--engine des|analytic] [--format text|json|md|html|csv] [--out F] [--horizon D]",
    options: { engine: { type: "string" }, format: { type: "string" }, out: { type: "string" }, force: { type: "boolean" }, horizon: { type: "string" } },
    help: [
      "Runs each scenario (one after another, same options) and shows the headline numbers side by side with deltas",
      "against the first and the better value marked, then a verdict: the cheapest scenario that meets every SLO",
      "(by cost per 1M output tokens). --format json gives { schemaVersion, scenarios: [report…], headline, deltas, verdict }.",
    ].join("\n"),
    run: async (files, values) => {
      if (files.length < 2) throw new UsageError(`compare needs at least two scenario files, found ${files.length}`)
      const format = (values.format as string | undefined) ?? "text"
      if (!isFormat(format)) throw new UsageError(`--format must be one of ${formats.join(", ")}, found ${JSON.stringify(format)}`)
      const engine = (values.engine as string | undefined) ?? "des"
      if (engine !== "des" && engine !== "analytic") throw new UsageError(`--engine must be des or analytic, found ${JSON.stringify(engine)}`)
      const horizonText = values.horizon as string | undefined
      const horizon = horizonText === undefined ? undefined : parseDuration(horizonText)
      if (horizonText !== undefined && !(horizon !== undefined && horizon > 0)) throw new UsageError(`--horizon must be a duration such as 2h or 7d, found ${JSON.stringify(horizonText)}`)
      const outFile = values.out as string | undefined
      const effect = Effect.gen(function* () {
        const comparison = yield* compareScenarios(files, { engine, ...(horizon !== undefined ? { horizonSeconds: horizon } : {}) })
        const text = renderComparison(comparison, format)
        if (outFile === undefined) return text
        yield* writeOutput(outFile, text, values.force === true)
        return `wrote ${outFile}`
      })
      return runApp(effect, (text) => {
        if (outFile !== undefined) err(text)
        else process.stdout.write(text)
      })
    },
  },
  calibrate: {
    summary: "fit a GPU's efficiencies and overheads to a customer's benchmark results",
    usage: "gpuplan calibrate <results.csv|.json…> --gpu G [--model M] [--tp N] [--precision P] [--out cal.yaml] [--force]  |  gpuplan calibrate --check cal.yaml <results…>",
    options: { gpu: { type: "string" }, model: { type: "string" }, tp: { type: "string" }, precision: { type: "string" }, out: { type: "string" }, force: { type: "boolean" }, check: { type: "string" } },
    help: [
      "Replays every measured point (CSV, vLLM --save-result JSON, genai-perf/AIPerf profile export JSON) through the",
      "engine and fits the GPU's efficiencies and overheads (bounded least squares on relative error, deterministic);",
      "prints the error per row before and after and which parameters moved. Refuses too few or inconsistent rows.",
      "--out writes the calibration (a scenario can reference it: calibrations: [cal.yaml]). --check cal.yaml replays",
      "new results with a calibration and reports the drift (exit 1 when drifted). --tp, --precision and --model",
      "describe JSON results, which do not name them (defaults: 1, bf16). See docs/calibrate.md.",
    ].join("\n"),
    run: async (files, values) => {
      if (files.length === 0) throw new UsageError("calibrate needs benchmark result files")
      const check = values.check as string | undefined
      const gpu = values.gpu as string | undefined
      if (check === undefined && gpu === undefined) throw new UsageError("calibrate needs --gpu (the GPU the benchmark ran on, e.g. H100-SXM)")
      const tpText = (values.tp as string | undefined) ?? "1"
      const tp = Number(tpText)
      if (!(Number.isInteger(tp) && tp >= 1)) throw new UsageError(`--tp must be a positive integer, found ${JSON.stringify(tpText)}`)
      const precision = ((values.precision as string | undefined) ?? "bf16").toLowerCase()
      if (!(PRECISIONS as ReadonlyArray<string>).includes(precision)) throw new UsageError(`--precision must be one of ${PRECISIONS.join(", ")}, found ${JSON.stringify(precision)}`)
      const model = values.model as string | undefined
      const outFile = values.out as string | undefined
      if (check !== undefined) {
        let drifted = false
        const code = await runApp(
          Effect.gen(function* () {
            const cal = yield* readCalibration(check)
            const rows = yield* readBenchmarks(files, { gpu: gpu ?? cal.gpu, model: model ?? "", tensorParallel: tp, precision: precision as Precision })
            return yield* checkDrift(cal, rows, model)
          }),
          (r) => {
            drifted = r.drifted
            process.stdout.write(r.text)
          },
        )
        return code === 0 && drifted ? 1 : code
      }
      const effect = Effect.gen(function* () {
        yield* refuseExistingOut(outFile, values.force === true)
        const rows = yield* readBenchmarks(files, { gpu: gpu!, model: model ?? "", tensorParallel: tp, precision: precision as Precision })
        const c = yield* calibrate(rows, files, { gpu: gpu!, ...(model !== undefined ? { model } : {}) })
        if (outFile !== undefined) yield* writeOutput(outFile, calibrationYaml(c), values.force === true)
        return renderCalibration(c, outFile)
      })
      return runApp(effect, (text) => {
        process.stdout.write(text)
      })
    },
  },
  size: {
    summary: "find the cheapest fleet that meets every SLO (the scenario's search: section)",
    usage: "gpuplan size <scenario.yaml> [--format text|json] [--out F] [--scenario-out F] [--force]",
    options: { format: { type: "string" }, out: { type: "string" }, "scenario-out": { type: "string" }, force: { type: "boolean" } },
    help: [
      "Screens every candidate of the scenario's search: grid (GPU type × tensor parallel × baseline pricing × node count ×",
      "burst GPU type × burst pricing × burst size × autoscaling target; the burst may be another GPU type, on-demand or",
      "spot) with the analytic engine, verifies the cheapest estimates with the",
      "discrete-event engine (search.replications seeds each; a winner meets every SLO in every replication), writes the",
      "winning fleet as a new runnable scenario (<file>-sized.yaml, or --scenario-out; never over an existing file) and",
      "prints the winner, a ranked table of the runners-up with why each lost, and the winner's report.",
    ].join("\n"),
    run: async (files, values) => {
      if (files.length !== 1) throw new UsageError(files.length === 0 ? "size needs a scenario file" : `size takes one scenario file, found ${files.length}`)
      const format = (values.format as string | undefined) ?? "text"
      if (format !== "text" && format !== "json") throw new UsageError(`--format must be text or json, found ${JSON.stringify(format)}`)
      const outFile = values.out as string | undefined
      const scenarioOut = values["scenario-out"] as string | undefined
      const effect = Effect.gen(function* () {
        const r = yield* runSizeCommand(files[0]!, { format, force: values.force === true, ...(scenarioOut !== undefined ? { scenarioOut } : {}), ...(outFile !== undefined ? { out: outFile } : {}) })
        if (r.scenarioFile !== null) err(`wrote ${r.scenarioFile}`)
        if (outFile !== undefined) yield* writeOutput(outFile, r.output, values.force === true)
        return r
      })
      return runApp(effect, (r) => {
        if (outFile !== undefined) err(`wrote ${outFile}`)
        else process.stdout.write(r.output)
        return r.result.winner === null ? 1 : 0
      })
    },
  },
  sweep: {
    summary: "run a grid of scenario variants (JSON Lines; worker threads, shards, merge)",
    usage: "gpuplan sweep <base.yaml> --vary path=v1,v2,… [--vary …] [--workers N] [--shard i/n | --shards n] [--engine des|analytic] [--horizon D] [--replications N] [--out F]\n       gpuplan sweep merge <shard.jsonl>… [--out F]",
    options: {
      vary: { type: "string", multiple: true },
      workers: { type: "string" },
      shard: { type: "string" },
      shards: { type: "string" },
      engine: { type: "string" },
      horizon: { type: "string" },
      replications: { type: "string" },
      out: { type: "string" },
      force: { type: "boolean" },
    },
    help: [
      "Runs every combination of the --vary values (the last --vary varies fastest) and writes one JSON line per point:",
      "{ index, of, vary, ok, summary } in index order — byte-identical whatever --workers is (default: all cores).",
      "--shard i/n runs the points with index % n = i; with --shards n the shard is read from JOB_COMPLETION_INDEX",
      "(a Kubernetes Indexed Job). `gpuplan sweep merge` puts the shards' files back together, checking none is missing.",
    ].join("\n"),
    run: async (positionals, values) => {
      const r = await sweepCommand(positionals, values, process.env)
      if ("usage" in r) throw new UsageError(r.usage)
      return runApp(r.effect, (text) => {
        if (values.out !== undefined) err(text)
        else process.stdout.write(text)
      })
    },
  },
  validate: {
    summary: "check a scenario file and summarize it",
    usage: "gpuplan validate <scenario.yaml>…",
    options: {},
    help: "Exit 0 with a one-line summary per file, or exit 2 with every problem as file:line:col: path: message.",
    run: async (files) => {
      if (files.length === 0) throw new UsageError("validate needs a scenario file")
      let code = 0
      for (const file of files) {
        const c = await runApp(loadScenario(file), (l) => {
          out(`${file}: ok — "${l.scenario.name}" · ${summarizeScenario(l.scenario)}`)
        })
        code = Math.max(code, c)
      }
      return code
    },
  },
  tui: {
    summary: "open the terminal UI on a scenario (no file: the scenario browser)",
    usage: "gpuplan tui [scenario.yaml]",
    options: {},
    help: "Opens the interactive terminal UI. Without a terminal (piped, or CI set) prints the scenario's text report instead.",
    run: async (files) => {
      if (files.length > 1) throw new UsageError(`tui takes at most one scenario file, found ${files.length}`)
      const ui = await import("./ui/start.tsx")
      if (ui.canRunTui()) return ui.runTui(files[0])
      return runApp(Effect.flatMap(loadScenario(files[0] ?? ui.defaultScenarioFile()), (l) => runScenario(l)), (r) => {
        process.stdout.write(renderText(r))
      })
    },
  },
  schema: {
    summary: "print the scenario JSON Schema (for editor completion)",
    usage: "gpuplan schema",
    options: {},
    help: "Writes a JSON Schema (draft 2020-12) of the scenario format to stdout. In VS Code with the YAML extension,\nput `# yaml-language-server: $schema=./gpuplan.schema.json` at the top of a scenario after `gpuplan schema > gpuplan.schema.json`.",
    run: async (rest) => {
      if (rest.length > 0) throw new UsageError(`schema takes no arguments, found ${JSON.stringify(rest[0])}`)
      out(JSON.stringify(scenarioJsonSchema(), null, 2))
      return 0
    },
  },
}

const mainHelp = (): string =>
  [
    "gpuplan — capacity planning for AI data centers: GPU fleets, inference and training load, cost and quotes",
    "",
    "Usage: gpuplan <command> [options]",
    "",
    "Commands:",
    ...Object.entries(commands).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`),
    "",
    "Options: --help (also after a command), --version",
    "Exit codes: 0 success, 1 the run failed, 2 invalid input or usage.",
  ].join("\n")

const commandHelp = (name: string, c: Command): string => {
  const opts = Object.entries(c.options).map(([k, o]) => `  --${k}${o.type === "string" ? " <value>" : ""}`)
  return [`Usage: ${c.usage}`, "", c.summary, "", c.help, "", "Options:", ...opts, "  --help"].join("\n")
}

export const main = async (argv: string[]): Promise<number> => {
  const [first, ...rest] = argv
  if (first === undefined) {
    // No arguments: the TUI on a terminal; otherwise (piped, CI) the default scenario's text report.
    const ui = await import("./ui/start.tsx")
    if (ui.canRunTui()) return ui.runTui()
    return runApp(Effect.flatMap(loadScenario(ui.defaultScenarioFile()), (l) => runScenario(l)), (r) => {
      process.stdout.write(renderText(r))
    })
  }
  if (first === "--help" || first === "-h" || first === "help") {
    const c = rest[0] !== undefined ? commands[rest[0]] : undefined
    out(c ? commandHelp(rest[0]!, c) : mainHelp())
    return 0
  }
  if (first === "--version" || first === "-v") {
    out(VERSION)
    return 0
  }
  const command = commands[first]
  if (command === undefined) {
    const hint = closest(first, Object.keys(commands))
    err(`gpuplan: unknown command "${first}"${hint ? ` — did you mean "${hint}"?` : ""}\nRun gpuplan --help for the list of commands.`)
    return 2
  }
  try {
    const { values, positionals } = parseArgs({ args: rest, options: { ...command.options, help: { type: "boolean", short: "h" } }, allowPositionals: true, strict: true })
    if (values.help) {
      out(commandHelp(first, command))
      return 0
    }
    return await command.run(positionals, values as Record<string, unknown>)
  } catch (e) {
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      const raw = (e as Error).message
      const flag = /'(--?[\w-]+)'/.exec(raw)?.[1]
      const msg = /^Unknown option/.test(raw) && flag ? `unknown option ${flag}` : raw.split(". To specify")[0]!
      const known = [...Object.keys(command.options).map((k) => `--${k}`), "--help"]
      const hint = flag ? closest(flag, known) : undefined
      err(`gpuplan ${first}: ${msg}${hint ? ` — did you mean ${hint}?` : ""}\nUsage: ${command.usage}`)
      return 2
    }
    throw e
  }
}

const isMain = process.argv[1] !== undefined && /(?:cli\.ts|gpuplan(?:\.js)?)$/.test(process.argv[1])
if (isMain) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code
    },
    (e: unknown) => {
      err(`gpuplan: internal error: ${e instanceof Error ? e.message : String(e)}\nPlease report this with the scenario that caused it.`)
      process.exitCode = 1
    },
  )
}
