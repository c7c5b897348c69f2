/**
 * Steady state of one replica under continuous batching with chunked prefill, from the same
 * `ReplicaTiming` the discrete-event replica uses. Unknown: the mean time per output token T.
 *
 * Given T, with λ the replica's arrival rate, P̄ and Ō the mean prompt and output lengths, and
 * k̄ = E[⌈prompt/chunk⌉] the prefill iterations per request:
 * - decoding sequences (Little's law, each spends Ō − 1 decode iterations): B = λ·(Ō − 1)·T;
 *   a decoding request shares its iterations with the others, B_seen = min(maxBatch, B + 1)
 *   (size-biased: a request sees itself plus the time-average population of the others);
 * - KV context of that batch: C = B_seen·(P̄ + Ō/2) (the average sequence is half decoded);
 * - prefill tokens arriving per iteration: y = λ·P̄·T. Prefills arrive as chunks of s̄ = P̄/k̄
 *   tokens; while y ≤ s̄ a share f = y/s̄ of iterations carries one chunk of s̄ tokens, beyond that
 *   every iteration carries y tokens (coalesced chunks, f = 1); y must stay ≤ prefillChunk;
 * - T' = (1 − f)·step(0, B_seen, C) + f·step(x, B_seen, C), x the prefill tokens of a mixed
 *   iteration (s̄ or y).
 * The steady state is the smallest T with T' = T (the fixed-point iteration from T = 0 converges to
 * it), found by bisection. T' is convex in T (a max of affine roofline terms of B ∝ T), so
 * g(T) = T' − T is convex with g(0) > 0: a root below the largest admissible T (B at the batch
 * limit min(maxBatch, kvCapacity/(P̄ + Ō/2)), or y at the chunk size) exists iff the minimum of g
 * on that interval is ≤ 0, found by ternary search when g is positive at the bound. Otherwise the
 * replica is overloaded and the binding limit is reported.
 */
import type { ReplicaTiming } from "../../perf/replica-timing.ts"

/** What the replica is and what it is asked to do (means; tokens, requests per second). */
export interface ReplicaLoad {
  readonly timing: ReplicaTiming
  readonly maxBatch: number
  readonly prefillChunk: number
  readonly meanPromptTokens: number
  readonly meanOutputTokens: number
  /** E[⌈prompt / prefillChunk⌉] over the prompt distribution. */
  readonly meanPrefillIterations: number
}

/** Which limit stops a replica from keeping up. */
export type CapacityLimit = "batch" | "kv-cache" | "prefill"

/** The solved steady state of one replica at one arrival rate. */
export interface ReplicaSteadyState {
  readonly arrivalRatePerSecond: number
  /** False when the arrival rate exceeds what the replica can serve. */
  readonly stable: boolean
  /** The binding limit (the one reached at the largest admissible T). */
  readonly limit: CapacityLimit
  /** Mean time per output token, seconds (at the admissible bound when unstable). */
  readonly tpotSeconds: number
  /** Time-average decoding sequences. */
  readonly decodeBatch: number
  /** Most decoding sequences the replica can hold: min(maxBatch, kvCapacity/(P̄ + Ō/2)). */
  readonly batchLimit: number
  /** Share of iterations that carry prefill tokens. */
  readonly prefillShare: number
  /** Prefill tokens of a mixed iteration. */
  readonly mixedPrefillTokens: number
  /** Pure decode step seen by a decoding request, seconds. */
  readonly decodeStepSeconds: number
  /** Mixed (prefill + decode) step, seconds. */
  readonly mixedStepSeconds: number
  /** Prompt tokens of other requests coalesced into each of a request's own prefill iterations. */
  readonly coalescedPrefillTokens: number
  /** Mean KV tokens of one decoding sequence, P̄ + Ō/2. */
  readonly contextPerSequenceTokens: number
}

interface Evaluation {
  readonly next: number
  readonly batch: number
  readonly share: number
  readonly prefillTokens: number
  readonly decodeStep: number
  readonly mixedStep: number
}

const evaluate = (l: ReplicaLoad, rate: number, tpot: number): Evaluation => {
  const decodeSteps = Math.max(0, l.meanOutputTokens - 1)
  const batch = rate * decodeSteps * tpot
  const seen = Math.min(l.maxBatch, batch + 1)
  const context = seen * (l.meanPromptTokens + l.meanOutputTokens / 2)
  const chunk = l.meanPromptTokens / l.meanPrefillIterations
  const perIteration = rate * l.meanPromptTokens * tpot
  const share = perIteration <= chunk ? perIteration / chunk : 1
  const prefillTokens = perIteration <= chunk ? chunk : perIteration
  const decodeStep = l.timing.iterationSeconds(0, seen, context)
  const mixedStep = l.timing.iterationSeconds(prefillTokens, seen, context)
  return { next: (1 - share) * decodeStep + share * mixedStep, batch, share, prefillTokens, decodeStep, mixedStep }
}

const batchLimitOf = (l: ReplicaLoad): number =>
  Math.min(l.maxBatch, l.timing.kvCapacityTokens / (l.meanPromptTokens + l.meanOutputTokens / 2))

