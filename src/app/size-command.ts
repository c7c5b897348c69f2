/**
 * `gpuplan size <scenario.yaml>`: load, search, write the winning fleet as a new runnable scenario
 * file (never over an existing one), and render the result.
 */
import { Effect } from "effect"
import * as fs from "node:fs"
import * as path from "node:path"
import { InvalidInput } from "./diagnostics.ts"
import { loadScenario } from "./load-scenario.ts"
import { writeOutput } from "./output.ts"
import { describeCandidate, sizedFileName, sizeScenario, type SizeOptions, type SizeResult } from "./size.ts"
import { renderSizeText, sizeJson } from "./size-render.ts"
import { formatDuration } from "../domain/units.ts"

export interface SizeCommandOptions extends SizeOptions {
  readonly format: "text" | "json"
  /** Where to write the winner's scenario; `<file>-sized.yaml` (first free name) when absent. */
  readonly scenarioOut?: string
  /** The report file (checked before the search, so an existing file is refused before minutes of work). */
  readonly out?: string
  readonly force?: boolean
}

const refuseExisting = (file: string | undefined, message: string): Effect.Effect<void, InvalidInput> =>
  file !== undefined && fs.existsSync(file) ? Effect.fail(new InvalidInput({ diagnostics: [{ file, line: 1, column: 1, path: "", message }] })) : Effect.void

export const runSizeCommand = (file: string, opts: SizeCommandOptions): Effect.Effect<{ readonly output: string; readonly result: SizeResult; readonly scenarioFile: string | null }, InvalidInput> =>
  Effect.gen(function* () {
    yield* refuseExisting(opts.scenarioOut, "already exists; gpuplan size never overwrites a scenario (choose another --scenario-out)")
    if (opts.force !== true) yield* refuseExisting(opts.out, "already exists; not overwriting it (use --force to replace it)")
    const loaded = yield* loadScenario(file)
    const text = yield* Effect.try({
      try: () => fs.readFileSync(file, "utf8").replace(/^\uFEFF/, ""),
      catch: (e) => new InvalidInput({ diagnostics: [{ file, line: 1, column: 1, path: "", message: `cannot read the file (${String(e)})` }] }),
    })
    const result = yield* sizeScenario(loaded, text, opts)
    let scenarioFile: string | null = null
    if (result.winner !== null) {
      scenarioFile = opts.scenarioOut ?? sizedFileName(file)
      const w = result.winner
      const header = [
        `# Question: the cheapest fleet for "${loaded.scenario.name}" — found by \`gpuplan size ${path.basename(file)}\`: ${describeCandidate(w.candidate)}.`,
        `# Verified by simulation: every SLO met in ${w.passedReplications}/${w.replications} replications of ${formatDuration(result.verifyHorizonSeconds)} (seeds ${loaded.scenario.seed}…${loaded.scenario.seed + w.replications - 1}).`,
        "",
      ].join("\n")
      yield* writeOutput(scenarioFile, header + w.text, false)
    }
    const output = opts.format === "json" ? sizeJson(result, scenarioFile) : renderSizeText(result, loaded.scenario.currency, scenarioFile)
    return { output, result, scenarioFile }
  })
