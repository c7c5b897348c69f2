import { readFileSync } from "node:fs"
import { describe, expect, it } from "vitest"
import { checkTraceHeader, parseEmpiricalCsv, parseTraceCsv, type TraceData } from "../../../src/model/demand/trace.ts"

const DATA = "/work/shared/data/azure-llm-inference-2023"

const parsed = (text: string): TraceData => {
  const r = parseTraceCsv(text)
  if (!r.ok) throw new Error(JSON.stringify(r.errors))
  return r.value
}

/** Column means computed directly from the CSV text, independently of the parser. */
const columnMeans = (text: string): { rows: number; prompt: number; output: number } => {
  const rows = text.trim().split(/\r?\n/).slice(1)
  let p = 0, o = 0
  for (const r of rows) {
    const [, a, b] = r.split(",")
    p += Number(a)
    o += Number(b)
  }
  return { rows: rows.length, prompt: p / rows.length, output: o / rows.length }
}

describe("parseTraceCsv on the Azure LLM inference trace 2023", () => {
  it.each([
    // file, rows (ATTRIBUTION.md), span: last − first timestamp, computed by hand from the files
    // conv: 18:15:46.6805900 → 19:14:08.4025270 = 58 min 21.7219370 s
    ["AzureLLMInferenceTrace_conv.csv", 19_366, "58 min 21.72 s", 3501.721937],
    // code: 18:17:03.9799600 → 19:14:19.9280160 = 57 min 15.9480560 s
    ["AzureLLMInferenceTrace_code.csv", 8_819, "57 min 15.95 s", 3435.948056],
  ])("%s: %i rows spanning about an hour (%s)", (file, rows, _span, spanSeconds) => {
    const text = readFileSync(`${DATA}/${file}`, "utf8")
    const trace = parsed(text)
    const direct = columnMeans(text)
    expect(trace.rows).toBe(rows)
    expect(direct.rows).toBe(rows)
    expect(trace.time.length).toBe(rows)
    expect(trace.time[0]).toBe(0)
    expect(trace.spanSeconds).toBeCloseTo(spanSeconds, 6)
    let sorted = true
    for (let i = 1; i < rows; i++) if (trace.time[i]! < trace.time[i - 1]!) sorted = false
    expect(sorted).toBe(true)
    const mean = (xs: Float64Array) => xs.reduce((a, b) => a + b, 0) / xs.length
    expect(mean(trace.promptTokens)).toBeCloseTo(direct.prompt, 9)
    expect(mean(trace.outputTokens)).toBeCloseTo(direct.output, 9)
  })

  it("the conversation trace has moderate prompts and long-ish outputs, the code trace long prompts and short outputs", () => {
    const conv = columnMeans(readFileSync(`${DATA}/AzureLLMInferenceTrace_conv.csv`, "utf8"))
    const code = columnMeans(readFileSync(`${DATA}/AzureLLMInferenceTrace_code.csv`, "utf8"))
    expect(conv.prompt).toBeCloseTo(1154.7, 0)
    expect(conv.output).toBeCloseTo(211.13, 1)
    expect(code.prompt).toBeCloseTo(2047.85, 1)
    expect(code.output).toBeCloseTo(27.88, 1)
  })
})

describe("parseTraceCsv layouts and choices", () => {
  it("reads time,promptTokens,outputTokens as seconds from start, relative to the first row", () => {
    const t = parsed("time,promptTokens,outputTokens\n10,100,20\n10.5,300,40\n12,50,5\n")
    expect([...t.time]).toEqual([0, 0.5, 2])
    expect([...t.promptTokens]).toEqual([100, 300, 50])
    expect([...t.outputTokens]).toEqual([20, 40, 5])
    expect(t.spanSeconds).toBe(2)
    expect(t.rows).toBe(3)
  })

  it("computes timestamp differences from calendar fields across midnight, month ends and leap days", () => {
    const t = parsed(
      "TIMESTAMP,ContextTokens,GeneratedTokens\r\n" +
        "2024-02-28 23:59:59.5000000,1,1\r\n" + // 2024 is a leap year: Feb 29 lies between
        "2024-03-01 00:00:00.2500000,1,1\r\n" +
        "2024-12-31 23:00:00,1,1\r\n" +
        "2025-01-01 00:00:00,1,1",
    )
    expect(t.time[1]).toBeCloseTo(86_400 + 0.75, 9)
    // from 2024-02-28 23:59:59.5 to 2024-12-31 23:00:00: 307 days (Feb 28 → Mar 1 is 2, Mar 1 → Dec 31 is 305) minus 59 min 59.5 s
    expect(t.time[2]).toBeCloseTo(307 * 86_400 - 3599.5, 6)
    expect(t.time[3]! - t.time[2]!).toBeCloseTo(3600, 9)
  })

  it("stably sorts rows that are out of time order, measuring from the earliest", () => {
    const t = parsed("time,promptTokens,outputTokens\n5,1,1\n3,2,2\n5,3,3\n4,4,4\n")
    expect([...t.time]).toEqual([0, 1, 2, 2])
    expect([...t.promptTokens]).toEqual([2, 4, 1, 3])
  })

  it("counts zero generated (or context) tokens as one", () => {
    const t = parsed("TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:00:00.0,0,0\n")
    expect(t.promptTokens[0]).toBe(1)
    expect(t.outputTokens[0]).toBe(1)
  })
})

