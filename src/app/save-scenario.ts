/**
 * Saving what the TUI produced: a what-if scenario as a new YAML file, and the report as a file
 * as a proposal (md + html). Never over an existing file unless the user confirmed (`overwrite`).
 */
import { Effect } from "effect"
import * as fs from "node:fs"
import * as path from "node:path"
import { renderReport } from "../report/formats.ts"
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

/** `Acme chat assistant — Llama 3.1 70B on H100, …` → `acme-chat-assistant-llama-3-1-70b-on-h100` (whole words, ≤ 48 chars). */
const slug = (s: string): string => {
  const words = s.toLowerCase().split(/[^a-z0-9]+/).filter((w) => w !== "")
  let out = ""
  for (const w of words) {
    if (out !== "" && out.length + 1 + w.length > 48) break
    out = out === "" ? w.slice(0, 48) : `${out}-${w}`
  }
  return out || "report"
}

/**
 * Export the proposal into `dir`: Markdown and self-contained HTML (report/formats.ts), under new
 * names (`gpuplan-<scenario>.md`, `-2.md`, … never over a file). Returns the absolute paths.
 */
export const exportReport = (report: Report, dir: string): Effect.Effect<string[], InvalidInput> => {
  const stem = path.join(dir, `gpuplan-${slug(report.scenario.name)}`)
  let n = 1
  const name = (ext: string) => `${stem}${n === 1 ? "" : `-${n}`}${ext}`
  while (fs.existsSync(name(".md")) || fs.existsSync(name(".html"))) n++
  const md = name(".md")
  const html = name(".html")
  return Effect.as(
    Effect.andThen(writeOutput(md, renderReport(report, "md"), false), writeOutput(html, renderReport(report, "html"), false)),
    [path.resolve(md), path.resolve(html)],
  )
}
