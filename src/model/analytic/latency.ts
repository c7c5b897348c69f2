/**
 * Latency distributions of the analytic engine, written into the same log-bucket histograms the
 * discrete-event engine fills, so one report builder serves both engines. Per request:
 *
 *   queue = R + W           R: rest of the iteration in progress, uniform on [0, T] when the
 *                            replica is busy, 0 when idle; W: wait for a free batch slot or
 *                            prefill budget (or, overloaded, the backlog), see {@link WaitModel}
 *   TTFT  = queue + prefill(prompt)
 *   TPOT  = τ_d + Δ·m/(o − 1), m ~ Binomial(o − 1, f) mixed iterations among its o − 1 decode
 *           steps (normal approximation), Δ = τ_mixed − τ_d: short answers that catch another
 *           request's prefill see a higher TPOT
 *   e2e   = TTFT + (o − 1)·T
 *
 * The variables are taken as independent and combined on a deterministic product grid of their
 * strata (strata.ts); each grid point is added to the histogram with its probability as weight.
 * Batch-size fluctuations around the mean are not modelled (TPOT uses the mean batch).
 */
import { LogHistogram } from "../../sim/histogram.ts"
import type { ServingSlo } from "../serving/types.ts"
import type { LengthModel } from "./lengths.ts"
import { normalCdf, normalQuantile } from "./normal.ts"
import { COARSE_EDGES, FINE_EDGES, stratify, type Strata } from "./strata.ts"

/** Distribution of the wait for admission (seconds). */
export type WaitModel =
  /** Steady state: waits with `probability` (Erlang C), then exponentially with the given mean. */
  | { readonly kind: "queue"; readonly probability: number; readonly meanIfWaitingSeconds: number }
  /** Overload or a batch backlog: uniform between the bounds (a fluid queue served in order). */
  | { readonly kind: "uniform"; readonly lowSeconds: number; readonly highSeconds: number }

/** The q-quantile of a wait. */
export const waitQuantile = (w: WaitModel, q: number): number => {
  if (w.kind === "uniform") return w.lowSeconds + (w.highSeconds - w.lowSeconds) * q
  if (q <= 1 - w.probability || w.probability <= 0) return 0
  return -w.meanIfWaitingSeconds * Math.log((1 - q) / w.probability)
}

/** Mean of a wait. */
export const waitMean = (w: WaitModel): number =>
  w.kind === "uniform" ? (w.lowSeconds + w.highSeconds) / 2 : w.probability * w.meanIfWaitingSeconds

/** Everything the latency distributions are built from. */
export interface LatencyInputs {
  readonly wait: WaitModel
  /** Probability an arrival finds its replica mid-iteration. */
  readonly busyProbability: number
  /** Mean TPOT T, seconds (also the length of the iteration in progress). */
  readonly tpotSeconds: number
  readonly decodeStepSeconds: number
  readonly mixedStepSeconds: number
  /** Share f of iterations carrying prefill. */
  readonly prefillShare: number
  readonly prompt: LengthModel
  readonly output: LengthModel
  /** Admission → first token for a prompt of the given tokens. */
  readonly prefillSeconds: (promptTokens: number) => number
  readonly kvCapacityTokens: number
  readonly slo?: ServingSlo
  /**
   * Histogram weight of these requests, default 1: the share of a workload's requests they are when
   * several groups (the replicas of each GPU type) are merged into one distribution (analyze.ts).
   */
  readonly weight?: number
}

export interface LatencyEstimate {
  readonly ttft: LogHistogram
  readonly tpot: LogHistogram
  readonly e2e: LogHistogram
  readonly queue: LogHistogram
  /** Share of requests whose prompt + output can never fit one replica's KV cache. */
  readonly rejectedShare: number
  /** Share of all requests that are served and meet every SLO bound. */
  readonly sloShare: number
}

/** Histogram weight of probability 1 (weights are probabilities; the scale keeps ranks fine-grained). */
const BASE_WEIGHT_SCALE = 1e6

/** Strata of the rest of an iteration in progress: 0 when idle, else uniform on [0, T]. */
const RESIDUAL_EDGES: ReadonlyArray<number> = [0, 0.2, 0.4, 0.6, 0.8, 1]

/**
 * Strata of R + W: busy replicas leave the rest of an iteration, uniform on [0, T]. Without
 * `residualEdges` R is replaced by its mean (enough for e2e, where it is a rounding error).
 */
