/**
 * Loading a scenario: file → bytes (size, binary and UTF-8 guards) → YAML document → schema and
 * cross-field rules → a typed `Scenario` with defaults applied, or every problem at once as
 * positioned diagnostics. Referenced trace / empirical files are checked for existence and header
 * here; their rows are parsed when the simulation is prepared.
 */
import { Effect, Result, Schema } from "effect"
import * as fs from "node:fs"
import * as path from "node:path"
import { Scenario } from "../domain/scenario/index.ts"
import { formatPath, problemsOf, type Problem } from "../domain/scenario/issues.ts"
import { checkRules } from "../domain/scenario/rules.ts"
import { checkTraceHeader } from "../model/demand/trace.ts"
import { InvalidInput, sortDiagnostics, type Diagnostic } from "./diagnostics.ts"
import { parseYaml, type Position } from "./yaml-document.ts"
import { applyCalibrations } from "./scenario-calibrations.ts"

/** Scenario files larger than this are refused (a scenario is hand-written; traces live in CSVs). */
export const MAX_SCENARIO_BYTES = 8 * 1024 * 1024

export interface LoadedScenario {
  readonly scenario: Scenario
  /** Where a scenario path sits in the file, for problems found after loading. */
  readonly locate: (path: ReadonlyArray<string | number>) => Position
  /** Paths the file wrote explicitly (`pools[0].gpusPerNode`), so defaults can be told apart. */
  readonly explicitPaths: ReadonlySet<string>
  /** The file as given, for messages. */
  readonly file: string
  /** Directory that relative paths in the scenario resolve against. */
  readonly baseDir: string
}

/** What the loader needs to know about a referenced file. */
export type FileProbe = (absolutePath: string) => { readonly kind: "missing" | "directory" | "unreadable" } | { readonly kind: "file"; readonly firstLine: string }

const decodeOptions = { errors: "all", onExcessProperty: "error", reportInput: true } as const

/** Decode scenario text. Pure apart from `probe`, which tells about referenced files. */
export const decodeScenarioText = (
  text: string,
  file: string,
  baseDir: string,
  probe: FileProbe,
):
  | { readonly ok: true; readonly scenario: Scenario; readonly locate: LoadedScenario["locate"]; readonly explicitPaths: ReadonlySet<string> }
  | { readonly ok: false; readonly diagnostics: Diagnostic[] } => {
  let parsed: ReturnType<typeof parseYaml>
  try {
    parsed = parseYaml(text)
  } catch (e) {
    // The YAML library can overflow the stack on pathological nesting: report, never crash.
    return { ok: false, diagnostics: [{ file, line: 1, column: 1, path: "", message: `could not parse the YAML: ${e instanceof Error ? e.message : String(e)}` }] }
  }
  const diagnostics: Diagnostic[] = parsed.problems.map((p) => ({ file, line: p.position.line, column: p.position.column, path: p.path.length ? formatPath(p.path) : "", message: p.message }))
  if (parsed.value === undefined) return { ok: false, diagnostics: sortDiagnostics(diagnostics) }
  const at = (p: Problem): Diagnostic => {
    const position: Position = parsed.locate(p)
    return { file, line: position.line, column: position.column, path: p.path.length > 0 ? formatPath(p.path) : "", message: p.message }
  }
  const value = parsed.value
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    diagnostics.push({ file, line: 1, column: 1, path: "", message: `expected a scenario mapping (name:, pools:, inference: …), found ${Array.isArray(value) ? "a list" : JSON.stringify(value)}` })
    return { ok: false, diagnostics: sortDiagnostics(diagnostics) }
  }
  const decoded = Schema.decodeUnknownResult(Scenario)(value, decodeOptions)
  if (Result.isFailure(decoded)) diagnostics.push(...problemsOf(decoded.failure.issue).map(at))
  diagnostics.push(...checkRules(value).map(at))
  diagnostics.push(...checkFiles(value, baseDir, probe).map(at))
  if (diagnostics.length > 0 || Result.isFailure(decoded)) return { ok: false, diagnostics: sortDiagnostics(diagnostics) }
  return {
    ok: true,
    scenario: decoded.success,
    locate: (path) => parsed.locate({ path, at: "value", message: "" }),
    explicitPaths: explicitPathsOf(value),
  }
}

/** Every path present in a raw document, formatted like `inference[0].engine.maxBatch`. */
const explicitPathsOf = (doc: unknown): Set<string> => {
  const out = new Set<string>()
  const walk = (v: unknown, path: Array<string | number>) => {
    if (path.length > 0) out.add(formatPath(path))
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...path, i]))
    else if (typeof v === "object" && v !== null) for (const [k, x] of Object.entries(v)) walk(x, [...path, k])
  }
  walk(doc, [])
  return out
}

/** Trace and empirical files: they must exist, be files, and start with a known header. */
const checkFiles = (doc: unknown, baseDir: string, probe: FileProbe): Problem[] => {
  const out: Problem[] = []
  const workloads = (doc as { inference?: unknown }).inference
  if (!Array.isArray(workloads)) return out
  workloads.forEach((w: any, i) => {
    const refs: Array<{ path: Array<string | number>; file: unknown; kind: "trace" | "empirical" }> = []
    if (w?.arrivals?.pattern === "trace") refs.push({ path: ["inference", i, "arrivals", "file"], file: w.arrivals.file, kind: "trace" })
    for (const key of ["promptTokens", "outputTokens"])
      if (w?.[key]?.distribution === "empirical") refs.push({ path: ["inference", i, key, "file"], file: w[key].file, kind: "empirical" })
    for (const r of refs) {
      if (typeof r.file !== "string" || r.file === "") continue
      const abs = path.resolve(baseDir, r.file)
      const found = probe(abs)
      // Lead with the path as written (relative to the scenario); the resolved path says where we looked.
      if (found.kind === "missing") out.push({ path: r.path, at: "value", message: `no such file "${r.file}" (looked for ${abs})` })
      else if (found.kind === "directory") out.push({ path: r.path, at: "value", message: `"${r.file}" is a directory (${abs}); expected a CSV file` })
      else if (found.kind === "unreadable") out.push({ path: r.path, at: "value", message: `cannot read "${r.file}" (${abs})` })
      else if (found.kind === "file" && r.kind === "trace") {
        const problem = checkTraceHeader(found.firstLine)
        if (problem !== undefined) out.push({ path: r.path, at: "value", message: `${r.file}: ${problem}` })
      }
    }
  })
  return out
}

