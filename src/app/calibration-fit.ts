/**
 * Fitting a GPU's roofline efficiencies and overheads to a customer's benchmark rows, through the
 * real engine: each row becomes a one-replica scenario (closed loop at the measured concurrency,
 * Poisson at the measured rate, or a batch for an offline run), the candidate parameters are applied
 * as the scenario's `gpus:` override — exactly what a user would write — and the DES replays it.
 *
 * The fit is bounded least squares on relative error (mean of (predicted/measured − 1)² over every
 * measured value), minimized by a deterministic pattern search (compass search): fixed start (the
 * GPU's catalog defaults), fixed parameter order, steps halved on a fixed schedule. Parameters the
 * rows cannot move (sensitivity below {@link MIN_SENSITIVITY}) are held at their defaults and
 * listed as such, so nothing is extrapolated silently.
 */
import { Effect } from "effect"
import { findGpu } from "../domain/catalog/index.ts"
import type { GpuOverride } from "../domain/scenario/index.ts"
import type { Report } from "../report/types.ts"
import type { BenchmarkRow, Measured, Metric } from "./benchmark-rows.ts"
import { METRICS } from "./benchmark-rows.ts"
import { InvalidInput, type Diagnostic } from "./diagnostics.ts"
import { decodeScenarioText } from "./load-scenario.ts"
import { prepare, runPrepared } from "./run.ts"

export type ParamKey = "prefillCompute" | "decodeCompute" | "memory" | "interconnect" | "step" | "request" | "allReduceLatency"
export type Params = Readonly<Record<ParamKey, number>>

/**
 * Bounds of the search. Efficiencies: a share of the datasheet peak, so at most 1; 0.05 is far
 * below any engine in reference/calibration.md (0.45–0.8). Overheads: up to 20 ms a step (10× the
 * 1.5 ms of vLLM's Python scheduler in the Hopper calibration), 100 µs per sequence and 200 µs per
 * all-reduce (5–30× the catalog's figures) — room for slow stacks, not for nonsense.
 */
export const BOUNDS: Readonly<Record<ParamKey, readonly [number, number]>> = {
  prefillCompute: [0.05, 1],
  decodeCompute: [0.05, 1],
  memory: [0.05, 1],
  interconnect: [0.05, 1],
  step: [0, 20e-3],
  request: [0, 100e-6],
  allReduceLatency: [0, 200e-6],
}
export const PARAM_KEYS = Object.keys(BOUNDS) as ParamKey[]

/**
 * A parameter is fitted only if moving it by 10% (or 2% of its range when it is zero) changes
 * some prediction by at least 0.5% — i.e. it carries ≥ 5% of that measured time. Below that the
 * rows do not pin it, and it keeps its default (engineering threshold).
 */
export const MIN_SENSITIVITY = 0.005
/** Pattern search: first step 1/8 of each range, halved down to 1/2048 of it (≈ 0.05% for η). */
const FIRST_STEP = 1 / 8
const LAST_STEP = 1 / 2048

export const defaultsOf = (gpu: string): Params | undefined => {
  const g = findGpu(gpu)
  if (g === undefined) return undefined
  return {
    prefillCompute: g.efficiency.prefillCompute,
    decodeCompute: g.efficiency.decodeCompute,
    memory: g.efficiency.memory,
    interconnect: g.efficiency.interconnect,
    step: g.overheads.stepSeconds,
    request: g.overheads.requestSeconds,
    allReduceLatency: g.overheads.allReduceLatencySeconds,
  }
}

/** The `gpus.<name>` override that applies these parameters (what a calibration file holds). */
export const overrideOf = (p: Params): GpuOverride =>
  ({
    efficiency: { prefillCompute: p.prefillCompute, decodeCompute: p.decodeCompute, memory: p.memory, interconnect: p.interconnect },
    overheads: { step: p.step, request: p.request, allReduceLatency: p.allReduceLatency },
  }) as GpuOverride

