/**
 * Error reporting shared by the demand CSV parsers: positions a user can jump to in an editor,
 * and a bounded list so a file with a million bad rows still yields a readable message.
 */

/** One problem in a CSV file. `row` is the 1-based line number, `column` the 1-based character column. */
export interface CsvError {
  readonly row: number
  readonly column: number
  readonly message: string
}

/** Result of parsing a CSV: the value, or the problems found (at most {@link MAX_CSV_ERRORS} + 1). */
export type CsvResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly errors: Array<CsvError> }

/** A choice: enough to show the pattern of a mistake without flooding a terminal. */
export const MAX_CSV_ERRORS = 20

/**
 * Collects errors, keeping the first {@link MAX_CSV_ERRORS}. When more occurred, `list()` ends with
 * one extra entry, placed at the first error left out, whose message is `… and N more`.
 */
export class CsvErrors {
  private readonly kept: Array<CsvError> = []
  private omitted = 0
  private firstOmitted: CsvError | undefined

  add(row: number, column: number, message: string): void {
    if (this.kept.length < MAX_CSV_ERRORS) this.kept.push({ row, column, message })
    else {
      if (this.omitted === 0) this.firstOmitted = { row, column, message }
      this.omitted++
    }
  }

  get count(): number {
    return this.kept.length + this.omitted
  }

  list(): Array<CsvError> {
    if (this.firstOmitted === undefined) return [...this.kept]
    const { row, column } = this.firstOmitted
    return [...this.kept, { row, column, message: `… and ${this.omitted} more` }]
  }
}

/** A line of text with its 1-based line number. Line endings `\n` and `\r\n` both work. */
export interface CsvLine {
  readonly row: number
  readonly text: string
}

/** Splits text into lines, dropping a leading byte-order mark and lines that are blank. */
export const nonBlankLines = (text: string): Array<CsvLine> => {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
  const out: Array<CsvLine> = []
  const raw = body.split("\n")
  for (let i = 0; i < raw.length; i++) {
    const line = raw[i]!.endsWith("\r") ? raw[i]!.slice(0, -1) : raw[i]!
    if (line.trim() !== "") out.push({ row: i + 1, text: line })
  }
  return out
}

/** A cell of a comma-separated line: its trimmed text and the 1-based column where it starts. */
export interface CsvCell {
  readonly text: string
  readonly column: number
}

/** Splits one line at commas (no quoting: the demand files hold only numbers and timestamps). */
export const cells = (line: string): Array<CsvCell> => {
  const out: Array<CsvCell> = []
  let start = 0
  for (;;) {
    const comma = line.indexOf(",", start)
    const end = comma === -1 ? line.length : comma
    const raw = line.slice(start, end)
    const lead = raw.length - raw.trimStart().length
    out.push({ text: raw.trim(), column: start + lead + 1 })
    if (comma === -1) return out
    start = comma + 1
  }
}
