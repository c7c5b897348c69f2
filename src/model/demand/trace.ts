/**
 * Parsing request traces: CSV text → {@link TraceData}. Pure (the app layer reads the file).
 *
 * Two layouts are accepted, named by their header line:
 *
 * ```
 * TIMESTAMP,ContextTokens,GeneratedTokens        Azure LLM inference trace 2023 (Patel et al., Splitwise)
 * 2023-11-16 18:15:46.6805900,374,44             timestamps YYYY-MM-DD HH:MM:SS[.fraction]
 *
 * time,promptTokens,outputTokens                 seconds from the start of the trace
 * 0.0,374,44
 * ```
 *
 * Choices, documented here because a user's file depends on them:
 * - Times become seconds relative to the earliest row, so `time[0] === 0`. Timestamps are read as
 *   calendar fields (proleptic Gregorian, no time zone, no leap seconds), never through `Date`.
 * - Rows out of time order are stably sorted (merged or per-server logs are often interleaved;
 *   replay needs time order, and ties keep their file order).
 * - Token counts must be non-negative integers. A count of 0 is read as 1: every request has at
 *   least one prompt token and produces at least one output token (the simulation's `take()`
 *   contract). The Azure 2023 files have no such rows (checked: min ContextTokens and
 *   GeneratedTokens are ≥ 1 in both), so this changes nothing for them.
 * - Blank lines are ignored; a header with no rows is an error.
 */
import { cells, type CsvCell, CsvErrors, type CsvResult, nonBlankLines } from "./csv-errors.ts"
import type { TraceData } from "./types.ts"

export type { TraceData } from "./types.ts"
export type { CsvError, CsvResult } from "./csv-errors.ts"
export { parseEmpiricalCsv } from "./empirical-csv.ts"

const AZURE = ["TIMESTAMP", "ContextTokens", "GeneratedTokens"] as const
const PLAIN = ["time", "promptTokens", "outputTokens"] as const

type Layout = "azure" | "plain"

const layoutOf = (line: string): Layout | undefined => {
  const names = cells(line.charCodeAt(0) === 0xfeff ? line.slice(1) : line).map((c) => c.text)
  const same = (want: ReadonlyArray<string>) => names.length === want.length && want.every((w, i) => names[i] === w)
  return same(AZURE) ? "azure" : same(PLAIN) ? "plain" : undefined
}

/**
 * Checks a trace file's first line. Returns undefined when it is one of the accepted headers,
 * otherwise a message naming them.
 */
export const checkTraceHeader = (firstLine: string): string | undefined =>
  layoutOf(firstLine.replace(/\r$/, "")) !== undefined
    ? undefined
    : `expected the header "${AZURE.join(",")}" (Azure LLM inference trace) or "${PLAIN.join(",")}" ` +
      `(time in seconds from start), found "${firstLine.replace(/\r$/, "")}"`

const DAYS_BEFORE_MONTH = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334] as const

const isLeap = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0

/** Days since 0001-01-01 in the proleptic Gregorian calendar (only differences between rows are used). */
const dayNumber = (year: number, month: number, day: number): number => {
  const y = year - 1
  const leapDaysBefore = Math.floor(y / 4) - Math.floor(y / 100) + Math.floor(y / 400)
  return y * 365 + leapDaysBefore + DAYS_BEFORE_MONTH[month - 1]! + (month > 2 && isLeap(year) ? 1 : 0) + day - 1
}

const daysInMonth = (year: number, month: number): number =>
  month === 2 ? (isLeap(year) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31

const TIMESTAMP_RE = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2}(?:\.\d+)?)$/

/** A timestamp as (day number, seconds into the day), or undefined if it is not a valid one. */
const parseTimestamp = (text: string): { day: number; second: number } | undefined => {
  const m = TIMESTAMP_RE.exec(text)
  if (m === null) return undefined
  const [year, month, day, hour, minute] = [1, 2, 3, 4, 5].map((i) => Number(m[i]))
  const second = Number(m[6])
  if (year === undefined || month === undefined || day === undefined || hour === undefined || minute === undefined)
    return undefined
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined
  if (hour > 23 || minute > 59 || !(second < 60)) return undefined
  return { day: dayNumber(year, month, day), second: hour * 3600 + minute * 60 + second }
}

