/**
 * Inline SVG charts for the HTML proposal: real charts (title, axes with ticks and units, legend),
 * no script, no external reference, deterministic output. Two kinds cover the proposal:
 *
 * - `lineChart`: series over time with a left axis and an optional right axis (demand in req/s on
 *   the left, replicas or nodes on the right).
 * - `barChart`: labelled horizontal bars with an optional reference line (latency percentiles vs
 *   the SLO, utilization vs 100%, cost lines).
 *
 * Every label is escaped; the output is an `<svg>` element string with a `role="img"` and a title.
 */
import { escapeHtml } from "./escape.ts"
import { num } from "./format.ts"

/** Colour-blind-friendly palette (Okabe–Ito), in series order. */
export const palette = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"] as const

const colour = (i: number): string => palette[i % palette.length]!

/** Round a coordinate to 0.1 px: smaller files, same picture, stable text. */
const r1 = (x: number): string => (Math.round(x * 10) / 10).toString()

/** "Nice" tick values covering [0, max] (1, 2, 2.5, 5 × 10^k steps), about `count` of them. */
export const niceTicks = (max: number, count = 5): number[] => {
  if (!(max > 0) || !Number.isFinite(max)) return [0, 1]
  const raw = max / count
  const mag = 10 ** Math.floor(Math.log10(raw))
  const step = ([1, 2, 2.5, 5, 10].find((m) => m * mag >= raw) ?? 10) * mag
  const ticks: number[] = []
  for (let v = 0; v < max + step * 0.999; v += step) ticks.push(Number(v.toPrecision(12)))
  return ticks
}

/** Mean of consecutive buckets so a long series draws at most `maxPoints` points. */
export const downsample = (values: ReadonlyArray<number>, maxPoints: number): { values: number[]; factor: number } => {
  if (values.length <= maxPoints) return { values: values.slice(), factor: 1 }
  const factor = Math.ceil(values.length / maxPoints)
  const out: number[] = []
  for (let i = 0; i < values.length; i += factor) {
    let sum = 0
    let n = 0
    for (let j = i; j < Math.min(i + factor, values.length); j++) {
      sum += values[j]!
      n++
    }
    out.push(sum / n)
  }
  return { values: out, factor }
}

export interface LineSeries {
  readonly label: string
  readonly values: ReadonlyArray<number>
  readonly axis?: "left" | "right"
  /** Drawn as a step line (counts such as replicas and nodes). */
  readonly step?: boolean
}

export interface LineChartOptions {
  readonly title: string
  readonly stepSeconds: number
  readonly series: ReadonlyArray<LineSeries>
  readonly leftUnit: string
  readonly rightUnit?: string
  readonly width?: number
  readonly height?: number
  /** At most this many points per series (longer series are averaged in buckets). */
  readonly maxPoints?: number
}

interface LegendItem {
  readonly label: string
  readonly colour: string
  readonly dashed?: boolean
}

/** Legend entries laid out left to right, wrapping to a new row before `maxX`; y offsets from row 0. */
const layoutLegend = (items: ReadonlyArray<LegendItem>, x: number, maxX: number) => {
  let cx = x
  let row = 0
  const placed = items.map((it) => {
    const w = 30 + it.label.length * 6.4
    if (cx > x && cx + w > maxX) {
      row++
      cx = x
    }
    const at = { ...it, x: cx, row }
    cx += w
    return at
  })
  return { placed, rows: row + 1 }
}

const legendSvg = (placed: ReturnType<typeof layoutLegend>["placed"], y0: number, rowH: number): string =>
  placed
    .map((it) => {
      const y = y0 + it.row * rowH
      return (
        `<line x1="${r1(it.x)}" y1="${r1(y)}" x2="${r1(it.x + 16)}" y2="${r1(y)}" stroke="${it.colour}" stroke-width="3"${it.dashed ? ' stroke-dasharray="5 3"' : ""}/>` +
        `<text x="${r1(it.x + 20)}" y="${r1(y + 4)}" class="legend">${escapeHtml(it.label)}</text>`
      )
    })
    .join("")