const delayStrata = (x: LatencyInputs, waitEdges: ReadonlyArray<number>, residualEdges?: ReadonlyArray<number>): Strata => {
  const busy = Math.min(1, Math.max(0, x.busyProbability))
  const residual = residualEdges
    ? stratify((q) => (q <= 1 - busy ? 0 : (x.tpotSeconds * (q - (1 - busy))) / busy), residualEdges)
    : { values: Float64Array.of((busy * x.tpotSeconds) / 2), weights: Float64Array.of(1) }
  const wait = stratify((q) => waitQuantile(x.wait, q), waitEdges)
  const n = residual.values.length * wait.values.length
  const values = new Float64Array(n)
  const weights = new Float64Array(n)
  let k = 0
  for (let i = 0; i < residual.values.length; i++)
    for (let j = 0; j < wait.values.length; j++, k++) {
      values[k] = residual.values[i]! + wait.values[j]!
      weights[k] = residual.weights[i]! * wait.weights[j]!
    }
  return { values, weights }
}

/** Standard deviation of one request's TPOT with `output` tokens. */
const tpotSpread = (x: LatencyInputs, output: number): number => {
  const f = x.prefillShare
  return output > 1 ? (x.mixedStepSeconds - x.decodeStepSeconds) * Math.sqrt((f * (1 - f)) / (output - 1)) : 0
}

/** Fill the four latency histograms and the SLO share from the analytic distributions. */
export const estimateLatency = (x: LatencyInputs): LatencyEstimate => {
  const WEIGHT_SCALE = BASE_WEIGHT_SCALE * (x.weight ?? 1)
  const ttft = new LogHistogram()
  const tpot = new LogHistogram()
  const e2e = new LogHistogram()
  const queue = new LogHistogram()
  const delay = delayStrata(x, FINE_EDGES, RESIDUAL_EDGES)
  for (let i = 0; i < delay.values.length; i++) queue.add(delay.values[i]!, delay.weights[i]! * WEIGHT_SCALE)

  const pf = x.prompt.fine
  for (let j = 0; j < pf.values.length; j++) {
    const prefill = x.prefillSeconds(pf.values[j]!)
    for (let i = 0; i < delay.values.length; i++) ttft.add(delay.values[i]! + prefill, delay.weights[i]! * pf.weights[j]! * WEIGHT_SCALE)
  }

  const z = stratify(normalQuantile, FINE_EDGES)
  const of = x.output.fine
  for (let j = 0; j < of.values.length; j++) {
    const o = of.values[j]!
    if (o <= 1) continue
    const sd = tpotSpread(x, o)
    for (let i = 0; i < z.values.length; i++)
      tpot.add(Math.max(x.decodeStepSeconds, x.tpotSeconds + sd * z.values[i]!), z.weights[i]! * of.weights[j]! * WEIGHT_SCALE)
  }

  // e2e and the joint SLO share on the coarse grid.
  const slo = x.slo ?? {}
  const ttftBound = slo.ttftSeconds ?? Infinity
  const tpotBound = slo.tpotSeconds ?? Infinity
  const e2eBound = slo.e2eSeconds ?? Infinity
  const dc = delayStrata(x, COARSE_EDGES)
  const pc = x.prompt.coarse
  const oc = x.output.coarse
  const prefillCoarse = Array.from(pc.values, (p) => x.prefillSeconds(p))
  const tpotOk = Array.from(oc.values, (o) => {
    if (o <= 1 || tpotBound === Infinity) return 1
    const sd = tpotSpread(x, o)
    return sd > 0 ? normalCdf((tpotBound - x.tpotSeconds) / sd) : x.tpotSeconds <= tpotBound ? 1 : 0
  })
  let rejected = 0
  let met = 0
  for (let j = 0; j < pc.values.length; j++) {
    const p = pc.values[j]!
    for (let k = 0; k < oc.values.length; k++) {
      const o = oc.values[k]!
      const w = pc.weights[j]! * oc.weights[k]!
      if (p + o > x.kvCapacityTokens) {
        rejected += w
        continue
      }
      const decode = (o - 1) * x.tpotSeconds
      for (let i = 0; i < dc.values.length; i++) {
        const first = dc.values[i]! + prefillCoarse[j]!
        const total = first + decode
        const wi = w * dc.weights[i]!
        e2e.add(total, wi * WEIGHT_SCALE)
        if (first <= ttftBound && total <= e2eBound) met += wi * tpotOk[k]!
      }
    }
  }
  return { ttft, tpot, e2e, queue, rejectedShare: rejected, sloShare: met }
}
