/**
 * The sensitivity result in every format, from a hand-made result (no simulation): the tornado
 * charts (order by swing, bar extents in pixels computed by hand, escaping, a variant that did not
 * run), the text, Markdown and CSV tables, and the HTML section. The report they ride on is a
 * millisecond analytic run of a one-GPU scenario.
 */
import { Effect } from "effect"
import { beforeAll, describe, expect, it } from "vitest"
import { runScenario } from "../../src/app/run.ts"
import { loadScenarioText } from "../../src/app/what-if.ts"
import { renderCsv } from "../../src/report/csv.ts"
import { renderReport } from "../../src/report/formats.ts"
import { renderHtml } from "../../src/report/html.ts"
import { renderMarkdown } from "../../src/report/markdown.ts"
import { COST_TORNADO_TITLE, renderSensitivity, sensitivityCharts, SLO_TORNADO_TITLE, type Sensitivity } from "../../src/report/sensitivity.ts"
import { niceRangeTicks, tornadoChart } from "../../src/report/svg-charts.ts"
import type { Report } from "../../src/report/types.ts"

const out = (cost: number, sloAttainment: number, ttftP99: number) => ({ cost, sloAttainment, ttftP99 })

/** Rows deliberately not in swing order; the cost and the SLO panels sort them differently. */
const FIXTURE: Sensitivity = {
  base: out(100, 0.9, 0.5),
  rows: [
    { input: "<b>prices</b>", lowLabel: "−10%", highLabel: "+10%", low: out(98, 0.9, 0.5), high: out(102, 0.9, 0.5) },
    { input: "output length", lowLabel: "−20%", highLabel: "+20%", low: out(95, 0.99, 0.25), high: out(102.5, 0.5, 1.5) },
    { input: "demand", lowLabel: "−20%", highLabel: "+20%", low: out(90, 0.95, 0.3), high: out(110, 0.6, 2) },
    { input: "failure rate", lowLabel: "×0.5", highLabel: "×2", low: null, high: out(100, 0.9, 0.5), note: "the variant failed: <x> | y" },
  ],
}

/** The bars of a tornado SVG in document order: x, width, fill and the hover title. */
const bars = (svg: string) =>
  [...svg.matchAll(/<rect x="([\d.]+)" y="[\d.]+" width="([\d.]+)" height="11" fill="([^"]+)" class="bar"><title>([^<]*)<\/title><\/rect>/g)].map((m) => ({
    x: Number(m[1]),
    width: Number(m[2]),
    fill: m[3],
    title: m[4],
  }))
const rowLabels = (svg: string) => [...svg.matchAll(/class="bar-label" text-anchor="end">([^<]*)</g)].map((m) => m[1])

const TEXT = `name: sensitivity formats
horizon: 1h
models: [{ name: m, preset: llama-3.1-8b }]
pools: [{ name: p, gpu: H100-SXM, gpusPerNode: 1, nodes: 1, pricing: { kind: on-demand, perGpuHour: 3 } }]
inference:
  - name: chat
    model: m
    pools: [p]
    arrivals: { pattern: poisson, rate: 2/s }
    promptTokens: { distribution: fixed, value: 500 }
    outputTokens: { distribution: fixed, value: 100 }
    slo: { ttft: { p99: 500ms } }
`
let report: Report
beforeAll(async () => {
  const l = loadScenarioText(TEXT, "/tmp/sensitivity-formats.yaml")
  if (!l.ok) throw new Error(l.diagnostics.map((d) => d.message).join("; "))
  report = await Effect.runPromise(runScenario(l.loaded, { engine: "analytic" }))
})

describe("niceRangeTicks", () => {
  it("covers [lo, hi] in 1/2/5 × 10^k steps, negative ranges included", () => {
    expect(niceRangeTicks(-10, 10)).toEqual([-10, -5, 0, 5, 10])
    expect(niceRangeTicks(50, 99)).toEqual([40, 60, 80, 100])
    expect(niceRangeTicks(99.9, 100)).toEqual([99.9, 99.95, 100])
    expect(niceRangeTicks(-3, 0.5)).toEqual([-3, -2, -1, 0, 1])
    expect(niceRangeTicks(1, 1)).toEqual([0, 1])
  })
})