const svgOpen = (title: string, width: number, height: number, cls: string): string =>
  `<svg class="chart ${cls}" role="img" aria-label="${escapeHtml(title)}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"><title>${escapeHtml(title)}</title>` +
  `<text x="8" y="18" class="chart-title">${escapeHtml(title)}</text>`

/** Time axis in minutes below two hours, hours below four days, days beyond. */
const timeUnit = (spanSeconds: number): { unit: string; seconds: number } =>
  spanSeconds < 7200 ? { unit: "min", seconds: 60 } : spanSeconds <= 4 * 86400 ? { unit: "h", seconds: 3600 } : { unit: "d", seconds: 86400 }

/**
 * Series over time. ```
 * Demand vs capacity — chat
 * req/s                                   replicas
 *  40 ┤    ╭─╮                               ┤ 20
 *  20 ┤ ───╯ ╰───  ┄┄┄┄┄┄                   ┤ 10
 *   0 ┼────┬────┬────┬──── time (h)         ┤ 0
 *     ─ chat arrivals  ┄ chat replicas
 * ```
 */
export const lineChart = (o: LineChartOptions): string => {
  const width = o.width ?? 960
  const maxPoints = o.maxPoints ?? 720
  const drawn = o.series.map((s) => ({ ...s, ds: downsample(s.values, maxPoints) }))
  const factor = Math.max(1, ...drawn.map((s) => s.ds.factor))
  const rowH = 18
  const pad = { left: 58, right: o.series.some((s) => s.axis === "right") ? 58 : 18, top: 44, bottom: 58 }
  const legendLayout = layoutLegend(
    drawn.map((s, i) => ({ label: s.label + (s.axis === "right" ? " (right axis)" : ""), colour: colour(i), dashed: s.axis === "right" })),
    pad.left,
    width - 10,
  )
  const height = (o.height ?? 280) + (legendLayout.rows - 1) * rowH
  pad.bottom += (legendLayout.rows - 1) * rowH
  const plotW = width - pad.left - pad.right
  const plotH = height - pad.top - pad.bottom
  const n = Math.max(1, ...o.series.map((s) => s.values.length))
  const spanSeconds = n * o.stepSeconds
  const tu = timeUnit(spanSeconds)
  const maxOf = (axis: "left" | "right") => Math.max(0, ...drawn.filter((s) => (s.axis ?? "left") === axis).flatMap((s) => s.ds.values.filter(Number.isFinite)))
  const leftTicks = niceTicks(maxOf("left") * 1.05)
  const rightTicks = niceTicks(maxOf("right") * 1.05)
  const leftMax = leftTicks[leftTicks.length - 1]!
  const rightMax = rightTicks[rightTicks.length - 1]!
  const x = (seconds: number) => pad.left + (spanSeconds > 0 ? (seconds / spanSeconds) * plotW : 0)
  const y = (v: number, axis: "left" | "right") => pad.top + plotH - (v / (axis === "left" ? leftMax : rightMax)) * plotH
  const parts: string[] = [svgOpen(o.title, width, height, "line-chart")]
  // Grid and left axis.
  for (const t of leftTicks) {
    const yy = y(t, "left")
    parts.push(`<line x1="${pad.left}" y1="${r1(yy)}" x2="${pad.left + plotW}" y2="${r1(yy)}" class="grid"/>`)
    parts.push(`<text x="${pad.left - 6}" y="${r1(yy + 4)}" class="tick" text-anchor="end">${escapeHtml(num(t))}</text>`)
  }
  parts.push(`<text x="${pad.left - 6}" y="${pad.top - 10}" class="axis-label" text-anchor="end">${escapeHtml(o.leftUnit)}</text>`)
  if (pad.right > 18) {
    for (const t of rightTicks) parts.push(`<text x="${pad.left + plotW + 6}" y="${r1(y(t, "right") + 4)}" class="tick">${escapeHtml(num(t))}</text>`)
    parts.push(`<text x="${width - 6}" y="${pad.top - 10}" class="axis-label" text-anchor="end">${escapeHtml(o.rightUnit ?? "")}</text>`)
  }
  // Time axis.
  const timeTicks = niceTicks(spanSeconds / tu.seconds, 8).filter((t) => t * tu.seconds <= spanSeconds + 1e-9)
  parts.push(`<line x1="${pad.left}" y1="${pad.top + plotH}" x2="${pad.left + plotW}" y2="${pad.top + plotH}" class="axis"/>`)
  parts.push(`<line x1="${pad.left}" y1="${pad.top}" x2="${pad.left}" y2="${pad.top + plotH}" class="axis"/>`)
  for (const t of timeTicks) {
    const xx = x(t * tu.seconds)
    parts.push(`<line x1="${r1(xx)}" y1="${pad.top + plotH}" x2="${r1(xx)}" y2="${pad.top + plotH + 4}" class="axis"/>`)
    parts.push(`<text x="${r1(xx)}" y="${pad.top + plotH + 16}" class="tick" text-anchor="middle">${escapeHtml(num(t))}</text>`)
  }
  const meanNote = factor > 1 ? ` · lines are ${num((o.stepSeconds * factor) / 60)}-min means` : ""
  parts.push(`<text x="${pad.left + plotW}" y="${pad.top + plotH + 32}" class="axis-label" text-anchor="end">time since start (${tu.unit})${escapeHtml(meanNote)}</text>`)
  // Series.
  drawn.forEach((s, i) => {
    const axis = s.axis ?? "left"
    const dt = o.stepSeconds * s.ds.factor
    const pts: string[] = []
    s.ds.values.forEach((v, k) => {
      const yy = r1(y(Number.isFinite(v) ? v : 0, axis))
      if (s.step) pts.push(`${k === 0 ? "M" : "L"}${r1(x(k * dt))} ${yy}`, `L${r1(x(Math.min((k + 1) * dt, spanSeconds)))} ${yy}`)
      else pts.push(`${k === 0 ? "M" : "L"}${r1(x((k + 0.5) * dt))} ${yy}`)
    })
    if (pts.length > 0)
      parts.push(`<path d="${pts.join("")}" fill="none" stroke="${colour(i)}" stroke-width="${s.step ? 2 : 1.5}"${axis === "right" ? ' stroke-dasharray="6 3"' : ""} class="series"><title>${escapeHtml(s.label)}</title></path>`)
  })
  parts.push(legendSvg(legendLayout.placed, height - 12 - (legendLayout.rows - 1) * rowH, rowH))
  parts.push("</svg>")
  return parts.join("")
}