/** The real file system's answer for a referenced file. */
export const nodeProbe: FileProbe = (abs) => {
  try {
    const st = fs.statSync(abs)
    if (st.isDirectory()) return { kind: "directory" }
    const fd = fs.openSync(abs, "r")
    try {
      const buf = Buffer.alloc(4096)
      const n = fs.readSync(fd, buf, 0, buf.length, 0)
      const head = buf.subarray(0, n).toString("utf8").replace(/^\uFEFF/, "")
      return { kind: "file", firstLine: head.split(/\r?\n/)[0] ?? "" }
    } finally {
      fs.closeSync(fd)
    }
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "ENOENT" ? { kind: "missing" } : { kind: "unreadable" }
  }
}

/** Bytes → text, refusing binary and non-UTF-8 files with a positioned message. */
export const decodeScenarioBytes = (bytes: Uint8Array, file: string): { ok: true; text: string } | { ok: false; diagnostic: Diagnostic } => {
  const fail = (offset: number, message: string) => {
    let line = 1, column = 1
    for (let i = 0; i < offset && i < bytes.length; i++) {
      if (bytes[i] === 0x0a) { line++; column = 1 } else if ((bytes[i]! & 0xc0) !== 0x80) column++
    }
    return { ok: false as const, diagnostic: { file, line, column, path: "", message } }
  }
  const nul = bytes.indexOf(0)
  if (nul >= 0) return fail(nul, "this is a binary file (it contains NUL bytes), not a YAML scenario")
  const bad = firstInvalidUtf8(bytes)
  if (bad >= 0) return fail(bad, `not UTF-8 text (invalid byte 0x${bytes[bad]!.toString(16).padStart(2, "0")}); save the scenario as UTF-8`)
  return { ok: true, text: new TextDecoder("utf-8").decode(bytes).replace(/^\uFEFF/, "") }
}

/** Offset of the first byte that is not valid UTF-8, or -1. */
export const firstInvalidUtf8 = (b: Uint8Array): number => {
  let i = 0
  while (i < b.length) {
    const c = b[i]!
    if (c < 0x80) { i++; continue }
    const n = c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1
    if (n < 0) return i
    for (let k = 1; k <= n; k++) if (i + k >= b.length || (b[i + k]! & 0xc0) !== 0x80) return i
    if (n === 2 && ((c === 0xe0 && b[i + 1]! < 0xa0) || (c === 0xed && b[i + 1]! > 0x9f))) return i
    if (n === 3 && ((c === 0xf0 && b[i + 1]! < 0x90) || (c === 0xf4 && b[i + 1]! > 0x8f))) return i
    i += n + 1
  }
  return -1
}

/** Read and decode a scenario file. Fails with every diagnostic at once. */
export const loadScenario = (file: string): Effect.Effect<LoadedScenario, InvalidInput> =>
  Effect.suspend(() => {
    const fail = (message: string) => Effect.fail(new InvalidInput({ diagnostics: [{ file, line: 1, column: 1, path: "", message }] }))
    let st: fs.Stats
    try {
      st = fs.statSync(file)
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code
      return fail(code === "ENOENT" ? "no such file" : `cannot read the file (${code ?? String(e)})`)
    }
    if (st.isDirectory()) return fail("is a directory; expected a scenario YAML file")
    if (!st.isFile()) return fail("is not a regular file")
    if (st.size > MAX_SCENARIO_BYTES) return fail(`the file is ${(st.size / 1048576).toFixed(1)} MiB; a scenario may be at most ${MAX_SCENARIO_BYTES / 1048576} MiB (put request traces in a CSV and reference it with pattern: trace)`)
    let bytes: Uint8Array
    try {
      bytes = fs.readFileSync(file)
    } catch (e) {
      return fail(`cannot read the file (${(e as NodeJS.ErrnoException).code ?? String(e)})`)
    }
    const text = decodeScenarioBytes(bytes, file)
    if (!text.ok) return Effect.fail(new InvalidInput({ diagnostics: [text.diagnostic] }))
    const baseDir = path.dirname(path.resolve(file))
    const result = decodeScenarioText(text.text, file, baseDir, nodeProbe)
    if (!result.ok) return Effect.fail(new InvalidInput({ diagnostics: result.diagnostics }))
    // `calibrations:` files (gpuplan calibrate --out) become the GPUs' overrides, with their provenance.
    const calibrated = applyCalibrations(result.scenario, baseDir)
    if (!calibrated.ok) {
      const at = (index: number) => result.locate(["calibrations", index])
      return Effect.fail(new InvalidInput({ diagnostics: calibrated.problems.map((p) => ({ file, line: at(p.index).line, column: at(p.index).column, path: `calibrations[${p.index}]`, message: p.message })) }))
    }
    return Effect.succeed({ scenario: calibrated.scenario, file, baseDir, locate: result.locate, explicitPaths: result.explicitPaths })
  })
