/**
 * Everything the TUI asks of the outside world, as one interface: the real implementation calls
 * app/; tests pass fakes (in-process, deterministic). The UI never reads files or runs engines itself.
 */
import { Effect, Exit } from "effect"
import { analyticReport, startBackgroundRun, type RunEvent, type RunHandle } from "../app/background-run.ts"
import type { Diagnostic } from "../app/diagnostics.ts"
import { listScenarios, type ScenarioEntry } from "../app/scenario-catalog.ts"
import { exportReport, fileExists, saveScenarioText, suggestScenarioName } from "../app/save-scenario.ts"
import { applyKnobs, knobsOf, openForWhatIf, type KnobSettings } from "../app/what-if.ts"
import type { Report } from "../report/types.ts"
import type { OpenScenario } from "./state.ts"

export type Outcome<A> = { readonly ok: true; readonly value: A } | { readonly ok: false; readonly diagnostics: ReadonlyArray<Diagnostic> }

export interface Services {
  readonly list: () => Promise<ReadonlyArray<ScenarioEntry>>
  readonly open: (file: string) => Promise<Outcome<OpenScenario>>
  /** The scenario text with knob settings applied. */
  readonly apply: (open: OpenScenario, settings: KnobSettings) => string
  /** Full simulation, off the UI thread. */
  readonly simulate: (text: string, file: string, onEvent: (e: RunEvent) => void) => RunHandle
  /** Instant steady-state numbers, or null when the analytic engine is not available. */
  readonly estimate: (text: string, file: string) => Promise<Report | null>
  /** Write the proposal files; their paths. */
  readonly exportReport: (report: Report) => Promise<Outcome<ReadonlyArray<string>>>
  readonly suggestName: (file: string) => string
  readonly exists: (file: string) => boolean
  readonly save: (file: string, text: string, overwrite: boolean) => Promise<Outcome<string>>
}

const outcome = async <A>(effect: Effect.Effect<A, { readonly diagnostics: ReadonlyArray<Diagnostic> }>): Promise<Outcome<A>> => {
  const exit = await Effect.runPromiseExit(effect)
  if (Exit.isSuccess(exit)) return { ok: true, value: exit.value }
  const failure = exit.cause.reasons.find((r) => r._tag === "Fail")
  const diagnostics = failure?._tag === "Fail" ? failure.error.diagnostics : [{ file: "", line: 1, column: 1, path: "", message: String(exit.cause) }]
  return { ok: false, diagnostics }
}

export const realServices = (scenarioDir: string, exportDir: string): Services => ({
  list: () => Effect.runPromise(listScenarios(scenarioDir)),
  open: (file) => outcome(Effect.map(openForWhatIf(file), ({ text, loaded }) => ({ file, text, scenario: loaded.scenario, knobs: knobsOf(loaded.scenario) }))),
  apply: (open, settings) => (Object.keys(settings).length === 0 ? open.text : applyKnobs(open.text, open.scenario, settings)),
  simulate: (text, file, onEvent) => startBackgroundRun({ text, file, engine: "des" }, onEvent),
  estimate: (text, file) => analyticReport(text, file),
  exportReport: (report) => outcome(exportReport(report, exportDir)),
  suggestName: suggestScenarioName,
  exists: fileExists,
  save: (file, text, overwrite) => outcome(saveScenarioText(file, text, overwrite)),
})