export interface Bar {
  readonly label: string
  readonly value: number
  /** Printed at the end of the bar; `format(value)` when absent. */
  readonly text?: string
  /** Palette index or a status colour. */
  readonly tone?: number | "ok" | "bad" | "muted"
}

export interface BarChartOptions {
  readonly title: string
  readonly bars: ReadonlyArray<Bar>
  readonly unit: string
  readonly format: (v: number) => string
  /** Axis maximum (at least the largest bar); e.g. 1 for shares. */
  readonly max?: number
  /** A dashed vertical line, e.g. the SLO target. */
  readonly reference?: { readonly value: number; readonly label: string }
  readonly width?: number
}

const toneColour = (t: Bar["tone"], i: number): string =>
  t === "ok" ? "#009E73" : t === "bad" ? "#D55E00" : t === "muted" ? "#999999" : colour(typeof t === "number" ? t : i)

/**
 * Labelled horizontal bars. ```
 * TTFT percentiles vs SLO — chat          ┆ SLO p99 ≤ 2 s
 * mean ███ 99.8 ms                         ┆
 *  p99 ████████ 577 ms                     ┆
 *      0      0.5      1      1.5      2  s
 * ```
 */
export const barChart = (o: BarChartOptions): string => {
  const width = o.width ?? 960
  const barH = 20
  const gap = 8
  const labelW = Math.min(260, 16 + Math.max(4, ...o.bars.map((b) => b.label.length)) * 6.6)
  const pad = { left: labelW, right: 110, top: 44, bottom: 44 }
  const plotW = width - pad.left - pad.right
  const plotH = Math.max(1, o.bars.length) * (barH + gap)
  const height = pad.top + plotH + pad.bottom
  const dataMax = Math.max(0, o.max ?? 0, ...o.bars.map((b) => b.value).filter(Number.isFinite), o.reference?.value ?? 0)
  const ticks = niceTicks(dataMax * (o.max !== undefined && dataMax <= o.max ? 1 : 1.05))
  const axisMax = ticks[ticks.length - 1]!
  const x = (v: number) => pad.left + (Math.max(0, v) / axisMax) * plotW
  const parts: string[] = [svgOpen(o.title, width, height, "bar-chart")]
  for (const t of ticks) {
    const xx = r1(x(t))
    parts.push(`<line x1="${xx}" y1="${pad.top}" x2="${xx}" y2="${pad.top + plotH}" class="grid"/>`)
    parts.push(`<text x="${xx}" y="${pad.top + plotH + 16}" class="tick" text-anchor="middle">${escapeHtml(o.format(t))}</text>`)
  }
  parts.push(`<text x="${pad.left + plotW}" y="${pad.top + plotH + 32}" class="axis-label" text-anchor="end">${escapeHtml(o.unit)}</text>`)
  o.bars.forEach((b, i) => {
    const yy = pad.top + i * (barH + gap) + gap / 2
    const v = Number.isFinite(b.value) ? b.value : 0
    const w = Math.max(v > 0 ? 1 : 0, x(v) - pad.left)
    parts.push(`<text x="${pad.left - 8}" y="${r1(yy + barH / 2 + 4)}" class="bar-label" text-anchor="end">${escapeHtml(b.label)}</text>`)
    parts.push(`<rect x="${pad.left}" y="${r1(yy)}" width="${r1(w)}" height="${barH}" fill="${toneColour(b.tone, i)}" class="bar"><title>${escapeHtml(`${b.label}: ${b.text ?? o.format(b.value)}`)}</title></rect>`)
    parts.push(`<text x="${r1(pad.left + w + 6)}" y="${r1(yy + barH / 2 + 4)}" class="bar-value">${escapeHtml(b.text ?? o.format(b.value))}</text>`)
  })
  parts.push(`<line x1="${pad.left}" y1="${pad.top}" x2="${pad.left}" y2="${pad.top + plotH}" class="axis"/>`)
  if (o.reference) {
    const xx = r1(x(o.reference.value))
    parts.push(`<line x1="${xx}" y1="${pad.top - 6}" x2="${xx}" y2="${pad.top + plotH}" class="reference" stroke="#D55E00" stroke-width="2" stroke-dasharray="5 3"/>`)
    parts.push(`<text x="${xx}" y="${pad.top - 10}" class="reference-label" text-anchor="middle">${escapeHtml(o.reference.label)}</text>`)
  }
  parts.push("</svg>")
  return parts.join("")
}