/** The one-replica scenario that reproduces a benchmark row (as plain JSON, i.e. YAML input). */
export const replayScenario = (row: BenchmarkRow, p: Params | undefined): unknown => {
  const l = row.load
  const arrivals =
    l.kind === "concurrency"
      ? { pattern: "closed", concurrency: l.concurrency, requests: row.requests }
      : l.requestsPerSecond === Infinity
        ? { pattern: "batch", requests: row.requests }
        : { pattern: "poisson", rate: l.requestsPerSecond }
  // Open-loop rate: simulate as long as the benchmark sent requests; closed loop and batch end when done.
  const horizon = l.kind === "rate" && l.requestsPerSecond !== Infinity ? row.requests / l.requestsPerSecond : "30d"
  return {
    name: `calibrate: ${row.label}`,
    seed: 1,
    horizon,
    ...(p !== undefined ? { gpus: { [row.gpu]: overrideOf(p) } } : {}),
    pools: [{ name: "gpu", gpu: row.gpu, gpusPerNode: row.tensorParallel, nodes: 1, pricing: { kind: "on-demand", perGpuHour: 1 } }],
    inference: [
      {
        name: "bench",
        model: row.model,
        weights: row.precision,
        ...(row.kvCache !== undefined ? { kvCache: row.kvCache } : {}),
        replica: { tensorParallel: row.tensorParallel },
        replicas: 1,
        arrivals,
        promptTokens: { distribution: "fixed", value: row.promptTokens },
        outputTokens: { distribution: "fixed", value: row.outputTokens },
        engine: {
          ...(row.maxBatch !== undefined ? { maxBatch: row.maxBatch } : {}),
          ...(row.prefillChunk !== undefined ? { prefillChunk: row.prefillChunk } : {}),
          ...(row.memoryUtilization !== undefined ? { memoryUtilization: row.memoryUtilization } : {}),
        },
      },
    ],
  }
}

const rowDiagnostic = (row: BenchmarkRow, message: string): Diagnostic => {
  const m = /^(.*):(\d+)$/.exec(row.source)
  return { file: m?.[1] ?? row.source, line: Number(m?.[2] ?? 1), column: 1, path: "", message }
}

/** Replay one row through the DES with these parameters; what the engine predicts for the measured metrics. */
export const replayRow = (row: BenchmarkRow, p: Params | undefined): Effect.Effect<Measured, InvalidInput> =>
  Effect.gen(function* () {
    const decoded = decodeScenarioText(JSON.stringify(replayScenario(row, p)), row.source, process.cwd(), () => ({ kind: "missing" }))
    if (!decoded.ok) return yield* Effect.fail(new InvalidInput({ diagnostics: decoded.diagnostics.map((d) => rowDiagnostic(row, `${d.path}: ${d.message}`)) }))
    const loaded = { scenario: decoded.scenario, locate: decoded.locate, explicitPaths: decoded.explicitPaths, file: row.source, baseDir: process.cwd() }
    const prepared = yield* Effect.mapError(prepare(loaded), (e) => new InvalidInput({ diagnostics: e.diagnostics.map((d) => rowDiagnostic(row, `${d.path}: ${d.message}`)) }))
    const report: Report = yield* runPrepared(loaded, prepared, { engine: "des" })
    const w = report.inference[0]!
    if (w.requests.completed === 0) return yield* Effect.fail(new InvalidInput({ diagnostics: [rowDiagnostic(row, "the replay completed no request (does the model fit this GPU and tensor parallelism?)")] }))
    return { ttftSeconds: w.latency.ttft.mean, tpotSeconds: w.latency.tpot.mean, outputTokensPerSecond: w.throughput.outputTokensPerSecond }
  })

export const relativeError = (predicted: number, measured: number): number => predicted / measured - 1

/** Relative errors of one row's measured metrics (only those measured). */
export const rowErrors = (row: BenchmarkRow, predicted: Measured): Partial<Record<Metric, number>> => {
  const out: Partial<Record<Metric, number>> = {}
  for (const m of METRICS) {
    const y = row.measured[m], x = predicted[m]
    if (y !== undefined && x !== undefined) out[m] = relativeError(x, y)
  }
  return out
}

export interface Evaluation {
  readonly predicted: ReadonlyArray<Measured>
  readonly errors: ReadonlyArray<Partial<Record<Metric, number>>>
  /** Mean squared relative error over every measured value (the objective). */
  readonly mse: number
  /** Mean absolute relative error over every measured value (what is reported). */
  readonly mare: number
}

export const evaluate = (rows: ReadonlyArray<BenchmarkRow>, p: Params | undefined): Effect.Effect<Evaluation, InvalidInput> =>
  Effect.gen(function* () {
    const predicted: Measured[] = []
    for (const r of rows) predicted.push(yield* replayRow(r, p))
    const errors = rows.map((r, i) => rowErrors(r, predicted[i]!))
    const all = errors.flatMap((e) => Object.values(e) as number[])
    const mse = all.reduce((s, e) => s + e * e, 0) / all.length
    const mare = all.reduce((s, e) => s + Math.abs(e), 0) / all.length
    return { predicted, errors, mse, mare }
  })