const INTEGER_RE = /^\d+$/
const NUMBER_RE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/

const tokenCount = (cell: CsvCell, name: string, row: number, errors: CsvErrors): number => {
  if (!INTEGER_RE.test(cell.text) || !Number.isSafeInteger(Number(cell.text))) {
    errors.add(row, cell.column, `${name}: expected a non-negative integer, found "${cell.text}"`)
    return 1
  }
  return Math.max(1, Number(cell.text))
}

/**
 * Parses a trace CSV (see the module comment for the accepted layouts and choices).
 *
 * ```ts
 * const r = parseTraceCsv("time,promptTokens,outputTokens\n0,100,20\n0.5,300,40\n")
 * // r.ok && r.value.spanSeconds === 0.5 && r.value.rows === 2
 * ```
 */
export const parseTraceCsv = (text: string): CsvResult<TraceData> => {
  const lines = nonBlankLines(text)
  const errors = new CsvErrors()
  const header = lines[0]
  if (header === undefined) return { ok: false, errors: [{ row: 1, column: 1, message: "the trace file is empty" }] }
  const headerProblem = checkTraceHeader(header.text)
  const layout = layoutOf(header.text)
  if (headerProblem !== undefined || layout === undefined)
    return { ok: false, errors: [{ row: header.row, column: 1, message: headerProblem ?? "unknown header" }] }
  const names = layout === "azure" ? AZURE : PLAIN
  if (lines.length === 1)
    return { ok: false, errors: [{ row: header.row, column: 1, message: "the trace has a header but no requests" }] }

  const n = lines.length - 1
  const days = new Float64Array(n)
  const seconds = new Float64Array(n)
  const prompt = new Float64Array(n)
  const output = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    const { row, text: line } = lines[i + 1]!
    const cs = cells(line)
    if (cs.length !== 3) {
      errors.add(row, cs.length > 3 ? cs[3]!.column : line.length + 1, `expected 3 values (${names.join(",")}), found ${cs.length}`)
      continue
    }
    const [timeCell, promptCell, outputCell] = cs as [CsvCell, CsvCell, CsvCell]
    if (layout === "azure") {
      const ts = parseTimestamp(timeCell.text)
      if (ts === undefined)
        errors.add(row, timeCell.column, `TIMESTAMP: expected a date and time like 2023-11-16 18:15:46.6805900, found "${timeCell.text}"`)
      else {
        days[i] = ts.day
        seconds[i] = ts.second
      }
    } else {
      const t = NUMBER_RE.test(timeCell.text) ? Number(timeCell.text) : Number.NaN
      if (!Number.isFinite(t)) errors.add(row, timeCell.column, `time: expected a number of seconds, found "${timeCell.text}"`)
      else seconds[i] = t
    }
    prompt[i] = tokenCount(promptCell, names[1], row, errors)
    output[i] = tokenCount(outputCell, names[2], row, errors)
  }
  if (errors.count > 0) return { ok: false, errors: errors.list() }
  return { ok: true, value: assemble(days, seconds, prompt, output) }
}

/** Times relative to the earliest row, rows stably sorted by time. */
const assemble = (days: Float64Array, seconds: Float64Array, prompt: Float64Array, output: Float64Array): TraceData => {
  const n = days.length
  let day0 = Infinity
  for (const d of days) if (d < day0) day0 = d
  // Whole days and seconds-of-day are subtracted separately, so no precision is lost to a large epoch.
  const raw = new Float64Array(n)
  for (let i = 0; i < n; i++) raw[i] = (days[i]! - day0) * 86_400 + seconds[i]!
  let sorted = true
  for (let i = 1; i < n && sorted; i++) if (raw[i]! < raw[i - 1]!) sorted = false
  const order = Array.from({ length: n }, (_, i) => i)
  if (!sorted) order.sort((a, b) => raw[a]! - raw[b]! || a - b)
  const t0 = raw[order[0]!]!
  const time = new Float64Array(n)
  const promptTokens = new Float64Array(n)
  const outputTokens = new Float64Array(n)
  for (let k = 0; k < n; k++) {
    const i = order[k]!
    time[k] = raw[i]! - t0
    promptTokens[k] = prompt[i]!
    outputTokens[k] = output[i]!
  }
  return { time, promptTokens, outputTokens, spanSeconds: time[n - 1]!, rows: n }
}
