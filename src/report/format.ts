/** Number formatting for human-readable reports: thousands separators, latencies, money, shares. */

/** 1234567 → "1,234,567"; 12.345 → "12.3" (3 significant digits below 100). */
export const num = (x: number): string => {
  if (!Number.isFinite(x)) return String(x)
  const a = Math.abs(x)
  if (a >= 100 || Number.isInteger(x)) return Math.round(x).toLocaleString("en-US")
  return x.toPrecision(3).replace(/\.?0+$/, (m) => (m.startsWith(".") ? "" : m))
}

/** Seconds → "850 ms", "1.24 s", "3.5 min", "2.0 h". */
export const latency = (s: number): string => {
  if (!Number.isFinite(s)) return "—"
  if (s === 0) return "0"
  if (s < 1e-3) return `${(s * 1e6).toPrecision(3)} µs`
  if (s < 1) return `${(s * 1e3).toPrecision(3)} ms`
  if (s < 120) return `${s.toPrecision(3)} s`
  if (s < 7200) return `${(s / 60).toPrecision(3)} min`
  return `${(s / 3600).toPrecision(3)} h`
}

/** 0.734 → "73.4%". */
export const pct = (f: number, digits = 1): string => (Number.isFinite(f) ? `${(f * 100).toFixed(digits)}%` : "—")

/** Money with 2 decimals and separators: 9945.6 → "$9,945.60" (USD) or "9,945.60 EUR". */
export const money = (x: number | null, currency: string): string => {
  if (x === null || !Number.isFinite(x)) return "—"
  const digits = Math.abs(x) < 1 ? 4 : 2
  const s = x.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits })
  return currency === "USD" ? `$${s}` : `${s} ${currency}`
}

/** Left-aligned table with a header row; columns sized to content. `align` r = right. */
export const table = (header: string[], rows: string[][], align: string = ""): string[] => {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)))
  const line = (cells: string[]) => cells.map((c, i) => (align[i] === "r" ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join("  ").trimEnd()
  return [line(header), ...rows.map(line)]
}