describe("parseTraceCsv errors", () => {
  it("names the line and character column of each malformed cell", () => {
    const text = [
      "TIMESTAMP,ContextTokens,GeneratedTokens", //     line 1
      "2023-11-16 18:15:46.6805900,374,44", //          line 2: fine
      "2023-11-16 18:15:47.0,abc,44", //                line 3: "abc" starts at column 23
      "", //                                            line 4: blank, ignored
      "2023-11-16 18:15:48.0,12,-3", //                 line 5: "-3" starts at column 26
      "2023-13-16 18:15:48.0,12,3", //                  line 6: month 13
      "2023-11-16 18:15:49.0,12", //                    line 7: 24 characters, a value missing
    ].join("\n")
    const r = parseTraceCsv(text)
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.errors).toEqual([
      { row: 3, column: 23, message: 'ContextTokens: expected a non-negative integer, found "abc"' },
      { row: 5, column: 26, message: 'GeneratedTokens: expected a non-negative integer, found "-3"' },
      { row: 6, column: 1, message: expect.stringContaining('TIMESTAMP: expected a date and time like 2023-11-16 18:15:46.6805900, found "2023-13-16') },
      { row: 7, column: 25, message: "expected 3 values (TIMESTAMP,ContextTokens,GeneratedTokens), found 2" },
    ])
  })

  it("reports the first 20 problems, then how many more", () => {
    const bad = Array.from({ length: 30 }, (_, i) => `${i},x,1`)
    const r = parseTraceCsv(["time,promptTokens,outputTokens", ...bad].join("\n"))
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.errors).toHaveLength(21)
    expect(r.errors[19]!.row).toBe(21)
    expect(r.errors[20]).toEqual({ row: 22, column: 4, message: "… and 10 more" })
  })

  it("rejects an unknown header, naming the accepted ones, and a header without rows", () => {
    const r = parseTraceCsv("ts,in,out\n1,2,3\n")
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.errors[0]).toEqual({ row: 1, column: 1, message: checkTraceHeader("ts,in,out") })
    const empty = parseTraceCsv("time,promptTokens,outputTokens\n\n")
    expect(empty.ok).toBe(false)
    if (!empty.ok) expect(empty.errors[0]!.message).toContain("no requests")
  })
})

describe("checkTraceHeader", () => {
  it("accepts both headers (with Windows line ending or byte-order mark) and explains otherwise", () => {
    expect(checkTraceHeader("TIMESTAMP,ContextTokens,GeneratedTokens\r")).toBeUndefined()
    expect(checkTraceHeader("\uFEFFtime,promptTokens,outputTokens")).toBeUndefined()
    const message = checkTraceHeader("timestamp,prompt,output")
    expect(message).toContain('"TIMESTAMP,ContextTokens,GeneratedTokens"')
    expect(message).toContain('"time,promptTokens,outputTokens"')
    expect(message).toContain('found "timestamp,prompt,output"')
  })
})

describe("parseEmpiricalCsv", () => {
  it("reads one column of numbers, with or without a header line", () => {
    const a = parseEmpiricalCsv("tokens\n120\n80\n\n7\n")
    const b = parseEmpiricalCsv("120\r\n80\r\n7")
    expect(a.ok && [...a.value]).toEqual([120, 80, 7])
    expect(b.ok && [...b.value]).toEqual([120, 80, 7])
  })

  it("names the line and column of bad values", () => {
    const r = parseEmpiricalCsv("tokens\n120\n  -4\n5,6\n")
    expect(r.ok).toBe(false)
    if (!r.ok)
      expect(r.errors).toEqual([
        { row: 3, column: 3, message: 'expected a non-negative number, found "-4"' },
        { row: 4, column: 3, message: "expected one value per line, found 2" },
      ])
    const empty = parseEmpiricalCsv("tokens\n")
    expect(empty.ok).toBe(false)
  })
})
