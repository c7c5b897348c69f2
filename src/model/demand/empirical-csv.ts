/**
 * Parsing the file behind an `empirical` length distribution: one column of observed token counts,
 * one per line, with an optional header line (any first line that is not a number, e.g. `tokens`).
 *
 * ```
 * promptTokens
 * 374
 * 396
 * ```
 */
import { cells, CsvErrors, type CsvResult, nonBlankLines } from "./csv-errors.ts"

const NUMBER_RE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/

/**
 * Parses one column of non-negative numbers. Errors carry the 1-based line and column; blank lines
 * are ignored.
 *
 * ```ts
 * parseEmpiricalCsv("tokens\n120\n80\n") // { ok: true, value: Float64Array [120, 80] }
 * ```
 */
export const parseEmpiricalCsv = (text: string): CsvResult<Float64Array> => {
  const lines = nonBlankLines(text)
  const first = lines[0]
  const hasHeader = first !== undefined && !NUMBER_RE.test(cells(first.text)[0]!.text)
  const body = hasHeader ? lines.slice(1) : lines
  if (body.length === 0)
    return { ok: false, errors: [{ row: first?.row ?? 1, column: 1, message: "the file has no values" }] }
  const errors = new CsvErrors()
  const values = new Float64Array(body.length)
  for (let i = 0; i < body.length; i++) {
    const { row, text } = body[i]!
    const cs = cells(text)
    if (cs.length !== 1) {
      errors.add(row, cs[1]!.column, `expected one value per line, found ${cs.length}`)
      continue
    }
    const cell = cs[0]!
    const v = NUMBER_RE.test(cell.text) ? Number(cell.text) : Number.NaN
    if (!Number.isFinite(v) || v < 0) errors.add(row, cell.column, `expected a non-negative number, found "${cell.text}"`)
    else values[i] = v
  }
  return errors.count > 0 ? { ok: false, errors: errors.list() } : { ok: true, value: values }
}
