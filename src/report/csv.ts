/**
 * The CSV format: one row per metric, `path,value`, with the paths of the JSON report
 * (`inference[0].latency.ttft.p99,0.57691`), so a spreadsheet can look a figure up by the name
 * SCENARIO.md gives it.
 *
 * ```
 * path,value
 * scenario.name,Acme chat assistant — Llama 3.1 70B on H100, reserved + burst
 * inference[0].latency.ttft.p99,0.57691
 * cost.total,59.2
 * ```
 *
 * Safe to open in a spreadsheet: a text cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage
 * return would be read as a formula (CSV injection), so it gets a leading `'` and is quoted. Numbers
 * the report computed are written as numbers (a negative number is a value, not a formula). Fields
 * are quoted per RFC 4180 (`,`, `"`, CR or LF inside → quoted, `"` doubled); lines end in CRLF.
 * The time series (`timeline`) are per time step, not metrics: they are in the JSON report. After
 * `run --sensitivity` the rows of the JSON's `sensitivity` key follow the report's, under the same
 * paths (`sensitivity.base.cost`, `sensitivity.rows[0].input`, `sensitivity.rows[0].low.sloAttainment`).
 */
import type { Sensitivity } from "./sensitivity.ts"
import type { Report } from "./types.ts"

export type CsvValue = string | number | boolean | null

/** One row of `path,value`. */
export interface MetricRow {
  readonly path: string
  readonly value: CsvValue
}

const formulaStart = /^[=+\-@\t\r]/

/** A text cell, neutralized against formulas and quoted per RFC 4180 where needed. */
export const csvText = (s: string): string => {
  const guarded = formulaStart.test(s) ? `'${s}` : s
  return guarded !== s || /[",\r\n]/.test(guarded) ? `"${guarded.replace(/"/g, '""')}"` : guarded
}

/** A cell: numbers as numbers, null as empty, booleans as true/false, text through `csvText`. */
export const csvCell = (v: CsvValue): string => {
  if (v === null) return ""
  if (typeof v === "number") return Number.isFinite(v) ? String(v) : csvText(String(v))
  if (typeof v === "boolean") return String(v)
  return csvText(v)
}

/** Every leaf of a JSON-like value as a path and a value; arrays index as `[i]`, objects as `.key`. */
export const flatten = (value: unknown, prefix = ""): MetricRow[] => {
  if (value === null || value === undefined) return prefix ? [{ path: prefix, value: null }] : []
  if (typeof value === "number" || typeof value === "string" || typeof value === "boolean") return [{ path: prefix, value }]
  if (Array.isArray(value)) return value.flatMap((v, i) => flatten(v, `${prefix}[${i}]`))
  if (typeof value === "object") return Object.entries(value).flatMap(([k, v]) => flatten(v, prefix ? `${prefix}.${k}` : k))
  return []
}

/** Rows → CSV text with a `path,value` header. */
export const renderRows = (rows: ReadonlyArray<MetricRow>): string =>
  ["path,value", ...rows.map((r) => `${csvText(r.path)},${csvCell(r.value)}`)].join("\r\n") + "\r\n"

/** The report's metrics, one per row (everything in the JSON report except the time series). */
export const reportRows = (r: Report): MetricRow[] => {
  const { timeline, ...rest } = r
  return [...flatten(rest), { path: "timeline.stepSeconds", value: timeline.stepSeconds }]
}

/** The report's rows, then the sensitivity rows (the JSON's `sensitivity` key) when there are any. */
export const renderCsv = (r: Report, sensitivity?: Sensitivity): string => renderRows([...reportRows(r), ...(sensitivity !== undefined ? flatten(sensitivity, "sensitivity") : [])])
