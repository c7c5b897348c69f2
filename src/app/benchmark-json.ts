/**
 * JSON benchmark results (pure: text in, rows or positioned problems out).
 *
 * - vLLM serving benchmark `--save-result` (benchmarks/benchmark_serving.py, `vllm bench serve`):
 *   top-level `num_prompts`, `request_rate` (a number or "inf"), `max_concurrency` (null or an int),
 *   then the metrics: `completed`, `total_input_tokens`, `total_output_tokens`, `output_throughput`
 *   (tok/s), `mean_ttft_ms`, `mean_tpot_ms`. Optional `--metadata KEY=VALUE` pairs land at the top
 *   level too: `gpu`, `tensor_parallel`, `precision` are read when present.
 * - NVIDIA genai-perf `profile_export_genai_perf.json` and AIPerf `profile_export_aiperf.json`: one
 *   object per metric with `unit` and `avg` — `time_to_first_token` (ms), `inter_token_latency` (ms;
 *   the mean gap between output tokens, i.e. TPOT), `output_token_throughput` (tokens/sec),
 *   `input_sequence_length`, `output_sequence_length`, `request_count`; the load in `input_config`
 *   (AIPerf: `input_config.loadgen.concurrency` / `request_rate`; genai-perf: `input_config.concurrency`
 *   / `request_rate`).
 *
 * What a JSON file does not say (the GPU, tensor parallelism, precision, the model's gpuplan name)
 * comes from the command line.
 */
import type { CsvError } from "../model/demand/trace.ts"
import { PRECISIONS, type BenchmarkLoad, type BenchmarkRow, type Precision, type RowsResult } from "./benchmark-rows.ts"

export interface JsonRowDefaults {
  readonly gpu: string
  readonly model: string
  readonly tensorParallel: number
  readonly precision: Precision
}

/** 1-based line and column of the first occurrence of `"key"` in the text (1:1 when absent). */
const positionOf = (text: string, key: string): { row: number; column: number } => {
  const i = text.indexOf(`"${key}"`)
  if (i < 0) return { row: 1, column: 1 }
  const before = text.slice(0, i)
  const row = before.split("\n").length
  return { row, column: i - before.lastIndexOf("\n") }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v)

/** Parse either JSON format (told apart by its keys). */
export const parseBenchmarkJson = (text: string, file: string, d: JsonRowDefaults): RowsResult => {
  let doc: unknown
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, ""))
  } catch (e) {
    const m = /position (\d+)/.exec(e instanceof Error ? e.message : "")
    const at = m ? Number(m[1]) : 0
    const before = text.slice(0, at)
    return { ok: false, errors: [{ row: before.split("\n").length, column: at - before.lastIndexOf("\n"), message: `not valid JSON: ${e instanceof Error ? e.message : String(e)}` }] }
  }
  if (d.model === "") return { ok: false, errors: [{ row: 1, column: 1, message: "a JSON benchmark does not name the model in gpuplan's terms: give --model (e.g. llama-3.1-70b)" }] }
  if (!isObject(doc)) return { ok: false, errors: [{ row: 1, column: 1, message: "expected a JSON object (vLLM --save-result, genai-perf or AIPerf profile export)" }] }
  if ("mean_ttft_ms" in doc || "output_throughput" in doc) return parseVllm(doc, text, file, d)
  if ("time_to_first_token" in doc || "output_token_throughput" in doc) return parseGenaiPerf(doc, text, file, d)
  return { ok: false, errors: [{ row: 1, column: 1, message: "unknown JSON benchmark: expected vLLM --save-result keys (mean_ttft_ms, output_throughput) or genai-perf/AIPerf metrics (time_to_first_token, output_token_throughput)" }] }
}

const metaPrecision = (v: unknown): Precision | undefined => (typeof v === "string" && (PRECISIONS as ReadonlyArray<string>).includes(v.toLowerCase()) ? (v.toLowerCase() as Precision) : undefined)