/** Ticks covering [lo, hi] in 1/2/5 × 10^k steps, about `count` intervals; the first and last bound the axis. */
export const niceRangeTicks = (lo: number, hi: number, count = 4): number[] => {
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || !(hi > lo)) return [0, 1]
  const raw = (hi - lo) / count
  const mag = 10 ** Math.floor(Math.log10(raw))
  const step = ([1, 2, 5, 10].find((m) => m * mag >= raw * (1 - 1e-9)) ?? 10) * mag
  const first = Math.floor(lo / step + 1e-6)
  const last = Math.ceil(hi / step - 1e-6)
  const ticks: number[] = []
  for (let k = first; k <= last; k++) ticks.push(Number((k * step).toPrecision(12)) + 0)
  return ticks
}

/** Decimals a tick step needs (0.05 → 2, 2 → 0). */
const stepDecimals = (step: number): number => {
  for (let d = 0; d < 8; d++) if (Math.abs(Math.round(step * 10 ** d) - step * 10 ** d) < 1e-6) return d
  return 8
}

export interface TornadoRow {
  /** The input, e.g. `demand`. */
  readonly label: string
  /** How it was moved, low and high: `−20%`, `+20%`. */
  readonly lowLabel: string
  readonly highLabel: string
  /** Outcome of the low and high variants in axis units; null when the variant could not run. */
  readonly low: number | null
  readonly high: number | null
  /** Printed at the bar ends; `format(value)` when absent. */
  readonly lowText?: string
  readonly highText?: string
  /** Shown instead of bars when a variant is missing. */
  readonly note?: string
}