export type HeldReason = "insensitive" | "no tensor parallelism" | "same as step"
export interface FitResult {
  readonly start: Params
  readonly fitted: Params
  readonly free: ReadonlyArray<ParamKey>
  readonly held: ReadonlyArray<{ readonly key: ParamKey; readonly reason: HeldReason }>
  readonly before: Evaluation
  readonly after: Evaluation
  readonly evaluations: number
  /** Linearized standard error of each fitted value (same unit as the value), when the rows allow one. */
  readonly standardErrors: Partial<Record<ParamKey, number>>
}

const clamp = (k: ParamKey, v: number) => Math.min(BOUNDS[k][1], Math.max(BOUNDS[k][0], v))
const span = (k: ParamKey) => BOUNDS[k][1] - BOUNDS[k][0]

/** Which parameters the rows move at all (see {@link MIN_SENSITIVITY}). */
export const sensitivity = (rows: ReadonlyArray<BenchmarkRow>, start: Params, base: Evaluation): Effect.Effect<Record<ParamKey, number>, InvalidInput> =>
  Effect.gen(function* () {
    const out = {} as Record<ParamKey, number>
    for (const k of PARAM_KEYS) {
      const v = start[k]
      const nudged = clamp(k, v === 0 ? 0.02 * span(k) : v * (v * 1.1 > BOUNDS[k][1] ? 0.9 : 1.1))
      const e = yield* evaluate(rows, { ...start, [k]: nudged })
      let worst = 0
      rows.forEach((r, i) => {
        for (const m of METRICS) {
          if (r.measured[m] === undefined) continue
          const a = base.predicted[i]![m]!, b = e.predicted[i]![m]!
          worst = Math.max(worst, Math.abs(b / a - 1))
        }
      })
      out[k] = worst
    }
    return out
  })

export interface FitPlan {
  readonly start: Params
  readonly before: Evaluation
  readonly free: ReadonlyArray<ParamKey>
  readonly held: ReadonlyArray<{ readonly key: ParamKey; readonly reason: HeldReason }>
  /** Measured values (row × metric) the fit sees. */
  readonly values: number
}

/** Replay at the start point and decide which parameters the rows can move. */
export const planFit = (rows: ReadonlyArray<BenchmarkRow>, start: Params): Effect.Effect<FitPlan, InvalidInput> =>
  Effect.gen(function* () {
    const before = yield* evaluate(rows, start)
    const sens = yield* sensitivity(rows, start, before)
    const anyTp = rows.some((r) => r.tensorParallel > 1)
    // With one model at one tensor-parallel degree, the all-reduce latency is a fixed cost per step
    // (2·L collectives) exactly like τ_step: fit τ_step, hold the latency.
    const oneSetup = new Set(rows.map((r) => `${r.model}/${r.tensorParallel}`)).size === 1
    const collinear = (k: ParamKey) => k === "allReduceLatency" && oneSetup && sens.step! >= MIN_SENSITIVITY
    const free = PARAM_KEYS.filter((k) => sens[k]! >= MIN_SENSITIVITY && !collinear(k))
    const held = PARAM_KEYS.filter((k) => !free.includes(k)).map((key) => ({
      key,
      reason: (!anyTp && (key === "interconnect" || key === "allReduceLatency") ? "no tensor parallelism" : collinear(key) ? "same as step" : "insensitive") as HeldReason,
    }))
    const values = before.errors.reduce((s, e) => s + Object.keys(e).length, 0)
    return { start, before, free, held, values }
  })

