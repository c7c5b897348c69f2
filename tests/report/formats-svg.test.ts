/** The SVG chart helpers: axis ticks, bucketing of long series, and what a chart contains. */
import { describe, expect, it } from "vitest"
import { barChart, downsample, lineChart, niceTicks } from "../../src/report/svg-charts.ts"

describe("svg charts", () => {
  it("niceTicks covers [0, max] in 1/2/2.5/5 × 10^k steps", () => {
    expect(niceTicks(37)).toEqual([0, 10, 20, 30, 40])
    expect(niceTicks(2.1)).toEqual([0, 0.5, 1, 1.5, 2, 2.5])
    expect(niceTicks(0.9)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1])
    expect(niceTicks(0)).toEqual([0, 1])
    expect(niceTicks(Number.NaN)).toEqual([0, 1])
  })

  it("downsample averages consecutive buckets and leaves short series alone", () => {
    expect(downsample([1, 2, 3], 5)).toEqual({ values: [1, 2, 3], factor: 1 })
    expect(downsample([1, 3, 5, 7], 2)).toEqual({ values: [2, 6], factor: 2 })
    expect(downsample([1, 3, 5, 7, 9], 2)).toEqual({ values: [3, 8], factor: 3 }) // never more than maxPoints
  })

  it("a line chart has both axes' units, a time axis, one path per series and a legend", () => {
    const svg = lineChart({
      title: "Demand",
      stepSeconds: 60,
      series: [
        { label: "arrivals", values: [1, 2, 3, 4] },
        { label: "replicas", values: [1, 1, 2, 2], axis: "right", step: true },
      ],
      leftUnit: "req/s",
      rightUnit: "replicas",
    })
    expect(svg.match(/<path /g)).toHaveLength(2)
    expect(svg).toContain(">req/s<")
    expect(svg).toContain(">replicas<")
    expect(svg).toContain("time since start (min)")
    expect(svg).toContain(">replicas (right axis)<")
    expect(svg).toMatch(/^<svg [^>]*width="960" height="280"/)
  })

  it("a bar chart draws one rect per bar, escapes labels and marks the reference", () => {
    const svg = barChart({ title: "TTFT", bars: [{ label: "<p99>", value: 0.5 }, { label: "p50", value: 0.1 }], unit: "seconds", format: String, reference: { value: 2, label: "SLO" } })
    expect(svg.match(/<rect /g)).toHaveLength(2)
    expect(svg).toContain("&lt;p99&gt;")
    expect(svg).not.toContain("<p99>")
    expect(svg).toContain('class="reference"')
  })
})