/** The largest admissible T at `rate` and the limit that sets it. */
const bound = (l: ReplicaLoad, rate: number): { tpot: number; limit: CapacityLimit } => {
  const decodeSteps = Math.max(0, l.meanOutputTokens - 1)
  const batchLimit = batchLimitOf(l)
  const byBatch = decodeSteps > 0 ? batchLimit / (rate * decodeSteps) : Infinity
  const byPrefill = l.prefillChunk / (rate * l.meanPromptTokens)
  const batchKind: CapacityLimit = batchLimit < l.maxBatch ? "kv-cache" : "batch"
  return byBatch <= byPrefill ? { tpot: byBatch, limit: batchKind } : { tpot: byPrefill, limit: "prefill" }
}

/**
 * A T in [0, bound] with T' ≤ T (the bound itself if it qualifies, else the minimiser of the
 * convex g by ternary search), or undefined when there is none.
 */
const admissiblePoint = (l: ReplicaLoad, rate: number, boundTpot: number): number | undefined => {
  if (evaluate(l, rate, boundTpot).next <= boundTpot) return boundTpot
  let lo = 0
  let hi = boundTpot
  for (let i = 0; i < 60 && hi - lo > 1e-9 * boundTpot; i++) {
    const a = lo + (hi - lo) / 3
    const b = hi - (hi - lo) / 3
    if (evaluate(l, rate, a).next - a <= 0) return a
    if (evaluate(l, rate, a).next - a < evaluate(l, rate, b).next - b) hi = b
    else lo = a
  }
  const t = (lo + hi) / 2
  return evaluate(l, rate, t).next <= t ? t : undefined
}

/** True when a replica keeps up with `rate` requests per second. */
export const isStable = (l: ReplicaLoad, rate: number): boolean => {
  if (!(rate > 0)) return true
  return admissiblePoint(l, rate, bound(l, rate).tpot) !== undefined
}

/**
 * Steady state of a replica at `rate` requests per second. When unstable, the quantities are those
 * at the admissible bound (the replica saturated at its limit).
 *
 * @example solveReplica(load, 2).tpotSeconds // mean TPOT at 2 req/s
 */
export const solveReplica = (l: ReplicaLoad, rate: number): ReplicaSteadyState => {
  const batchLimit = batchLimitOf(l)
  const make = (stable: boolean, limit: CapacityLimit, tpot: number, e: Evaluation): ReplicaSteadyState => ({
    arrivalRatePerSecond: rate,
    stable,
    limit,
    tpotSeconds: tpot,
    decodeBatch: Math.min(e.batch, batchLimit),
    batchLimit,
    prefillShare: e.share,
    mixedPrefillTokens: e.prefillTokens,
    decodeStepSeconds: e.decodeStep,
    mixedStepSeconds: e.mixedStep,
    coalescedPrefillTokens: Math.max(0, e.prefillTokens - l.meanPromptTokens / l.meanPrefillIterations),
    contextPerSequenceTokens: l.meanPromptTokens + l.meanOutputTokens / 2,
  })
  if (!(rate > 0)) {
    const e = evaluate(l, 0, 0)
    return make(true, "batch", e.next, e)
  }
  const b = bound(l, rate)
  const admissible = admissiblePoint(l, rate, b.tpot)
  if (admissible === undefined) return make(false, b.limit, b.tpot, evaluate(l, rate, b.tpot))
  // g(T) = T'(T) − T is positive at T = 0 (a step takes time), ≤ 0 at `admissible`, convex.
  let lo = 0
  let hi = admissible
  for (let i = 0; i < 50 && hi - lo > 1e-12 * hi; i++) {
    const mid = (lo + hi) / 2
    if (evaluate(l, rate, mid).next > mid) lo = mid
    else hi = mid
  }
  return make(true, b.limit, hi, evaluate(l, rate, hi))
}

/**
 * The largest arrival rate (requests per second) one replica keeps up with, by bisection on
 * {@link isStable} (stability is monotone in the rate: every term of T' grows with it).
 */
export const replicaCapacityPerSecond = (l: ReplicaLoad): number => {
  let lo = 0
  let hi = 1
  for (let i = 0; i < 60 && isStable(l, hi); i++) {
    lo = hi
    hi *= 2
  }
  for (let i = 0; i < 50 && hi - lo > 1e-9 * hi; i++) {
    const mid = (lo + hi) / 2
    if (isStable(l, mid)) lo = mid
    else hi = mid
  }
  return lo
}

/**
 * Seconds from admission to the first token of a prompt of `promptTokens`: ⌈p/chunk⌉ mixed
 * iterations of p/⌈p/chunk⌉ own tokens plus the other requests' coalesced prefill tokens, beside
 * the time-average decode batch.
 */
export const prefillSeconds = (l: ReplicaLoad, s: ReplicaSteadyState, promptTokens: number): number => {
  const k = Math.max(1, Math.ceil(promptTokens / l.prefillChunk))
  const decode = Math.min(l.maxBatch, s.decodeBatch)
  return k * l.timing.iterationSeconds(promptTokens / k + s.coalescedPrefillTokens, decode, decode * s.contextPerSequenceTokens)
}