describe("tornado chart", () => {
  // Layout of a 480-px panel with short labels (tornadoLayout): label column 120, value room 56 on
  // each side of the plot → plot from x = 176 to x = 424 (248 px).
  it("cost panel: biggest cost swing on top; bars start at the base; widths proportional to the change", () => {
    const [cost] = sensitivityCharts(FIXTURE, "USD")
    expect(rowLabels(cost!)).toEqual(["demand", "output length", "&lt;b&gt;prices&lt;/b&gt;", "failure rate"])
    // Axis −10 % … +10 % over 248 px: 12.4 px per point; the base (0 %) at x = 176 + 124 = 300.
    expect(bars(cost!).map((b) => [b.x, b.width])).toEqual([
      [176, 124], // demand −20%: −10 %
      [300, 124], // demand +20%: +10 %
      [238, 62], // output length −20%: −5 %
      [300, 31], // output length +20%: +2.5 %
      [275.2, 24.8], // prices −10%: −2 %
      [300, 24.8], // prices +10%: +2 %
    ])
    expect(bars(cost!).map((b) => b.fill)).toEqual(["#0072B2", "#E69F00", "#0072B2", "#E69F00", "#0072B2", "#E69F00"])
    expect(cost).toContain('<line x1="300" y1="62" x2="300" y2="210" class="base"')
    expect(cost).toContain(">base $100.00<")
    // Values at the bar ends: right of a bar that grows right, left (anchored at its end) of one that grows left.
    expect(cost).toContain('<text x="428" y="94.5" class="bar-value">+10.0%</text>')
    expect(cost).toContain('<text x="172" y="81.5" class="bar-value" text-anchor="end">−10.0%</text>')
    for (const t of ["−10%", "−5%", "±0%", "+5%", "+10%"]) expect(cost).toContain(`class="tick" text-anchor="middle">${t}<`)
  })

  it("SLO panel: its own order (output length swings attainment most), pixel extents on a 40–100 % axis", () => {
    const [, slo] = sensitivityCharts(FIXTURE, "USD")
    expect(rowLabels(slo!)).toEqual(["output length", "demand", "&lt;b&gt;prices&lt;/b&gt;", "failure rate"])
    // Ticks 40, 60, 80, 100 → 248 px / 60 points; base 90 % at 176 + 50 × 248/60 = 382.67.
    expect(bars(slo!).map((b) => [b.x, b.width])).toEqual([
      [382.7, 37.2], // output length −20%: 99 %
      [217.3, 165.3], // output length +20%: 50 %
      [382.7, 20.7], // demand −20%: 95 %
      [258.7, 124], // demand +20%: 60 %
      [382.7, 0], // prices: no change
      [382.7, 0],
    ])
    expect(slo).toContain(">base 90.0%<")
    expect(bars(slo!)[1]!.title).toBe("output length +20%: 50.0% (base 90.0%)")
  })

  it("is accessible, escaped and self-contained; a variant that did not run shows its note, not bars", () => {
    const charts = sensitivityCharts(FIXTURE, "USD")
    expect(charts).toHaveLength(2)
    expect(charts[0]).toMatch(new RegExp(`^<svg class="chart tornado-chart" role="img" aria-label="${COST_TORNADO_TITLE}" width="480" height="254"`))
    expect(charts[1]).toContain(`aria-label="${SLO_TORNADO_TITLE}"`)
    for (const svg of charts) {
      expect(svg).toContain(`<title>`)
      expect(svg).toMatch(/<desc>base [^<]*Biggest swing first\. [^<]*demand −20% \/ \+20%/)
      expect(svg).not.toContain("<b>")
      expect(svg).not.toContain("<x>")
      expect(svg).toContain("not run: the variant failed: &lt;x&gt; | y")
      expect(svg).not.toMatch(/href|src=|url\(|https?:/)
      expect(bars(svg)).toHaveLength(6)
    }
    // A run without a cost ledger: no cost panel.
    expect(sensitivityCharts({ ...FIXTURE, base: { ...FIXTURE.base, cost: Number.NaN } }, "USD")).toHaveLength(1)
  })

  it("an axis with no change at all still has a span; a share never runs past 100 %", () => {
    const svg = tornadoChart({
      title: "t",
      rows: [{ label: "a", lowLabel: "−", highLabel: "+", low: 100, high: 100 }],
      base: 100,
      baseText: "base",
      unit: "%",
      format: (v, d) => v.toFixed(d),
      limits: { min: 0, max: 100 },
    })
    const ticks = [...svg.matchAll(/class="tick" text-anchor="middle">([^<]*)</g)].map((m) => m[1])
    expect(ticks).toEqual(["99.0", "99.5", "100.0"])
    expect(bars(svg).map((b) => b.width)).toEqual([0, 0])
  })
})

describe("sensitivity tables", () => {
  it("text: the terminal's tornado table, rows as given", () => {
    expect(renderSensitivity(FIXTURE, "USD").split("\n")).toEqual([
      "SENSITIVITY — each input moved alone, everything else as written; base cost $100.00, SLO attainment 90.0% (worst workload), p99 TTFT 500 ms",
      "  input          low / high   cost low … high  SLO attainment low … high  p99 TTFT low … high",
      "  <b>prices</b>  −10% / +10%  −2.0% … +2.0%    90.0% … 90.0%              500 ms … 500 ms",
      "  output length  −20% / +20%  −5.0% … +2.5%    99.0% … 50.0%              250 ms … 1.50 s",
      "  demand         −20% / +20%  −10.0% … +10.0%  95.0% … 60.0%              300 ms … 2.00 s",
      "  failure rate   ×0.5 / ×2    —                —                          the variant failed: <x> | y",
      "  GPU prices are not re-simulated: cost is linear in them (rental, overflow, depreciation scaled exactly).",
      "",
    ])
  })

  it("markdown: a Sensitivity section before the assumptions, with the text table's columns, escaped", () => {
    const md = renderMarkdown(report, FIXTURE)
    expect(md.indexOf("## Sensitivity")).toBeGreaterThan(md.indexOf("## Price table"))
    expect(md.indexOf("## Sensitivity")).toBeLessThan(md.indexOf("## Assumptions"))
    const at = md.indexOf("| input | low / high")
    expect(md.slice(at).split("\n").slice(0, 6)).toEqual([
      "| input | low / high | cost low … high | SLO attainment low … high | p99 TTFT low … high |",
      "| --- | --- | ---: | ---: | ---: |",
      "| &lt;b&gt;prices&lt;/b&gt; | −10% / +10% | −2.0% … +2.0% | 90.0% … 90.0% | 500 ms … 500 ms |",
      "| output length | −20% / +20% | −5.0% … +2.5% | 99.0% … 50.0% | 250 ms … 1.50 s |",
      "| demand | −20% / +20% | −10.0% … +10.0% | 95.0% … 60.0% | 300 ms … 2.00 s |",
      "| failure rate | ×0.5 / ×2 | — | — | the variant failed: &lt;x&gt; \\| y |",
    ])
    expect(md).toContain("base cost $100.00, SLO attainment 90.0% (worst workload), p99 TTFT 500 ms")
    expect(renderMarkdown(report)).not.toContain("## Sensitivity")
    expect(renderMarkdown(report)).toBe(renderReport(report, "md"))
  })

  it("csv: the report's rows unchanged, then the JSON's sensitivity paths, one leaf per row", () => {
    const plain = renderCsv(report)
    const csv = renderCsv(report, FIXTURE)
    expect(csv.startsWith(plain)).toBe(true)
    expect(csv.slice(plain.length).split("\r\n")).toEqual([
      "sensitivity.base.cost,100",
      "sensitivity.base.sloAttainment,0.9",
      "sensitivity.base.ttftP99,0.5",
      "sensitivity.rows[0].input,<b>prices</b>",
      "sensitivity.rows[0].lowLabel,−10%",
      `sensitivity.rows[0].highLabel,"'+10%"`, // a leading + is a formula start: neutralized
      "sensitivity.rows[0].low.cost,98",
      "sensitivity.rows[0].low.sloAttainment,0.9",
      "sensitivity.rows[0].low.ttftP99,0.5",
      "sensitivity.rows[0].high.cost,102",
      "sensitivity.rows[0].high.sloAttainment,0.9",
      "sensitivity.rows[0].high.ttftP99,0.5",
      "sensitivity.rows[1].input,output length",
      "sensitivity.rows[1].lowLabel,−20%",
      `sensitivity.rows[1].highLabel,"'+20%"`,
      "sensitivity.rows[1].low.cost,95",
      "sensitivity.rows[1].low.sloAttainment,0.99",
      "sensitivity.rows[1].low.ttftP99,0.25",
      "sensitivity.rows[1].high.cost,102.5",
      "sensitivity.rows[1].high.sloAttainment,0.5",
      "sensitivity.rows[1].high.ttftP99,1.5",
      "sensitivity.rows[2].input,demand",
      "sensitivity.rows[2].lowLabel,−20%",
      `sensitivity.rows[2].highLabel,"'+20%"`,
      "sensitivity.rows[2].low.cost,90",
      "sensitivity.rows[2].low.sloAttainment,0.95",
      "sensitivity.rows[2].low.ttftP99,0.3",
      "sensitivity.rows[2].high.cost,110",
      "sensitivity.rows[2].high.sloAttainment,0.6",
      "sensitivity.rows[2].high.ttftP99,2",
      "sensitivity.rows[3].input,failure rate",
      "sensitivity.rows[3].lowLabel,×0.5",
      "sensitivity.rows[3].highLabel,×2",
      "sensitivity.rows[3].low,",
      "sensitivity.rows[3].high.cost,100",
      "sensitivity.rows[3].high.sloAttainment,0.9",
      "sensitivity.rows[3].high.ttftP99,0.5",
      `sensitivity.rows[3].note,the variant failed: <x> | y`,
      "",
    ])
    expect(renderReport(report, "csv", FIXTURE)).toBe(csv)
  })

  it("html: a Sensitivity section with the table and both tornado panels; none without the runs", () => {
    const html = renderHtml(report, FIXTURE)
    const section = html.slice(html.indexOf('<section id="sensitivity">'), html.indexOf('<section id="assumptions">'))
    expect(section).toContain("<h2>Sensitivity</h2>")
    expect(section).toContain("<th>input</th><th>low / high</th>")
    expect(section).toContain("<td>&lt;b&gt;prices&lt;/b&gt;</td>")
    expect(section).toContain('<div class="charts" data-chart="sensitivity">')
    expect(section.match(/<svg class="chart tornado-chart"/g)).toHaveLength(2)
    expect(html).not.toContain("<b>prices")
    const plain = renderHtml(report)
    expect(plain).not.toContain('id="sensitivity"')
    expect(plain).not.toContain("tornado-chart")
    expect(renderReport(report, "html", FIXTURE)).toBe(html)
  })

  it("json and text through renderReport: the sensitivity key last, the table after the report", () => {
    expect(renderReport(report, "json", FIXTURE)).toBe(JSON.stringify({ ...report, sensitivity: FIXTURE }, null, 2) + "\n")
    expect(renderReport(report, "json")).toBe(JSON.stringify(report, null, 2) + "\n")
    expect(renderReport(report, "text", FIXTURE)).toBe(renderReport(report, "text") + "\n" + renderSensitivity(FIXTURE, "USD"))
  })
})
