/** A problem in a user's file, pointing at the exact place: `file:line:col: path: message`. */
import { Data } from "effect"

export interface Diagnostic {
  readonly file: string
  readonly line: number
  readonly column: number
  /** Field path such as `pools[1].nodes.initial`; empty for whole-file problems. */
  readonly path: string
  readonly message: string
}

export const formatDiagnostic = (d: Diagnostic): string =>
  `${d.file}:${d.line}:${d.column}: ${d.path === "" ? "" : `${d.path}: `}${d.message}`

/** Sorted by position, duplicates removed. */
export const sortDiagnostics = (ds: ReadonlyArray<Diagnostic>): Diagnostic[] => {
  const seen = new Set<string>()
  return [...ds]
    .sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.path.localeCompare(b.path) || a.message.localeCompare(b.message))
    .filter((d) => {
      const k = formatDiagnostic(d)
      if (seen.has(k)) return false
      seen.add(k)
      return true
    })
}

/** The scenario (or another input file) is invalid; exit code 2. */
export class InvalidInput extends Data.TaggedError("InvalidInput")<{ readonly diagnostics: ReadonlyArray<Diagnostic> }> {
  override get message(): string {
    return this.diagnostics.map(formatDiagnostic).join("\n")
  }
}