export interface TornadoOptions {
  readonly title: string
  readonly rows: ReadonlyArray<TornadoRow>
  /** The base run's outcome (axis units): every bar starts here. */
  readonly base: number
  readonly baseText: string
  /** Axis caption, with the unit. */
  readonly unit: string
  /** Tick and bar-end text; `decimals` fits the tick step. */
  readonly format: (v: number, decimals: number) => string
  /** The axis never goes beyond these (e.g. 0 and 100 for a share in %). */
  readonly limits?: { readonly min: number; readonly max: number }
  readonly width?: number
}

const detail = (r: TornadoRow): string => `${r.lowLabel} / ${r.highLabel}`

/** A row's swing: the width its two bars cover together, base included (0 for a row that did not run). */
export const tornadoSwing = (r: TornadoRow, base: number): number =>
  r.low === null || r.high === null || !Number.isFinite(r.low) || !Number.isFinite(r.high) ? -1 : Math.max(base, r.low, r.high) - Math.min(base, r.low, r.high)

/** Tornado layout, exported for tests: label column, then room for a value left of the plot, the plot, room for a value. */
export const tornadoLayout = (rows: ReadonlyArray<TornadoRow>, width = 480) => {
  const labelW = Math.min(200, Math.max(120, 16 + Math.max(0, ...rows.map((r) => Math.max(r.label.length, detail(r).length))) * 6.6))
  const valueW = 56
  const pad = { left: labelW + valueW, right: valueW, top: 66, bottom: 44 }
  return { width, labelW, pad, plotW: width - pad.left - pad.right, rowH: 36, barH: 11 }
}

/**
 * One input per row, the biggest swing on top; for each, a bar from the base outcome to the low
 * variant's (palette 0) and one to the high variant's (palette 1), the value at each bar end and the
 * base marked by a vertical line. ```
 * Sensitivity — cost                      ■ low variant ■ high variant
 *                                  base $9.87
 *         demand          −8.1% ███│
 *    −20% / +20%                   │████ +9.0%
 *  prompt length            −2.0% █│
 * ```
 */
