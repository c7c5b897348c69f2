/**
 * Simulations that must not freeze the terminal UI: the discrete-event engine runs on a worker
 * thread (the kernel is synchronous, seconds long), reports progress, and is cancelled by
 * terminating the thread. The analytic engine answers in-process, for instant what-if feedback.
 */
import { Effect, Exit } from "effect"
import { fileURLToPath } from "node:url"
import { Worker } from "node:worker_threads"
import type { Report } from "../report/types.ts"
import type { Diagnostic } from "./diagnostics.ts"
import { runScenario } from "./run.ts"
import { loadScenarioText } from "./what-if.ts"

export interface RunRequest {
  /** Scenario YAML text (possibly with what-if knobs applied). */
  readonly text: string
  /** The file it came from: names diagnostics and anchors relative paths. */
  readonly file: string
  readonly engine: "des" | "analytic"
  /** Override of the scenario's horizon (seconds). */
  readonly horizonSeconds?: number
}

export interface RunProgress {
  readonly type: "progress"
  /** 0..1 of all replications. */
  readonly fraction: number
  readonly simulatedSeconds: number
  readonly horizonSeconds: number
  readonly replication: number
  readonly replications: number
  readonly elapsedSeconds: number
}

export type RunEvent =
  | RunProgress
  | { readonly type: "done"; readonly report: Report; readonly elapsedSeconds: number }
  | { readonly type: "invalid"; readonly diagnostics: ReadonlyArray<Diagnostic> }
  | { readonly type: "failed"; readonly message: string }

export interface RunHandle {
  /** Stop the run; no event follows. */
  readonly cancel: () => void
}

/** Run on a worker thread; `onEvent` gets progress, then exactly one of done / invalid / failed. */
export const startBackgroundRun = (request: RunRequest, onEvent: (e: RunEvent) => void): RunHandle => {
  const entry = fileURLToPath(new URL("./run-worker.ts", import.meta.url))
  const boot = fileURLToPath(new URL("./run-worker-boot.mjs", import.meta.url))
  let finished = false
  const worker = new Worker(boot, { workerData: { ...request, entry }, stdout: true, stderr: true })
  worker.on("message", (e: RunEvent) => {
    if (finished) return
    if (e.type !== "progress") {
      finished = true
      void worker.terminate()
    }
    onEvent(e)
  })
  worker.on("error", (e) => {
    if (finished) return
    finished = true
    onEvent({ type: "failed", message: e.message })
  })
  worker.on("exit", (code) => {
    if (finished) return
    finished = true
    onEvent({ type: "failed", message: `the simulation thread stopped (exit ${code})` })
  })
  return {
    cancel: () => {
      if (finished) return
      finished = true
      void worker.terminate()
    },
  }
}

let analyticAvailable: boolean | undefined

/**
 * The analytic engine's report, in-process, or null while the engine does not exist (run.ts then
 * falls back to the discrete-event engine, which is too slow for the UI thread). Probed once on a
 * one-minute horizon, so the probe itself stays cheap either way.
 */
export const analyticReport = async (text: string, file: string): Promise<Report | null> => {
  const l = loadScenarioText(text, file)
  if (!l.ok) return null
  if (analyticAvailable === undefined) {
    const probe = await Effect.runPromiseExit(runScenario(l.loaded, { engine: "analytic", horizonSeconds: 60, replications: 1 }))
    analyticAvailable = Exit.isSuccess(probe) && probe.value.scenario.engine === "analytic"
  }
  if (!analyticAvailable) return null
  const exit = await Effect.runPromiseExit(runScenario(l.loaded, { engine: "analytic" }))
  return Exit.isSuccess(exit) ? exit.value : null
}
