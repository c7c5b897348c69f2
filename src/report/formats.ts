/**
 * Output formats of `gpuplan run` and `gpuplan compare`: text (default, for a terminal), json (the
 * contract), md and html (a proposal to send), csv (one metric per row, for spreadsheets).
 */
import { renderComparisonCsv, renderComparisonHtml, renderComparisonJson, renderComparisonMarkdown, renderComparisonText } from "./compare-render.ts"
import type { Comparison } from "./compare-build.ts"
import { renderCsv } from "./csv.ts"
import { renderHtml } from "./html.ts"
import { renderMarkdown } from "./markdown.ts"
import { renderSensitivity, type Sensitivity } from "./sensitivity.ts"
import { renderText } from "./text.ts"
import type { Report } from "./types.ts"

export const formats = ["text", "json", "md", "html", "csv"] as const
export type Format = (typeof formats)[number]

export const isFormat = (s: string): s is Format => (formats as readonly string[]).includes(s)

/** A report in one format; after `run --sensitivity`, with its sensitivity table (and charts in html). */
export const renderReport = (r: Report, format: Format, sensitivity?: Sensitivity): string => {
  switch (format) {
    case "text":
      return renderText(r) + (sensitivity ? "\n" + renderSensitivity(sensitivity, r.scenario.currency) : "")
    case "json":
      return JSON.stringify(sensitivity ? { ...r, sensitivity } : r, null, 2) + "\n"
    case "md":
      return renderMarkdown(r, sensitivity)
    case "html":
      return renderHtml(r, sensitivity)
    case "csv":
      return renderCsv(r, sensitivity)
  }
}

export const renderComparison = (c: Comparison, format: Format): string => {
  switch (format) {
    case "text":
      return renderComparisonText(c)
    case "json":
      return renderComparisonJson(c)
    case "md":
      return renderComparisonMarkdown(c)
    case "html":
      return renderComparisonHtml(c)
    case "csv":
      return renderComparisonCsv(c)
  }
}