export const tornadoChart = (o: TornadoOptions): string => {
  const L = tornadoLayout(o.rows, o.width)
  const { pad, plotW, rowH, barH, width } = L
  const sorted = o.rows
    .map((r, i) => ({ r, i, swing: tornadoSwing(r, o.base) }))
    .sort((a, b) => b.swing - a.swing || a.i - b.i)
    .map((x) => x.r)
  const values = [o.base, ...sorted.flatMap((r) => [r.low, r.high]).filter((v): v is number => v !== null && Number.isFinite(v))]
  let lo = Math.min(...values)
  let hi = Math.max(...values)
  if (!(hi > lo)) {
    lo = (Number.isFinite(o.base) ? o.base : 0) - 1
    hi = lo + 2
  }
  if (o.limits) {
    lo = Math.max(o.limits.min, lo)
    hi = Math.min(o.limits.max, hi)
  }
  const ticks = niceRangeTicks(lo, hi)
  const t0 = ticks[0]!
  const tn = ticks[ticks.length - 1]!
  const decimals = stepDecimals(ticks.length > 1 ? ticks[1]! - t0 : 1)
  const x = (v: number) => pad.left + ((v - t0) / (tn - t0)) * plotW
  const plotH = Math.max(1, sorted.length) * rowH
  const height = pad.top + plotH + pad.bottom
  const bx = x(Number.isFinite(o.base) ? o.base : t0)
  const text = (v: number, t: string | undefined) => t ?? o.format(v, 1)
  const desc = sorted
    .map((r) => (r.low === null || r.high === null ? `${r.label}: not run` : `${r.label} ${detail(r)}: ${text(r.low, r.lowText)} … ${text(r.high, r.highText)}`))
    .join("; ")
  const parts: string[] = [svgOpen(o.title, width, height, "tornado-chart"), `<desc>${escapeHtml(`${o.baseText}. Biggest swing first. ${desc}`)}</desc>`]
  // Legend.
  const legend: Array<[string, string]> = [
    ["low variant", colour(0)],
    ["high variant", colour(1)],
  ]
  let lx = pad.left
  for (const [label, c] of legend) {
    parts.push(`<rect x="${r1(lx)}" y="29" width="12" height="10" fill="${c}"/><text x="${r1(lx + 16)}" y="38" class="legend">${escapeHtml(label)}</text>`)
    lx += 24 + label.length * 6.4
  }
  // Grid and axis.
  for (const t of ticks) {
    const xx = r1(x(t))
    parts.push(`<line x1="${xx}" y1="${pad.top}" x2="${xx}" y2="${pad.top + plotH}" class="grid"/>`)
    parts.push(`<text x="${xx}" y="${pad.top + plotH + 16}" class="tick" text-anchor="middle">${escapeHtml(o.format(t, decimals))}</text>`)
  }
  parts.push(`<line x1="${pad.left}" y1="${pad.top + plotH}" x2="${pad.left + plotW}" y2="${pad.top + plotH}" class="axis"/>`)
  parts.push(`<text x="${pad.left + plotW}" y="${pad.top + plotH + 32}" class="axis-label" text-anchor="end">${escapeHtml(o.unit)}</text>`)
  // Rows.
  sorted.forEach((r, i) => {
    const y0 = pad.top + i * rowH
    const yLow = y0 + 6
    const yHigh = yLow + barH + 2
    parts.push(`<text x="${r1(L.labelW - 4)}" y="${r1(yLow + barH / 2 + 4)}" class="bar-label" text-anchor="end">${escapeHtml(r.label)}</text>`)
    parts.push(`<text x="${r1(L.labelW - 4)}" y="${r1(yHigh + barH / 2 + 5)}" class="tick" text-anchor="end">${escapeHtml(detail(r))}</text>`)
    if (r.low === null || r.high === null) {
      const note = r.note ?? "could not run"
      parts.push(`<text x="${r1(bx + 6)}" y="${r1(yHigh + 3)}" class="bar-value">${escapeHtml(`not run: ${note.length > 60 ? note.slice(0, 59) + "…" : note}`)}</text>`)
      return
    }
    for (const [v, t, yy, c, which] of [
      [r.low, r.lowText, yLow, colour(0), r.lowLabel],
      [r.high, r.highText, yHigh, colour(1), r.highLabel],
    ] as const) {
      const end = x(Math.min(tn, Math.max(t0, Number.isFinite(v) ? v : o.base)))
      const left = Math.min(bx, end)
      const w = Math.abs(end - bx)
      const label = text(v, t)
      parts.push(`<rect x="${r1(left)}" y="${r1(yy)}" width="${r1(w)}" height="${barH}" fill="${c}" class="bar"><title>${escapeHtml(`${r.label} ${which}: ${label} (${o.baseText})`)}</title></rect>`)
      const rightward = end >= bx
      parts.push(`<text x="${r1(rightward ? end + 4 : end - 4)}" y="${r1(yy + barH / 2 + 4)}" class="bar-value"${rightward ? "" : ' text-anchor="end"'}>${escapeHtml(label)}</text>`)
    }
  })
  // The base, over the bars.
  parts.push(`<line x1="${r1(bx)}" y1="${pad.top - 4}" x2="${r1(bx)}" y2="${pad.top + plotH}" class="base" stroke="#1d2330" stroke-width="1.5"/>`)
  parts.push(`<text x="${r1(bx)}" y="${pad.top - 8}" class="reference-label" text-anchor="middle">${escapeHtml(o.baseText)}</text>`)
  parts.push("</svg>")
  return parts.join("")
}
