/**
 * `gpuplan sweep`: a grid of scenario variants, each run and summarized as one JSON line.
 *
 * ```
 * gpuplan sweep base.yaml --vary pools[0].nodes=2,4,8 --vary inference[0].arrivals.rate=10/s,20/s --workers 2
 * {"index":0,"of":6,"vary":{"pools[0].nodes":2,"inference[0].arrivals.rate":"10/s"},"ok":true,"summary":{…}}
 * ```
 *
 * The grid is the cartesian product of the `--vary` lists, the last one varying fastest; point `i`
 * is the same variant however the grid is split. A line depends only on the base text and its
 * point (no clock, no worker id), lines are written in index order, so the output is byte-identical
 * whatever the number of workers; `--shard i/n` runs the points with `index % n === i`, and
 * `mergeSweepLines` puts shards back together (checking every index is there exactly once).
 */
import { Effect, Exit } from "effect"
import { parse as parseYamlValue, parseDocument } from "yaml"
import type { Report } from "../report/types.ts"
import { InvalidInput, formatDiagnostic } from "./diagnostics.ts"
import { runScenario } from "./run.ts"
import { loadScenarioText } from "./what-if.ts"

export interface Vary {
  /** As written: `pools[0].nodes`. */
  readonly label: string
  readonly path: ReadonlyArray<string | number>
  readonly values: ReadonlyArray<unknown>
}

export interface SweepPoint {
  readonly index: number
  /** label → value, in `--vary` order. */
  readonly vary: ReadonlyArray<readonly [string, unknown]>
}

export interface SweepRunOptions {
  readonly engine: "des" | "analytic"
  readonly horizonSeconds?: number
  readonly replications?: number
}

/** `pools[0].nodes=2,4,8` → the path and the values (each read as a YAML scalar: `2` a number, `20/s` text). */
export const parseVary = (spec: string): Vary | string => {
  const eq = spec.indexOf("=")
  if (eq <= 0) return `--vary expects path=v1,v2,… (e.g. pools[0].nodes=2,4,8), found ${JSON.stringify(spec)}`
  const label = spec.slice(0, eq).trim()
  const path: Array<string | number> = []
  for (const part of label.split(".")) {
    const m = /^([A-Za-z_][\w-]*)?((?:\[\d+\])*)$/.exec(part)
    if (m === null) return `--vary: cannot read the path ${JSON.stringify(label)} (write it like inference[0].arrivals.rate)`
    if (m[1] !== undefined) path.push(/^\d+$/.test(m[1]) ? Number(m[1]) : m[1])
    for (const idx of m[2]!.matchAll(/\[(\d+)\]/g)) path.push(Number(idx[1]))
  }
  const raw = spec.slice(eq + 1).split(",").map((v) => v.trim())
  if (path.length === 0 || raw.some((v) => v === "")) return `--vary: expected a path and non-empty values, found ${JSON.stringify(spec)}`
  return { label, path, values: raw.map((v) => parseYamlValue(v) as unknown) }
}

/** Every point of the grid, the last `--vary` varying fastest. */
export const sweepPoints = (varies: ReadonlyArray<Vary>): SweepPoint[] => {
  const total = varies.reduce((n, v) => n * v.values.length, 1)
  const out: SweepPoint[] = []
  for (let index = 0; index < total; index++) {
    let rest = index
    const vary: Array<readonly [string, unknown]> = new Array(varies.length)
    for (let k = varies.length - 1; k >= 0; k--) {
      const v = varies[k]!
      vary[k] = [v.label, v.values[rest % v.values.length]]
      rest = Math.floor(rest / v.values.length)
    }
    out.push({ index, vary })
  }
  return out
}

/** The points of shard `shard` of `shards` (round-robin, so every shard gets a mix of the grid). */
export const shardPoints = (points: ReadonlyArray<SweepPoint>, shard: number, shards: number): SweepPoint[] => points.filter((p) => p.index % shards === shard)

/** `2/8` → { shard: 2, shards: 8 }; an error message otherwise. */
export const parseShard = (text: string): { shard: number; shards: number } | string => {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim())
  const shard = Number(m?.[1])
  const shards = Number(m?.[2])
  if (m === null || !(shards >= 1) || !(shard < shards)) return `--shard expects i/n with 0 ≤ i < n (e.g. 0/4), found ${JSON.stringify(text)}`
  return { shard, shards }
}

/** The base text with one point's values set (the document is edited; keys that are missing are added). */
export const applyPoint = (text: string, varies: ReadonlyArray<Vary>, point: SweepPoint): string => {
  const doc = parseDocument(text)
  varies.forEach((v, k) => {
    for (let d = 1; d < v.path.length; d++) if (doc.getIn(v.path.slice(0, d)) === undefined) doc.setIn(v.path.slice(0, d), doc.createNode({}))
    doc.setIn(v.path, point.vary[k]![1])
  })
  return doc.toString({ lineWidth: 0 })
}

