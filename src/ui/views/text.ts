/**
 * Small text helpers for the screens: a styled line, sparklines, progress bars, fitting to width.
 * Views are pure functions returning lines (as cli-kit's render functions are), so tests read them.
 */

export type Tone = "good" | "bad" | "accent" | "dim" | "title"

/** One line of a view: plain text or text with a tone (coloured only when colour is on). */
export type Line = string | { readonly text: string; readonly tone: Tone }

export const lineText = (l: Line): string => (typeof l === "string" ? l : l.text)

const BLOCKS = "▁▂▃▄▅▆▇█"

/**
 * Values → a sparkline `width` characters wide (buckets averaged), scaled from `min` to `max`.
 *
 * ```
 * sparkline([0, 1, 2, 3, 4, 5, 6, 7], 8) === "▁▂▃▄▅▆▇█"
 * ```
 */
export const sparkline = (values: ReadonlyArray<number>, width: number, min = Math.min(...values), max = Math.max(...values)): string => {
  if (values.length === 0 || width <= 0) return ""
  const n = Math.min(width, values.length)
  let out = ""
  for (let i = 0; i < n; i++) {
    const from = Math.floor((i * values.length) / n)
    const to = Math.max(from + 1, Math.floor(((i + 1) * values.length) / n))
    let sum = 0
    for (let j = from; j < to; j++) sum += values[j]!
    const v = sum / (to - from)
    const f = max > min ? (v - min) / (max - min) : 0
    out += BLOCKS[Math.min(BLOCKS.length - 1, Math.max(0, Math.round(f * (BLOCKS.length - 1))))]
  }
  return out
}

/** `█████░░░░░` for a fraction 0..1. */
export const progressBar = (fraction: number, width: number): string => {
  const f = Math.min(1, Math.max(0, Number.isFinite(fraction) ? fraction : 0))
  const full = Math.round(f * width)
  return "█".repeat(full) + "░".repeat(width - full)
}

/** Cut to `width` characters with an ellipsis. */
export const fit = (s: string, width: number): string => ([...s].length <= width ? s : [...s].slice(0, Math.max(0, width - 1)).join("") + "…")

/** Left text and right text on one line of `width`, the left cut when both do not fit. */
export const spread = (left: string, right: string, width: number): string => {
  const room = width - [...right].length - 1
  if (room < 8) return fit(left, width)
  const l = fit(left, room)
  return l + " ".repeat(Math.max(1, width - [...l].length - [...right].length)) + right
}
