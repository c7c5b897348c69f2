/**
 * The scenario browser's list: every `*.yaml` in a directory, loaded, with a one-line fleet summary
 * or the file's diagnostics. The bundled `scenarios/` directory is found from this module's own
 * location (the package root), never from the working directory.
 */
import { Effect, Exit } from "effect"
import * as fs from "node:fs"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import type { Diagnostic } from "./diagnostics.ts"
import { loadScenario } from "./load-scenario.ts"
import { poolGpus, summarizeScenario } from "./summary.ts"

/** `<package root>/scenarios`. */
export const bundledScenarioDir = (): string => path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "scenarios")

/** The scenario `npm start` opens on. */
export const DEFAULT_SCENARIO = "chat-h100-burst.yaml"

export interface ScenarioEntry {
  readonly file: string
  readonly name: string
  readonly description: string
  /** `32–80 GPUs` (at the start – at most). */
  readonly fleet: string
  /** `2 pools (up to 80 GPUs: 80 H100-SXM) · 1 inference workload · …` */
  readonly summary: string
  /** Non-empty when the file does not load. */
  readonly diagnostics: ReadonlyArray<Diagnostic>
}

/** One file → its browser entry (never fails: problems become diagnostics). */
export const describeScenarioFile = (file: string): Effect.Effect<ScenarioEntry> =>
  Effect.map(Effect.exit(loadScenario(file)), (exit): ScenarioEntry => {
    if (Exit.isSuccess(exit)) {
      const s = exit.value.scenario
      let initial = 0
      let max = 0
      s.pools.forEach((_, i) => {
        const g = poolGpus(s, i)
        initial += g.initial
        max += g.max
      })
      return { file, name: s.name, description: s.description ?? "", fleet: initial === max ? `${max} GPUs` : `${initial}–${max} GPUs`, summary: summarizeScenario(s), diagnostics: [] }
    }
    const failure = exit.cause.reasons.find((r) => r._tag === "Fail")
    const error = failure?._tag === "Fail" ? failure.error : undefined
    const diagnostics = error?.diagnostics ?? [{ file, line: 1, column: 1, path: "", message: String(exit.cause) }]
    return { file, name: path.basename(file), description: "", fleet: "—", summary: "", diagnostics }
  })

/** Every `*.yaml` / `*.yml` in `dir`, sorted by file name. */
export const listScenarios = (dir: string): Effect.Effect<ScenarioEntry[]> =>
  Effect.suspend(() => {
    let names: string[]
    try {
      names = fs.readdirSync(dir).filter((n) => /\.ya?ml$/i.test(n)).sort()
    } catch {
      names = []
    }
    return Effect.forEach(names, (n) => describeScenarioFile(path.join(dir, n)))
  })
