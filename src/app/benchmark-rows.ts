/**
 * Benchmark results a customer already produces, as rows `gpuplan calibrate` can replay: one
 * measured operating point (GPU, model, parallelism, precision, load, lengths) and what was
 * measured there (mean TTFT, mean TPOT, output tokens per second). Parsers are pure (text in,
 * rows or `file:row:column` problems out); reading files is the caller's business.
 *
 * Formats:
 * - CSV (our own): `gpu,model,tensorParallel,precision,concurrency|rate,promptTokens,outputTokens,
 *   ttftSeconds,tpotSeconds,outputTokensPerSecond`, plus optional `requests`, `kvCache`, `maxBatch`,
 *   `prefillChunk`, `memoryUtilization`, `label`. A measured column may be empty; each row needs at
 *   least one. `rate` may be `inf` (every request submitted at once, as an offline benchmark).
 * - vLLM `benchmark_serving.py --save-result` / `vllm bench serve --save-result` JSON (see
 *   `benchmark-json.ts`) and genai-perf / AIPerf `profile_export` JSON.
 */
import type { CsvError } from "../model/demand/trace.ts"

export type Precision = "bf16" | "fp16" | "fp8" | "int8" | "int4"
export const PRECISIONS: ReadonlyArray<Precision> = ["bf16", "fp16", "fp8", "int8", "int4"]

/** How the benchmark loaded the server: a fixed number of clients, or an open arrival rate. */
export type BenchmarkLoad =
  | { readonly kind: "concurrency"; readonly concurrency: number }
  | { readonly kind: "rate"; readonly requestsPerSecond: number } // Infinity: all submitted at once

export interface BenchmarkRow {
  /** `file:line` of the row, for messages and the calibration file. */
  readonly source: string
  readonly label: string
  readonly gpu: string
  readonly model: string
  readonly tensorParallel: number
  readonly precision: Precision
  readonly kvCache?: Precision
  readonly load: BenchmarkLoad
  /** Requests the benchmark sent (the replay sends as many). */
  readonly requests: number
  readonly promptTokens: number
  readonly outputTokens: number
  readonly maxBatch?: number
  readonly prefillChunk?: number
  readonly memoryUtilization?: number
  readonly measured: Measured
}

export interface Measured {
  readonly ttftSeconds?: number
  readonly tpotSeconds?: number
  readonly outputTokensPerSecond?: number
}
export const METRICS = ["ttftSeconds", "tpotSeconds", "outputTokensPerSecond"] as const
export type Metric = (typeof METRICS)[number]

export type RowsResult = { readonly ok: true; readonly rows: BenchmarkRow[] } | { readonly ok: false; readonly errors: CsvError[] }

/**
 * Requests to replay when a file does not say: ten per client (at least 50) — enough for the
 * closed loop to pass its ramp-up, few enough to replay in milliseconds (engineering choice).
 */
export const defaultRequests = (load: BenchmarkLoad): number =>
  load.kind === "concurrency" ? Math.max(50, 10 * load.concurrency) : 200

const REQUIRED = ["gpu", "model", "tensorParallel", "precision", "promptTokens", "outputTokens"] as const
const OPTIONAL = ["concurrency", "rate", "requests", "kvCache", "maxBatch", "prefillChunk", "memoryUtilization", "label", ...METRICS] as const
const KNOWN: ReadonlySet<string> = new Set([...REQUIRED, ...OPTIONAL])

/** Split one CSV line (RFC 4180 quotes) into cells with their 1-based start columns. */
const splitLine = (line: string): Array<{ text: string; column: number }> => {
  const cells: Array<{ text: string; column: number }> = []
  let i = 0
  while (i <= line.length) {
    const column = i + 1
    let text = ""
    if (line[i] === '"') {
      i++
      while (i < line.length) {
        if (line[i] === '"' && line[i + 1] === '"') { text += '"'; i += 2 }
        else if (line[i] === '"') { i++; break }
        else text += line[i++]
      }
      while (i < line.length && line[i] !== ",") i++
    } else {
      const end = line.indexOf(",", i)
      text = line.slice(i, end < 0 ? line.length : end)
      i = end < 0 ? line.length : end
    }
    cells.push({ text: text.trim(), column })
    i++
  }
  return cells
}

