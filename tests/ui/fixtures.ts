/**
 * Test doubles for the TUI: services that answer in-process and deterministically — real scenarios,
 * real engines on a one-hour horizon — with the full simulation's timing under the test's control.
 */
import { Effect, Exit } from "effect"
import * as path from "node:path"
import type { RunEvent } from "../../src/app/background-run.ts"
import { bundledScenarioDir, listScenarios } from "../../src/app/scenario-catalog.ts"
import { runScenario } from "../../src/app/run.ts"
import { applyKnobs, knobsOf, loadScenarioText, openForWhatIf } from "../../src/app/what-if.ts"
import type { Report } from "../../src/report/types.ts"
import type { Services } from "../../src/ui/services.ts"

export const DEFAULT = path.join(bundledScenarioDir(), "chat-h100-burst.yaml")


export const report = async (text: string, file: string, engine: "des" | "analytic"): Promise<Report | { diagnostics: ReadonlyArray<any> }> => {
  const l = loadScenarioText(text, file)
  if (!l.ok) return { diagnostics: l.diagnostics }
  const exit = await Effect.runPromiseExit(runScenario(l.loaded, { engine, horizonSeconds: 3600 }))
  if (Exit.isSuccess(exit)) return exit.value
  const f = exit.cause.reasons.find((r) => r._tag === "Fail")
  return { diagnostics: f?._tag === "Fail" ? f.error.diagnostics : [{ file, line: 1, column: 1, path: "", message: String(exit.cause) }] }
}

export interface FakeServices extends Services {
  /** Every export / save call, for assertions. */
  readonly calls: string[]
  /** Simulations started and not yet finished: call `finish()` to deliver progress and the report. */
  readonly pending: Array<{ text: string; finish: () => Promise<void>; cancelled: boolean }>
}

export const fakeServices = (opts: { autoFinish?: boolean; analytic?: boolean } = {}): FakeServices => {
  const calls: string[] = []
  const pending: FakeServices["pending"] = []
  const files = new Set<string>()
  return {
    calls,
    pending,
    list: () => Effect.runPromise(listScenarios(bundledScenarioDir())),
    open: async (file) => {
      const exit = await Effect.runPromiseExit(openForWhatIf(file))
      if (Exit.isSuccess(exit)) {
        const { text, loaded } = exit.value
        return { ok: true, value: { file, text, scenario: loaded.scenario, knobs: knobsOf(loaded.scenario) } }
      }
      const f = exit.cause.reasons.find((r) => r._tag === "Fail")
      return { ok: false, diagnostics: f?._tag === "Fail" ? f.error.diagnostics : [] }
    },
    apply: (o, settings) => (Object.keys(settings).length === 0 ? o.text : applyKnobs(o.text, o.scenario, settings)),
    simulate: (text, file, onEvent: (e: RunEvent) => void) => {
      const job = {
        text,
        cancelled: false,
        finish: async () => {
          if (job.cancelled) return
          onEvent({ type: "progress", fraction: 0.5, simulatedSeconds: 1800, horizonSeconds: 3600, replication: 0, replications: 1, elapsedSeconds: 0.5 })
          const r = await report(text, file, "des")
          if (job.cancelled) return
          onEvent("diagnostics" in r ? { type: "invalid", diagnostics: r.diagnostics } : { type: "done", report: r, elapsedSeconds: 1 })
        },
      }
      pending.push(job)
      if (opts.autoFinish) setTimeout(() => void job.finish(), 5)
      return { cancel: () => { job.cancelled = true } }
    },
    estimate: async (text, file) => {
      if (opts.analytic === false) return null
      const r = await report(text, file, "analytic")
      return "diagnostics" in r ? null : r
    },
    exportReport: async (r) => {
      calls.push(`export ${r.scenario.name}`)
      return { ok: true, value: ["/tmp/gpuplan-acme.md", "/tmp/gpuplan-acme.html"] }
    },
    suggestName: (file) => file.replace(/\.yaml$/, "-whatif.yaml"),
    exists: (file) => files.has(file),
    save: async (file, text, overwrite) => {
      calls.push(`save ${file} overwrite=${overwrite}\n${text}`)
      files.add(file)
      return { ok: true, value: file }
    },
  }
}

/** Wait until the frame satisfies `ok` (polling), or fail with the last frame. */
export const waitFor = async (frame: () => string | undefined, ok: (f: string) => boolean, timeoutMs = 15_000): Promise<string> => {
  const start = Date.now()
  for (;;) {
    const f = frame() ?? ""
    if (ok(f)) return f
    if (Date.now() - start > timeoutMs) throw new Error(`timed out; last frame:\n${f}`)
    await new Promise((r) => setTimeout(r, 10))
  }
}

export const KEY = { up: "\u001B[A", down: "\u001B[B", right: "\u001B[C", left: "\u001B[D", enter: "\r", esc: "\u001B", tab: "\t", shiftTab: "\u001B[Z", backspace: "\u007F" }
