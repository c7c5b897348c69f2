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
import { summarizeScenario } from "./app/summary.ts"
import { VERSION } from "./app/version.ts"
import { closest } from "./domain/scenario/suggest.ts"

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

const commands: Record<string, Command> = {
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
    out(mainHelp())
    return 0
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
