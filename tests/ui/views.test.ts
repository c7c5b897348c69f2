/** The tab views and text helpers: what each tab says, from a report. */
import { describe, expect, it } from "vitest"
import type { Report } from "../../src/report/types.ts"
import { capacityLines } from "../../src/ui/views/capacity.ts"
import { costLines } from "../../src/ui/views/cost.ts"
import { headline, summaryLines } from "../../src/ui/views/summary.ts"
import { fit, lineText, progressBar, sparkline, spread } from "../../src/ui/views/text.ts"
import { trainingLines } from "../../src/ui/views/training.ts"
import { progressText } from "../../src/ui/screens/Running.tsx"

const pool = (name: string, provisioned: number, busy: number, nodes: { mean: number; max: number }) => ({
  name, gpu: "H100-SXM", pricing: "reserved", gpusPerNode: 8, nodes: { initial: nodes.max, min: 0, ...nodes }, gpuHoursProvisioned: provisioned, gpuHoursBusy: busy, utilization: busy / provisioned, energyKwh: 0, cost: 100,
})
const base = {
  schemaVersion: 1,
  scenario: { name: "S", description: null, seed: 1, horizonSeconds: 3600, replications: 1, engine: "des", currency: "USD" },
  inference: [{ name: "chat", slo: { attainment: 0.98, met: true, targets: [{ metric: "ttft" }] } }],
  training: [],
  pools: [pool("a", 100, 50, { mean: 4, max: 4 }), pool("b", 100, 100, { mean: 2, max: 6 })],
  cost: { currency: "USD", total: 1000, byWorkload: { chat: 900 }, byPool: {}, idle: 100, energy: 0, perMillionOutputTokens: 2, perMillionTokens: 1 },
  quote: { margin: 0.3, perGpuHour: 2.5, perMillionInputTokens: 0.1, perMillionOutputTokens: 3.5, monthly: 5000, breakEvenUtilization: 0.7 },
  timeline: { stepSeconds: 60, series: { "chat.arrivalsPerSecond": [0, 1, 2, 3, 4, 5, 6, 7], "chat.replicas": [2, 2, 2, 2, 2, 2, 2, 2] } },
  assumptions: [],
} as unknown as Report
const des = (report: Report, label = "S") => ({ report, engine: "des" as const, key: "", label })

describe("text helpers", () => {
  it("sparkline scales min..max onto eight levels and averages into the width", () => {
    expect(sparkline([0, 1, 2, 3, 4, 5, 6, 7], 8)).toBe("▁▂▃▄▅▆▇█")
    expect(sparkline([0, 0, 7, 7], 2)).toBe("▁█")
    expect(sparkline([3, 3, 3], 3)).toBe("▁▁▁")
  })
  it("progress bar, fit and spread", () => {
    expect(progressBar(0.5, 10)).toBe("█████░░░░░")
    expect(progressBar(2, 4)).toBe("████")
    expect(fit("abcdef", 4)).toBe("abc…")
    expect(spread("left", "right", 20)).toBe(`left${" ".repeat(11)}right`)
    expect(spread("a long left text", "right", 20)).toBe("a long left t… right")
  })
  it("progress text: simulated time, speed, time left", () => {
    expect(progressText({ fraction: 0.25, simulatedSeconds: 6 * 3600, horizonSeconds: 86400, replication: 0, replications: 1, elapsedSeconds: 1 })).toBe("simulated 6.00 h of 1d · ×21,600 real time · about 3 s left")
  })
})

describe("summary", () => {
  it("headline: utilization is busy over provisioned GPU-hours across pools; GPUs from node counts", () => {
    expect(headline(base)).toMatchObject({ cost: 1000, quotePerMillionOutput: 3.5, sloAttainment: 0.98, sloMet: true, utilization: 0.75, gpusMean: 48, gpusMax: 80 })
  })
  it("the five numbers", () => {
    const text = summaryLines(des(base), null).map(lineText)
    expect(text).toContain("cost               $1,000.00 over 1h")
    expect(text).toContain("quote / 1M tokens  $0.1000 input · $3.50 output (margin 30%)")
    expect(text).toContain("SLO attainment     98.0% · all targets met ✓")
    expect(text).toContain("utilization        75.0% of provisioned GPU capacity used")
    expect(text).toContain("GPUs               48 on average · up to 80")
  })
  it("cost and quote not available render as —", () => {
    const text = summaryLines(des({ ...base, cost: null, quote: null }), null).map(lineText)
    expect(text).toContain("cost               — (cost model not in this build yet)")
    expect(text).toContain("quote / 1M tokens  —")
  })
  it("compare: pinned and current side by side with deltas", () => {
    const more = { ...base, cost: { ...base.cost!, total: 1250 } }
    const text = summaryLines(des(more, "S · demand ×1.2"), des(base)).map(lineText)
    expect(text).toContain("A S")
    expect(text).toContain("B S · demand ×1.2")
    expect(text.find((l) => l.startsWith("cost"))).toMatch(/^cost\s+\$1,000\.00\s+\$1,250\.00\s+\+\$250\.00 \(\+25%\)$/)
    expect(text.find((l) => l.startsWith("GPUs (mean)"))).toMatch(/48\s+48\s+±0$/)
    // Below the displayed precision: no "−0.0 pt".
    const nudged = { ...base, pools: [{ ...base.pools[0]!, gpuHoursBusy: 50.0001 }, base.pools[1]!] }
    expect(summaryLines(des(nudged), des(base)).map(lineText).find((l) => l.startsWith("utilization"))).toMatch(/75\.0%\s+75\.0%\s+±0$/)
  })
})

describe("other tabs", () => {
  it("capacity: one sparkline per series with its range", () => {
    const text = capacityLines(base, 60).map(lineText)
    expect(text).toContain("chat")
    expect(text.find((l) => l.includes("arrivals /s"))).toMatch(/arrivals \/s\s+0–7\s+▁▂▃▄▅▆▇█$/)
    expect(text.find((l) => l.includes("replicas"))).toMatch(/2–2\s+█+$/)
  })
  it("cost: pools, workloads with the idle line, and the quote", () => {
    const text = costLines(base).map(lineText).join("\n")
    expect(text).toMatch(/idle capacity\s+\$100\.00/)
    expect(text).toMatch(/\$2\.50\s+\$0\.1000\s+\$3\.50\s+\$5,000\.00\s+70\.0%\s+30%/)
  })
  it("training: says so when there are no jobs", () => {
    expect(trainingLines(base)).toEqual(["no training jobs in this scenario"])
  })
})