/** The headline numbers of a report, as a sweep line carries them. */
export const summarize = (r: Report) => ({
  name: r.scenario.name,
  seed: r.scenario.seed,
  horizonSeconds: r.scenario.horizonSeconds,
  engine: r.scenario.engine,
  cost: r.cost === null ? null : { total: r.cost.total, idle: r.cost.idle, perMillionOutputTokens: r.cost.perMillionOutputTokens, perMillionTokens: r.cost.perMillionTokens },
  quote: r.quote === null ? null : { perGpuHour: r.quote.perGpuHour, perMillionInputTokens: r.quote.perMillionInputTokens, perMillionOutputTokens: r.quote.perMillionOutputTokens, monthly: r.quote.monthly },
  inference: r.inference.map((w) => ({
    name: w.name,
    gpu: w.gpu,
    tensorParallel: w.tensorParallel,
    completed: w.requests.completed,
    requestsPerSecond: w.throughput.requestsPerSecond,
    ttftP99: w.latency.ttft.p99,
    tpotP99: w.latency.tpot.p99,
    sloAttainment: w.slo.attainment,
    sloMet: w.slo.met,
    replicasMean: w.replicas.mean,
  })),
  pools: r.pools.map((p) => ({ name: p.name, gpu: p.gpu, gpuHoursProvisioned: p.gpuHoursProvisioned, utilization: p.utilization, cost: p.cost })),
})

/** Run one point; the JSON line (no newline). Invalid variants are a line with `ok: false` and the problems. */
export const runPoint = async (text: string, file: string, varies: ReadonlyArray<Vary>, point: SweepPoint, total: number, opts: SweepRunOptions): Promise<string> => {
  const head = { index: point.index, of: total, vary: Object.fromEntries(point.vary) }
  let variant: string
  try {
    variant = applyPoint(text, varies, point)
  } catch (e) {
    // e.g. `pools[0].nodes.max` where nodes is a number: the path does not exist in this document.
    return JSON.stringify({ ...head, ok: false, problems: [`cannot set ${point.vary.map(([k]) => k).join(", ")}: ${e instanceof Error ? e.message : String(e)}`] })
  }
  const l = loadScenarioText(variant, file)
  if (!l.ok) return JSON.stringify({ ...head, ok: false, problems: l.diagnostics.map(formatDiagnostic) })
  const exit = await Effect.runPromiseExit(
    runScenario(l.loaded, {
      engine: opts.engine,
      ...(opts.horizonSeconds !== undefined ? { horizonSeconds: opts.horizonSeconds } : {}),
      ...(opts.replications !== undefined ? { replications: opts.replications } : {}),
    }),
  )
  if (Exit.isSuccess(exit)) return JSON.stringify({ ...head, ok: true, summary: summarize(exit.value) })
  const failure = exit.cause.reasons.find((r) => r._tag === "Fail")
  const error = failure?._tag === "Fail" ? failure.error : undefined
  return JSON.stringify({ ...head, ok: false, problems: error instanceof InvalidInput ? error.diagnostics.map(formatDiagnostic) : [String(exit.cause)] })
}

/**
 * Shard outputs (JSON Lines) → the unsharded output: lines sorted by index, each index 0 … of−1
 * exactly once. Lines are kept byte for byte.
 */
export const mergeSweepLines = (contents: ReadonlyArray<{ readonly file: string; readonly text: string }>): { ok: true; text: string } | { ok: false; problems: string[] } => {
  const byIndex = new Map<number, string>()
  const problems: string[] = []
  let total: number | undefined
  for (const { file, text } of contents) {
    text.split("\n").forEach((line, i) => {
      if (line.trim() === "") return
      let parsed: { index?: unknown; of?: unknown }
      try {
        parsed = JSON.parse(line) as { index?: unknown; of?: unknown }
      } catch {
        problems.push(`${file}:${i + 1}: not a JSON line of a gpuplan sweep`)
        return
      }
      if (typeof parsed.index !== "number" || typeof parsed.of !== "number") return void problems.push(`${file}:${i + 1}: a sweep line needs "index" and "of"`)
      if (total !== undefined && parsed.of !== total) return void problems.push(`${file}:${i + 1}: from a sweep of ${parsed.of} points, others are of ${total}`)
      total = parsed.of
      if (byIndex.has(parsed.index)) return void problems.push(`${file}:${i + 1}: point ${parsed.index} appears twice`)
      byIndex.set(parsed.index, line)
    })
  }
  if (total === undefined && problems.length === 0) problems.push("no sweep lines to merge")
  const missing: number[] = []
  for (let k = 0; k < (total ?? 0); k++) if (!byIndex.has(k)) missing.push(k)
  if (missing.length > 0) problems.push(`missing ${missing.length} of ${total} points (${missing.slice(0, 10).join(", ")}${missing.length > 10 ? ", …" : ""}): a shard is missing or incomplete`)
  if (problems.length > 0) return { ok: false, problems }
  return { ok: true, text: [...byIndex.entries()].sort((a, b) => a[0] - b[0]).map(([, l]) => l + "\n").join("") }
}