const parseVllm = (doc: Record<string, unknown>, text: string, file: string, d: JsonRowDefaults): RowsResult => {
  const errors: CsvError[] = []
  const num = (key: string, required: boolean, rule: "positive" | "positiveInt" = "positive"): number | undefined => {
    const v = doc[key]
    if (v === undefined || v === null) {
      if (required) errors.push({ ...positionOf(text, key), message: `${key}: missing` })
      return undefined
    }
    if (typeof v !== "number" || !Number.isFinite(v) || v <= 0 || (rule === "positiveInt" && !Number.isInteger(v))) {
      errors.push({ ...positionOf(text, key), message: `${key}: expected a positive ${rule === "positiveInt" ? "integer" : "number"}, found ${JSON.stringify(v)}` })
      return undefined
    }
    return v
  }
  const completed = num("completed", true, "positiveInt")
  const inTokens = num("total_input_tokens", true)
  const outTokens = num("total_output_tokens", true)
  const numPrompts = num("num_prompts", false, "positiveInt")
  const concurrency = num("max_concurrency", false, "positiveInt")
  const rateRaw = doc.request_rate
  let rate: number | undefined
  if (rateRaw === "inf" || rateRaw === undefined || rateRaw === null) rate = Infinity
  else if (typeof rateRaw === "number" && rateRaw > 0) rate = rateRaw
  else errors.push({ ...positionOf(text, "request_rate"), message: `request_rate: expected a positive number or "inf", found ${JSON.stringify(rateRaw)}` })
  const ttftMs = num("mean_ttft_ms", false)
  const tpotMs = num("mean_tpot_ms", false)
  const tokS = num("output_throughput", false)
  if (ttftMs === undefined && tpotMs === undefined && tokS === undefined && errors.length === 0)
    errors.push({ row: 1, column: 1, message: "no measurement: expected mean_ttft_ms, mean_tpot_ms or output_throughput" })
  const tpRaw = doc.tensor_parallel ?? doc.tensorParallel
  const tp = tpRaw === undefined ? d.tensorParallel : Number(tpRaw)
  if (!(Number.isInteger(tp) && tp > 0)) errors.push({ ...positionOf(text, doc.tensor_parallel !== undefined ? "tensor_parallel" : "tensorParallel"), message: `tensor_parallel: expected a positive integer, found ${JSON.stringify(tpRaw)}` })
  if (errors.length > 0) return { ok: false, errors }
  const load: BenchmarkLoad = concurrency !== undefined ? { kind: "concurrency", concurrency } : { kind: "rate", requestsPerSecond: rate! }
  const prompt = Math.max(1, Math.round(inTokens! / completed!))
  const output = Math.max(1, Math.round(outTokens! / completed!))
  const row: BenchmarkRow = {
    source: `${file}:1`,
    label: `vLLM ${load.kind === "concurrency" ? `c${concurrency}` : `rate ${rate}`} ${prompt}/${output}`,
    gpu: typeof doc.gpu === "string" ? doc.gpu : d.gpu,
    model: d.model,
    tensorParallel: tp,
    precision: metaPrecision(doc.precision) ?? d.precision,
    load,
    requests: numPrompts ?? completed!,
    promptTokens: prompt,
    outputTokens: output,
    measured: {
      ...(ttftMs !== undefined ? { ttftSeconds: ttftMs / 1e3 } : {}),
      ...(tpotMs !== undefined && output > 1 ? { tpotSeconds: tpotMs / 1e3 } : {}),
      ...(tokS !== undefined ? { outputTokensPerSecond: tokS } : {}),
    },
  }
  return { ok: true, rows: [row] }
}

/** Seconds per unit of a genai-perf/AIPerf latency. */
const TIME_UNITS: Readonly<Record<string, number>> = { ns: 1e-9, us: 1e-6, "µs": 1e-6, ms: 1e-3, s: 1, sec: 1 }

const parseGenaiPerf = (doc: Record<string, unknown>, text: string, file: string, d: JsonRowDefaults): RowsResult => {
  const errors: CsvError[] = []
  const metric = (key: string, kind: "time" | "plain", required: boolean): number | undefined => {
    const m = doc[key]
    if (m === undefined || m === null) {
      if (required) errors.push({ row: 1, column: 1, message: `${key}: missing` })
      return undefined
    }
    const avg = isObject(m) ? m.avg : undefined
    if (typeof avg !== "number" || !Number.isFinite(avg) || avg <= 0) {
      errors.push({ ...positionOf(text, key), message: `${key}.avg: expected a positive number, found ${JSON.stringify(avg)}` })
      return undefined
    }
    if (kind === "plain") return avg
    const unit = isObject(m) && typeof m.unit === "string" ? m.unit : "ms"
    const scale = TIME_UNITS[unit]
    if (scale === undefined) {
      errors.push({ ...positionOf(text, key), message: `${key}.unit: expected one of ${Object.keys(TIME_UNITS).join(", ")}, found ${JSON.stringify(unit)}` })
      return undefined
    }
    return avg * scale
  }
  const ttft = metric("time_to_first_token", "time", false)
  const itl = metric("inter_token_latency", "time", false)
  const tokS = metric("output_token_throughput", "plain", false)
  const isl = metric("input_sequence_length", "plain", true)
  const osl = metric("output_sequence_length", "plain", true)
  const count = metric("request_count", "plain", false)
  const config = isObject(doc.input_config) ? doc.input_config : {}
  const loadgen = isObject(config.loadgen) ? config.loadgen : config
  const c = loadgen.concurrency, r = loadgen.request_rate
  let load: BenchmarkLoad | undefined
  if (typeof r === "number" && r > 0) load = { kind: "rate", requestsPerSecond: r }
  else if (typeof c === "number" && Number.isInteger(c) && c > 0) load = { kind: "concurrency", concurrency: c }
  else errors.push({ ...positionOf(text, "input_config"), message: "input_config: no concurrency or request_rate (how the benchmark loaded the server)" })
  if (ttft === undefined && itl === undefined && tokS === undefined && errors.length === 0)
    errors.push({ row: 1, column: 1, message: "no measurement: expected time_to_first_token, inter_token_latency or output_token_throughput" })
  if (errors.length > 0) return { ok: false, errors }
  const prompt = Math.max(1, Math.round(isl!))
  const output = Math.max(1, Math.round(osl!))
  const requests = count !== undefined ? Math.round(count) : load!.kind === "concurrency" ? Math.max(50, 10 * load!.concurrency) : 200
  return {
    ok: true,
    rows: [
      {
        source: `${file}:1`,
        label: `genai-perf ${load!.kind === "concurrency" ? `c${load!.concurrency}` : `rate ${load!.requestsPerSecond}`} ${prompt}/${output}`,
        gpu: d.gpu,
        model: d.model,
        tensorParallel: d.tensorParallel,
        precision: d.precision,
        load: load!,
        requests,
        promptTokens: prompt,
        outputTokens: output,
        measured: {
          ...(ttft !== undefined ? { ttftSeconds: ttft } : {}),
          ...(itl !== undefined && output > 1 ? { tpotSeconds: itl } : {}),
          ...(tokS !== undefined ? { outputTokensPerSecond: tokS } : {}),
        },
      },
    ],
  }
}
