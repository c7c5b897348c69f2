/**
 * Saving what the TUI produced: a what-if scenario as a new YAML file, and the report as a file
 * beside it. Never over an existing file unless the user confirmed (`overwrite`).
 */
import { Effect } from "effect"
import * as fs from "node:fs"
import * as path from "node:path"
import type { Report } from "../report/types.ts"
import type { InvalidInput } from "./diagnostics.ts"
import { writeOutput } from "./output.ts"

/** `scenarios/chat.yaml` → `scenarios/chat-whatif.yaml` (or `-whatif-2`, … when taken). */
export const suggestScenarioName = (file: string): string => freeName(file.replace(/(\.ya?ml)?$/i, ""), "-whatif", ".yaml")

export const fileExists = (file: string): boolean => fs.existsSync(file)

/** Write scenario text; fails with a message when the file exists and `overwrite` is false. */
export const saveScenarioText = (file: string, text: string, overwrite: boolean): Effect.Effect<string, InvalidInput> =>
  Effect.as(writeOutput(file, text.endsWith("\n") ? text : text + "\n", overwrite), path.resolve(file))

const freeName = (stem: string, suffix: string, ext: string): string => {
  for (let n = 1; ; n++) {
    const candidate = `${stem}${suffix}${n === 1 ? "" : `-${n}`}${ext}`
    if (!fs.existsSync(candidate)) return candidate
  }
}

const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .slice(0, 40) || "report"

/**
 * Export the report into `dir` under a new name; returns the absolute path. JSON (the report
 * contract) until the md/html proposal renderers land in report/.
 */
export const exportReport = (report: Report, dir: string): Effect.Effect<string, InvalidInput> => {
  const file = freeName(path.join(dir, `gpuplan-${slug(report.scenario.name)}`), "", ".json")
  return Effect.as(writeOutput(file, JSON.stringify(report, null, 2) + "\n", false), path.resolve(file))
}
