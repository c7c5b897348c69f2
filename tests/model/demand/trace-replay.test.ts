import { readFileSync } from "node:fs"
import { describe, expect, it } from "vitest"
import { parseTraceCsv, type TraceData } from "../../../src/model/demand/trace.ts"
import { tracePeriodSeconds } from "../../../src/model/demand/trace-replay.ts"
import { arrivalTimes, source } from "./helpers.ts"

const load = (file: string): TraceData => {
  const r = parseTraceCsv(readFileSync(`/work/shared/data/azure-llm-inference-2023/${file}`, "utf8"))
  if (!r.ok) throw new Error(JSON.stringify(r.errors))
  return r.value
}
const conv = load("AzureLLMInferenceTrace_conv.csv")
const replay = (arrivals: Record<string, unknown>, horizonSeconds = 1e9) =>
  source({ arrivals: { pattern: "trace", file: "conv.csv", ...arrivals }, trace: conv, horizonSeconds })

describe("trace replay", () => {
  it("replays the Azure conversation trace as-is: every row, its time and both lengths, in order", () => {
    const src = replay({})
    let i = 0
    for (let t = src.peekTime(); t !== Infinity; t = src.peekTime(), i++) {
      expect(t).toBe(conv.time[i])
      src.take()
      expect(src.promptTokens).toBe(conv.promptTokens[i])
      expect(src.outputTokens).toBe(conv.outputTokens[i])
    }
    expect(i).toBe(19_366)
  })

  it("rateScale 2 doubles the rate: every time, and the span, halved", () => {
    const times = arrivalTimes(replay({ rateScale: 2 }))
    expect(times.length).toBe(conv.rows)
    expect(times[times.length - 1]).toBeCloseTo(conv.spanSeconds / 2, 9)
    expect(times[1000]).toBeCloseTo(conv.time[1000]! / 2, 9)
  })

  it("timeScale 2 replays twice as slowly: the span doubles; with rateScale 2 as well they cancel", () => {
    expect(arrivalTimes(replay({ timeScale: 2 })).at(-1)).toBeCloseTo(conv.spanSeconds * 2, 9)
    expect(arrivalTimes(replay({ timeScale: 2, rateScale: 2 })).at(-1)).toBeCloseTo(conv.spanSeconds, 9)
  })

  it("stops at the horizon without loop", () => {
    const times = arrivalTimes(replay({}, 600))
    let expected = 0
    for (const t of conv.time) if (t <= 600) expected++
    expect(times.length).toBe(expected)
  })

  it("loop repeats the trace back to back, one copy every span·rows/(rows − 1), until the horizon", () => {
    const period = tracePeriodSeconds(conv)
    expect(period).toBeCloseTo((3501.721937 * 19_366) / 19_365, 6)
    const horizon = 3 * 3600
    const times = arrivalTimes(replay({ loop: true }, horizon))
    // three whole copies (3·3501.9 s = 10505.7 s), then the rows of a fourth before the horizon
    const rest = horizon - 3 * period
    let inRest = 0
    for (const t of conv.time) if (t <= rest) inRest++
    expect(times.length).toBe(3 * conv.rows + inRest)
    expect(times[conv.rows]).toBeCloseTo(period, 9)
    expect(times[2 * conv.rows + 5]).toBeCloseTo(2 * period + conv.time[5]!, 6)
    expect(times.at(-1)!).toBeLessThanOrEqual(horizon)
    let sorted = true
    for (let i = 1; i < times.length; i++) if (times[i]! < times[i - 1]!) sorted = false
    expect(sorted).toBe(true)
  })
})