/** Bounded, deterministic search over the plan's free parameters. */
export const fit = (rows: ReadonlyArray<BenchmarkRow>, plan: FitPlan, onProgress?: (evaluations: number) => void): Effect.Effect<FitResult, InvalidInput> =>
  Effect.gen(function* () {
    const { start, before, free, held } = plan
    let evaluations = 1 + PARAM_KEYS.length
    const cache = new Map<string, Evaluation>()
    const at = (p: Params) =>
      Effect.gen(function* () {
        const key = PARAM_KEYS.map((k) => p[k].toPrecision(12)).join(",")
        const hit = cache.get(key)
        if (hit) return hit
        const e = yield* evaluate(rows, p)
        cache.set(key, e)
        evaluations++
        onProgress?.(evaluations)
        return e
      })
    let p: Record<ParamKey, number> = { ...start }
    let best = before
    // 1. Levenberg–Marquardt on the normalized free parameters (handles correlated ones, such as
    //    η_mem and τ_step in batch-1 decode); forward differences of 1/512 of each range.
    const residuals = (e: Evaluation): number[] => e.errors.flatMap((x) => METRICS.filter((m) => x[m] !== undefined).map((m) => x[m]!))
    let lambda = 1e-2
    for (let iter = 0; iter < 30 && free.length > 0; iter++) {
      const r0 = residuals(best)
      const J: number[][] = r0.map(() => [])
      for (const k of free) {
        const h = (p[k] + span(k) / 512 > BOUNDS[k][1] ? -1 : 1) * span(k) / 512
        const e = yield* at({ ...p, [k]: p[k] + h })
        const r1 = residuals(e)
        r0.forEach((_, j) => J[j]!.push((r1[j]! - r0[j]!) / (h / span(k))))
      }
      const n = free.length
      const A = free.map((_, a) => free.map((_, b) => r0.reduce((s, _r, j) => s + J[j]![a]! * J[j]![b]!, 0)))
      const g = free.map((_, a) => r0.reduce((s, r, j) => s + J[j]![a]! * r, 0))
      let improved = false
      for (let tries = 0; tries < 6; tries++) {
        const M = A.map((row, a) => row.map((v, b) => (a === b ? v + lambda * Math.max(v, 1e-12) : v)))
        const delta = solve(M, g.map((x) => -x))
        if (delta === undefined) { lambda *= 10; continue }
        const q = { ...p }
        free.forEach((k, a) => { q[k] = clamp(k, p[k] + delta[a]! * span(k)) })
        const e = yield* at(q)
        if (e.mse < best.mse * (1 - 1e-9)) {
          p = q
          best = e
          lambda = Math.max(lambda / 10, 1e-7)
          improved = true
          break
        }
        lambda *= 10
      }
      if (!improved || n === 0 || best.mse < 1e-12) break
    }
    // 2. Compass search from there: fixed order, steps halved on a fixed schedule (robust to the
    //    kinks of the roofline's max()).
    for (let step = FIRST_STEP / 16; step >= LAST_STEP; step /= 2) {
      for (let sweep = 0; sweep < 50; sweep++) {
        let moved = false
        for (const k of free) {
          for (const dir of [1, -1]) {
            const v = clamp(k, p[k] + dir * step * span(k))
            if (v === p[k]) continue
            const q = { ...p, [k]: v }
            const e = yield* at(q)
            if (e.mse < best.mse * (1 - 1e-9)) {
              p = q
              best = e
              moved = true
              break
            }
          }
        }
        if (!moved) break
      }
    }
    // 3. How firmly the rows pin each fitted value: the linearized standard error at the optimum,
    //    σ²·(JᵀJ)⁻¹ with σ² = residual sum of squares / (values − parameters); undefined without
    //    degrees of freedom or when JᵀJ is singular (parameters that trade against each other exactly).
    const standardErrors: Partial<Record<ParamKey, number>> = {}
    const r0 = residuals(best)
    if (free.length > 0 && r0.length > free.length) {
      const J: number[][] = r0.map(() => [])
      for (const k of free) {
        const h = ((p[k] + span(k) / 512 > BOUNDS[k][1] ? -1 : 1) * span(k)) / 512
        const r1 = residuals(yield* at({ ...p, [k]: p[k] + h }))
        r0.forEach((_, j) => J[j]!.push((r1[j]! - r0[j]!) / (h / span(k))))
      }
      const A = free.map((_, a) => free.map((_, b) => r0.reduce((s, _r, j) => s + J[j]![a]! * J[j]![b]!, 0)))
      const sigma2 = r0.reduce((s, r) => s + r * r, 0) / (r0.length - free.length)
      free.forEach((k, a) => {
        const col = solve(A, free.map((_, b) => (a === b ? 1 : 0)))
        const v = col?.[a]
        if (v !== undefined && Number.isFinite(v) && v >= 0) standardErrors[k] = Math.sqrt(sigma2 * v) * span(k)
      })
    }
    return { start, fitted: p, free, held, before, after: best, evaluations, standardErrors }
  })

/** Gaussian elimination with partial pivoting; undefined when singular. */
const solve = (M: number[][], b: number[]): number[] | undefined => {
  const n = b.length
  const A = M.map((row, i) => [...row, b[i]!])
  for (let c = 0; c < n; c++) {
    let piv = c
    for (let r = c + 1; r < n; r++) if (Math.abs(A[r]![c]!) > Math.abs(A[piv]![c]!)) piv = r
    if (Math.abs(A[piv]![c]!) < 1e-15) return undefined
    ;[A[c], A[piv]] = [A[piv]!, A[c]!]
    for (let r = 0; r < n; r++) {
      if (r === c) continue
      const f = A[r]![c]! / A[c]![c]!
      for (let k = c; k <= n; k++) A[r]![k]! -= f * A[c]![k]!
    }
  }
  return A.map((row, i) => row[n]! / row[i]!)
}