/** Parse a benchmark CSV. Every problem is reported (row = 1-based line, column = character). */
export const parseBenchmarkCsv = (text: string, file: string): RowsResult => {
  const errors: CsvError[] = []
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/)
  const headerIndex = lines.findIndex((l) => l.trim() !== "" && !l.trimStart().startsWith("#"))
  if (headerIndex < 0) return { ok: false, errors: [{ row: 1, column: 1, message: "empty file: expected a header line (gpu,model,tensorParallel,precision,concurrency,promptTokens,outputTokens,ttftSeconds,tpotSeconds,outputTokensPerSecond)" }] }
  const header = splitLine(lines[headerIndex]!)
  const col = new Map<string, number>()
  header.forEach((h, k) => {
    if (!KNOWN.has(h.text)) errors.push({ row: headerIndex + 1, column: h.column, message: `unknown column "${h.text}"; expected ${[...REQUIRED, ...OPTIONAL].join(", ")}` })
    else if (col.has(h.text)) errors.push({ row: headerIndex + 1, column: h.column, message: `column "${h.text}" appears twice` })
    else col.set(h.text, k)
  })
  for (const r of REQUIRED) if (!col.has(r)) errors.push({ row: headerIndex + 1, column: 1, message: `missing column "${r}"` })
  if (!col.has("concurrency") && !col.has("rate")) errors.push({ row: headerIndex + 1, column: 1, message: `missing column "concurrency" or "rate" (how the benchmark loaded the server)` })
  if (!METRICS.some((m) => col.has(m))) errors.push({ row: headerIndex + 1, column: 1, message: `no measured column: expected at least one of ${METRICS.join(", ")}` })
  if (errors.length > 0) return { ok: false, errors }

  const rows: BenchmarkRow[] = []
  for (let li = headerIndex + 1; li < lines.length; li++) {
    const line = lines[li]!
    if (line.trim() === "" || line.trimStart().startsWith("#")) continue
    const cells = splitLine(line)
    const rowNo = li + 1
    const before = errors.length
    if (cells.length !== header.length) {
      errors.push({ row: rowNo, column: 1, message: `${cells.length} cells, the header has ${header.length}` })
      continue
    }
    const cell = (name: string) => {
      const k = col.get(name)
      return k === undefined ? undefined : cells[k]
    }
    const text = (name: string): string | undefined => {
      const c = cell(name)
      return c === undefined || c.text === "" ? undefined : c.text
    }
    const num = (name: string, rule: "positive" | "positiveInt" | "fraction" | "nonNegative", required: boolean, allowInf = false): number | undefined => {
      const c = cell(name)
      if (c === undefined || c.text === "") {
        if (required) errors.push({ row: rowNo, column: c?.column ?? 1, message: `${name}: missing value` })
        return undefined
      }
      const v = allowInf && /^(inf|infinity)$/i.test(c.text) ? Infinity : Number(c.text)
      const ok =
        !Number.isNaN(v) && (v !== Infinity || allowInf) &&
        (rule === "positive" ? v > 0 : rule === "positiveInt" ? Number.isInteger(v) && v > 0 : rule === "fraction" ? v > 0 && v <= 1 : v >= 0) &&
        (v === Infinity || Number.isFinite(v))
      if (!ok) {
        const want = rule === "positive" ? "a positive number" : rule === "positiveInt" ? "a positive integer" : rule === "fraction" ? "a fraction in (0, 1]" : "a number ≥ 0"
        errors.push({ row: rowNo, column: c.column, message: `${name}: expected ${want}${allowInf ? " or inf" : ""}, found ${JSON.stringify(c.text)}` })
        return undefined
      }
      return v
    }
    const precision = (name: string, required: boolean): Precision | undefined => {
      const c = cell(name)
      if (c === undefined || c.text === "") {
        if (required) errors.push({ row: rowNo, column: c?.column ?? 1, message: `${name}: missing value` })
        return undefined
      }
      const p = c.text.toLowerCase()
      if ((PRECISIONS as ReadonlyArray<string>).includes(p)) return p as Precision
      errors.push({ row: rowNo, column: c.column, message: `${name}: expected one of ${PRECISIONS.join(", ")}, found ${JSON.stringify(c.text)}` })
      return undefined
    }
    const gpu = text("gpu"), model = text("model")
    if (gpu === undefined) errors.push({ row: rowNo, column: cell("gpu")!.column, message: "gpu: missing value" })
    if (model === undefined) errors.push({ row: rowNo, column: cell("model")!.column, message: "model: missing value" })
    const tp = num("tensorParallel", "positiveInt", true)
    const prec = precision("precision", true)
    const kv = precision("kvCache", false)
    const concurrency = num("concurrency", "positiveInt", false)
    const rate = num("rate", "positive", false, true)
    if ((concurrency === undefined) === (rate === undefined) && errors.length === before)
      errors.push({ row: rowNo, column: (cell("concurrency") ?? cell("rate"))!.column, message: "give exactly one of concurrency and rate" })
    const requests = num("requests", "positiveInt", false)
    const prompt = num("promptTokens", "positiveInt", true)
    const output = num("outputTokens", "positiveInt", true)
    const maxBatch = num("maxBatch", "positiveInt", false)
    const prefillChunk = num("prefillChunk", "positiveInt", false)
    const memoryUtilization = num("memoryUtilization", "fraction", false)
    const measured: Record<string, number> = {}
    for (const m of METRICS) {
      const v = num(m, "positive", false)
      if (v !== undefined) measured[m] = v
    }
    if (Object.keys(measured).length === 0 && errors.length === before)
      errors.push({ row: rowNo, column: 1, message: `no measurement: give at least one of ${METRICS.join(", ")}` })
    if (output === 1 && measured.tpotSeconds !== undefined)
      errors.push({ row: rowNo, column: cell("tpotSeconds")!.column, message: "tpotSeconds: undefined for 1 output token" })
    if (errors.length > before) continue
    const load: BenchmarkLoad = concurrency !== undefined ? { kind: "concurrency", concurrency } : { kind: "rate", requestsPerSecond: rate! }
    rows.push({
      source: `${file}:${rowNo}`,
      label: text("label") ?? `${gpu} ${model} TP${tp} ${prec} ${load.kind === "concurrency" ? `c${concurrency}` : `r${rate}`} ${prompt}/${output}`,
      gpu: gpu!,
      model: model!,
      tensorParallel: tp!,
      precision: prec!,
      ...(kv !== undefined ? { kvCache: kv } : {}),
      load,
      requests: requests ?? defaultRequests(load),
      promptTokens: prompt!,
      outputTokens: output!,
      ...(maxBatch !== undefined ? { maxBatch } : {}),
      ...(prefillChunk !== undefined ? { prefillChunk } : {}),
      ...(memoryUtilization !== undefined ? { memoryUtilization } : {}),
      measured,
    })
  }
  if (errors.length > 0) return { ok: false, errors }
  if (rows.length === 0) return { ok: false, errors: [{ row: headerIndex + 2, column: 1, message: "no data rows after the header" }] }
  return { ok: true, rows }
}
