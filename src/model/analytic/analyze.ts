/**
 * The analytic engine (`--engine analytic`): every inference workload in steady state, in
 * milliseconds, from the same `ReplicaTiming` the discrete-event engine uses, plus queueing
 * formulas. Its output is a `ServingResult` — the discrete-event engine's result type, histograms
 * filled from the analytic distributions (latency.ts) — so the same report builder, cost and
 * quote code serve both engines and the JSON has the same keys.
 *
 * Per workload, with R replicas — the starting placement, or, when an autoscaler scales the workload,
 * the nodes its HPA settles at step by step over the horizon (hpa-equilibrium.ts: in-flight per
 * replica at the target, within the schedule's minimum and the pools' maxima), R then being the
 * replicas held at the busiest step; the pools' nodes over the horizon become a fleet result in the
 * discrete-event fleet's shape (analytic-fleet.ts), so cost and pools are priced the same way:
 * 1. demand (demand-rates.ts): counts at the mean rate, latency at the busiest sustained rate;
 * 2. replica steady state at λ/R (replica-steady-state.ts): TPOT, batch, busy share;
 * 3. queueing: a batch slot is a server — continuous batching admits a request as soon as any of
 *    the R·batchLimit slots is free, so requests wait only when every slot is taken, which is an
 *    M/G/c queue with c = R·batchLimit and service = slot holding time (prefill + (Ō−1)·T);
 *    treating whole replicas as servers (c = R) would make requests wait behind each other while
 *    the batch still has room, which continuous batching never does. Mean wait by Allen–Cunneen
 *    (perf/queueing.ts). Prefill has its own budget (prefillChunk tokens per iteration): one
 *    M/G/1 server per replica whose work is prompt/chunk full-chunk iterations.
 * 4. overload (λ ≥ capacity, capacity = R × the largest stable per-replica rate): the queue grows
 *    without bound, so no steady state exists. Reported as a fluid FIFO queue over the overloaded
 *    span: completions at capacity, waits uniform from 0 to the backlog's wait at the end, the
 *    excess in flight at the end, and a note naming the limit. Finite, horizon-dependent numbers,
 *    as the discrete-event engine would report for the same horizon.
 * 5. closed loop: throughput X solves X = N/(e2e(X) + think) (bisection); saturated at capacity,
 *    the clients' excess waits in the queue (Little's law on the loop). Batch: every replica at
 *    capacity until the work is done; makespan = requests / capacity + one service time.
 * 6. a workload spanning GPU types (pools of H200 and H100, `PreparedWorkload.kinds`): the demand is
 *    split across the kinds in proportion to capacity, λ_k = λ·n_k·cap_k / Σ_j n_j·cap_j, as
 *    least-outstanding routing equalises load; steps 1–5 run per kind on its n_k replicas at its
 *    share, and the groups merge into one result (latency percentiles of the mixture). Autoscaled,
 *    the HPA's view of a step splits its rate the same way over the replicas of each kind it holds.
 *    See {@link analyzeMixedWorkload}. One GPU type takes the path it always took.
 */
import type { PreparedScenario, PreparedWorkload } from "../prepare.ts"
import type { ReplicaTiming } from "../../perf/replica-timing.ts"
import type { Assumption } from "../assumptions.ts"
import type { ReplicaSummary, ServingResult, ServingTimeline, WorkloadServingResult } from "../serving/types.ts"
import { defaultTimelineStep } from "../simulate.ts"
import { allenCunneenMeanWaitSeconds, erlangC } from "../../perf/queueing.ts"
import { DAY_SECONDS } from "../demand/diurnal.ts"
import { summarizeDemand, type DemandSummary, type OpenDemand } from "./demand-rates.ts"
import { estimateLatency, waitMean, waitQuantile, type LatencyEstimate, type WaitModel } from "./latency.ts"
import { lengthModel, valuesLengthModel, type LengthModel } from "./lengths.ts"
import { prefillSeconds, replicaCapacityPerSecond, solveReplica, type CapacityLimit, type ReplicaLoad, type ReplicaSteadyState } from "./replica-steady-state.ts"
import { strataScv } from "./strata.ts"
import { profileAutoscaler, type LoadState, type WorkloadProfile } from "./hpa-equilibrium.ts"
import { analyticFleet } from "./analytic-fleet.ts"
import { rampRate } from "../demand/ramp.ts"
import { DiurnalRate } from "../demand/diurnal.ts"
import type { ArrivalSpec } from "../demand/types.ts"
import type { FleetAutoscalerSpec, FleetWorkloadSpec } from "../fleet/spec.ts"
import type { SimulationResult } from "../fleet/result.ts"

export interface AnalyzeOptions {
  readonly horizonSeconds?: number
}

/** The steady state of a workload's replicas at one total arrival rate. */
export interface WorkloadSteadyState {
  readonly replica: ReplicaSteadyState
  /** False when the rate is beyond capacity (slots, KV cache or prefill budget). */
  readonly stable: boolean
  readonly limit: CapacityLimit
  readonly wait: WaitModel
  /** Probability a replica has a non-empty batch. */
  readonly busyProbability: number
  readonly prefillMeanSeconds: number
  readonly e2eMeanSeconds: number
  /** Mean requests in a replica's batch (prefilling + decoding). */
  readonly inBatchPerReplica: number
}

/** Per-workload figures of an analysis, beyond the `ServingResult` (for tests and notes). */
export interface WorkloadAnalysis {
  readonly name: string
  readonly demand: DemandSummary
  /** Requests per second the workload's replicas can serve (0 without replicas). */
  readonly capacityPerSecond: number
  /** Throughput served, requests per second. */
  readonly servedPerSecond: number
  readonly overloaded: boolean
  /** State latency was evaluated at. */
  readonly latencyState: WorkloadSteadyState
  /** The autoscaler's nodes step by step (hpa-equilibrium.ts); undefined for a fixed placement. */
  readonly profile?: WorkloadProfile
  /**
   * A workload spanning GPU types: each kind with replicas (at the peak when autoscaled), analysed as
   * its own group at its share of the demand. Undefined for one GPU type.
   */
  readonly kinds?: ReadonlyArray<KindAnalysis>
}

/** One GPU type's replicas of a workload spanning several (analyzeMixedWorkload). */
export interface KindAnalysis {
  /** Index into `PreparedWorkload.kinds`. */
  readonly kind: number
  readonly gpu: string
  readonly replicas: number
  /** Requests/s one replica of this kind serves (replicaCapacityPerSecond with its timing). */
  readonly replicaCapacityPerSecond: number
  /** Share of the workload's demand routed to this kind: n·cap / Σ n·cap. */
  readonly share: number
  /** Requests/s this kind's replicas can serve. */
  readonly capacityPerSecond: number
  readonly servedPerSecond: number
  readonly overloaded: boolean
  readonly latencyState: WorkloadSteadyState
}

export interface AnalyticRun {
  /** With `fleet` when an autoscaler scales a workload (the pools' nodes over the horizon). */
  readonly result: SimulationResult
  readonly workloads: ReadonlyArray<WorkloadAnalysis>
  /** What the analytic engine assumed beyond the scenario (approximations, overload), for the report. */
  readonly notes: ReadonlyArray<Assumption>
}

/** A rate just below capacity, for the state of a saturated replica. */
const SATURATED = 0.999

interface Context {
  readonly load: ReplicaLoad
  readonly replicas: number
  readonly prompt: LengthModel
  readonly output: LengthModel
}

const meanPrefillSeconds = (c: Context, s: ReplicaSteadyState): number => {
  const f = c.prompt.fine
  let m = 0
  for (let i = 0; i < f.values.length; i++) m += f.weights[i]! * prefillSeconds(c.load, s, f.values[i]!)
  return m
}

/** The prefill budget's work per request: prompt/chunk full-chunk iterations beside the decode batch. */
const prefillWorkSeconds = (l: ReplicaLoad, replica: ReplicaSteadyState): number => {
  const decode = Math.min(l.maxBatch, replica.decodeBatch)
  return (l.meanPromptTokens / l.prefillChunk) * l.timing.iterationSeconds(l.prefillChunk, decode, decode * replica.contextPerSequenceTokens)
}

/**
 * Stability of the whole workload at `totalRate` (replicas, batch slots and prefill budget), without
 * the queueing formulas: what the capacity search needs.
 */
const isWorkloadStable = (c: Context, totalRate: number): boolean => {
  if (c.replicas <= 0) return false
  const rate = totalRate / c.replicas
  const replica = solveReplica(c.load, rate)
  if (!replica.stable) return false
  const slotSeconds = meanPrefillSeconds(c, replica) + Math.max(0, c.load.meanOutputTokens - 1) * replica.tpotSeconds
  return rate * slotSeconds < Math.max(1, Math.floor(replica.batchLimit)) && rate * prefillWorkSeconds(c.load, replica) < 1
}

/**
 * Erlang C of the batch slots, without the O(c) recursion when c is far above the offered load a:
 * with c ≥ a + 10·√a + 50, Bennett's inequality bounds the Poisson (M/M/∞) tail
 * P(N ≥ c) ≤ exp(−x²/(2(a + x/3))) < e^−48 (x = c − a), and C(c, a) ≤ B·c/(c − a) with B below that
 * tail, so C < 1e-18: zero for every figure a report shows. Thousands of slots (replicas × maxBatch)
 * made this recursion most of an autoscaler profile's time.
 */
const slotErlangC = (servers: number, offered: number): number =>
  servers - offered >= 10 * Math.sqrt(Math.max(0, offered)) + 50 ? 0 : erlangC(servers, offered)

/** Steady state at `totalRate` requests per second with inter-arrival SCV `arrivalScv`. */
export const workloadSteadyState = (c: Context, totalRate: number, arrivalScv: number): WorkloadSteadyState => {
  const rate = c.replicas > 0 ? totalRate / c.replicas : Infinity
  const replica = solveReplica(c.load, Number.isFinite(rate) ? rate : 0)
  const l = c.load
  const prefillMean = meanPrefillSeconds(c, replica)
  const decodeSeconds = Math.max(0, l.meanOutputTokens - 1) * replica.tpotSeconds
  const slotSeconds = prefillMean + decodeSeconds
  const inBatch = Number.isFinite(rate) ? rate * slotSeconds : 0
  // Slots: M/G/c, c = R·batchLimit, service = slot holding time (SCV ≈ that of the output length).
  const servers = Math.max(1, c.replicas * Math.floor(replica.batchLimit))
  const offered = totalRate * slotSeconds
  const slotsStable = offered < servers
  const slotWaitProbability = slotsStable ? slotErlangC(servers, offered) : 1
  // Allen–Cunneen (perf/queueing.ts) with the Erlang C above: Wq = C/(c·μ − λ) · (ca² + cs²)/2.
  const slotWait = slotsStable ? (slotWaitProbability / (servers / slotSeconds - totalRate)) * ((arrivalScv + strataScv(c.output.fine)) / 2) : Infinity
  // Prefill budget: M/G/1 per replica; a request's work is prompt/chunk full-chunk iterations.
  const prefillWork = prefillWorkSeconds(l, replica)
  const prefillUtilization = Number.isFinite(rate) ? rate * prefillWork : Infinity
  const prefillStable = prefillUtilization < 1
  const prefillWait = prefillStable && rate > 0 ? allenCunneenMeanWaitSeconds(rate, 1 / prefillWork, 1, arrivalScv, strataScv(c.prompt.fine)) : prefillStable ? 0 : Infinity
  const stable = replica.stable && slotsStable && prefillStable && c.replicas > 0
  const probability = stable ? 1 - (1 - slotWaitProbability) * (1 - prefillUtilization) : 1
  const meanWait = stable ? slotWait + prefillWait : 0
  const wait: WaitModel = { kind: "queue", probability: meanWait > 0 ? probability : 0, meanIfWaitingSeconds: meanWait > 0 ? meanWait / probability : 0 }
  const limit: CapacityLimit = !replica.stable ? replica.limit : !prefillStable ? "prefill" : replica.limit
  return {
    replica,
    stable,
    limit,
    wait,
    // M/G/∞ estimate of a non-empty batch: P(N > 0) = 1 − e^(−E[N]); 1 at the batch limit.
    busyProbability: stable ? 1 - Math.exp(-inBatch) : 1,
    prefillMeanSeconds: prefillMean,
    e2eMeanSeconds: waitMean(wait) + (1 - Math.exp(-inBatch)) * (replica.tpotSeconds / 2) + slotSeconds,
    inBatchPerReplica: Math.min(inBatch, replica.batchLimit),
  }
}

const emptyTimeline = (step: number): ServingTimeline => ({ stepSeconds: step, timeSeconds: [], arrivals: [], completions: [], queueLength: [], running: [], replicas: [], kvUtilization: [] })

/** A flat timeline: the steady state repeated at every sample (the analytic engine has no time axis). */
const flatTimeline = (step: number, end: number, v: { arrivalsPerSecond: number; completionsPerSecond: number; queue: number; running: number; replicas: number; kv: number }): ServingTimeline => {
  const t = emptyTimeline(step)
  const r2 = (x: number) => Math.round(x * 100) / 100
  for (let time = step; time <= end; time += step) {
    t.timeSeconds.push(time)
    t.arrivals.push(r2(v.arrivalsPerSecond * step))
    t.completions.push(r2(v.completionsPerSecond * step))
    t.queueLength.push(r2(v.queue))
    t.running.push(r2(v.running))
    t.replicas.push(v.replicas)
    t.kvUtilization.push(v.kv)
  }
  return t
}

type ReplicaFields = Pick<WorkloadServingResult, "replicas" | "replicaSeconds" | "maxReplicas" | "busySeconds" | "kvUtilizationMean" | "timeline">

/** A workload's analytic result from its counts, latency, span and replica fields (one GPU type or merged). */
const servingResult = (
  name: string,
  n: { readonly arrived: number; readonly completed: number; readonly rejected: number; readonly inFlight: number },
  latency: WorkloadServingResult["latency"],
  prompt: LengthModel,
  output: LengthModel,
  t: { readonly firstArrival: number; readonly span: number; readonly end: number; readonly sloMet: number },
  replicaFields: ReplicaFields,
): WorkloadServingResult => ({
  name,
  counts: { arrived: n.arrived, completed: n.completed, rejected: n.rejected, preempted: 0, requeued: 0, inFlightAtEnd: n.inFlight },
  latency,
  inputTokensCompleted: Math.round(n.completed * prompt.meanTokens),
  outputTokensCompleted: Math.round(n.completed * output.meanTokens),
  firstArrivalSeconds: n.arrived > 0 ? t.firstArrival : NaN,
  lastCompletionSeconds: n.completed > 0 ? t.firstArrival + t.span : NaN,
  spanSeconds: t.span,
  sloMet: t.sloMet,
  ...replicaFields,
  endSeconds: t.end,
})

/**
 * The replicas of an autoscaled workload spanning GPU types, pool by pool: every stretch of steps a
 * replica slot of a pool is held is one replica (as the discrete-event engine adds a new replica at
 * each scale-up), of the pool's kind, busy and using KV as its kind does in those steps.
 */
const profileReplicasByKind = (pr: WorkloadProfile, fw: FleetWorkloadSpec): ReplicaSummary[] => {
  const replicas: ReplicaSummary[] = []
  const steps = pr.steps
  for (const p of fw.pools) {
    const kind = fw.kindByPool[p] ?? 0
    let max = 0
    for (const st of steps) max = Math.max(max, st.replicasByPool[p] ?? 0)
    for (let j = 0; j < max; j++) {
      let added = NaN
      let busy = 0
      let kv = 0
      let held = 0
      for (let k = 0; k <= steps.length; k++) {
        const st = steps[k]
        if (st !== undefined && (st.replicasByPool[p] ?? 0) > j) {
          if (Number.isNaN(added)) added = st.startSeconds
          const s = st.state.kinds?.[kind] ?? st.state
          busy += s.busyProbability * st.seconds
          kv += s.kvUtilization * st.seconds
          held += st.seconds
        } else if (!Number.isNaN(added)) {
          replicas.push({ id: replicas.length, kind, addedSeconds: added, removedSeconds: st === undefined ? NaN : st.startSeconds, busySeconds: busy, kvUtilizationMean: held > 0 ? kv / held : 0 })
          added = NaN
          busy = kv = held = 0
        }
      }
    }
  }
  return replicas
}

/**
 * Replica counts, busy time, KV use and the timeline of an autoscaled workload, from its profile
 * (`fw` given: a workload spanning GPU types, its replicas listed per pool with their kind).
 */
const profileFields = (pr: WorkloadProfile, step: number, end: number, fw?: FleetWorkloadSpec): ReplicaFields => {
  let replicaSeconds = 0
  let busy = 0
  let kv = 0
  let max = 0
  for (const st of pr.steps) {
    replicaSeconds += st.replicas * st.seconds
    busy += st.replicas * st.state.busyProbability * st.seconds
    kv += st.replicas * st.seconds * st.state.kvUtilization
    max = Math.max(max, st.replicas)
  }
  const kvMean = replicaSeconds > 0 ? kv / replicaSeconds : 0
  const replicas: ReplicaSummary[] = fw ? profileReplicasByKind(pr, fw) : Array.from({ length: max }, (_, id) => {
    let b = 0
    let added = NaN
    for (const st of pr.steps)
      if (st.replicas > id) {
        b += st.state.busyProbability * st.seconds
        if (Number.isNaN(added)) added = st.startSeconds
      }
    return { id, kind: 0, addedSeconds: added, removedSeconds: NaN, busySeconds: b, kvUtilizationMean: kvMean }
  })
  const t = emptyTimeline(step)
  const r2 = (x: number) => Math.round(x * 100) / 100
  let k = 0
  for (let time = step; time <= end; time += step) {
    while (k < pr.steps.length - 1 && pr.steps[k]!.startSeconds + pr.steps[k]!.seconds < time) k++
    const st = pr.steps[k]!
    const s = st.state
    t.timeSeconds.push(time)
    t.arrivals.push(r2(st.ratePerSecond * step))
    t.completions.push(r2(st.ratePerSecond * step))
    t.queueLength.push(r2(Number.isFinite(s.inFlight) ? Math.max(0, s.inFlight - s.running) : 0))
    t.running.push(r2(s.running))
    t.replicas.push(st.replicas)
    t.kvUtilization.push(Math.round(s.kvUtilization * 1e4) / 1e4)
  }
  return { replicas, replicaSeconds, maxReplicas: max, busySeconds: busy, kvUtilizationMean: kvMean, timeline: t }
}

/** Share of a day the diurnal rate exceeds `capacity`, with the cosine shape (an approximation above peakToMean 2). */
const overloadedShareOfDay = (meanRate: number, peakToMean: number, capacity: number): number => {
  if (peakToMean <= 1) return capacity < meanRate ? 1 : 0
  const v = (capacity / meanRate - 1) / (peakToMean - 1)
  return v >= 1 ? 0 : v <= -1 ? 1 : Math.acos(v) / Math.PI
}

/** λ(t) of an open stream, for the autoscaler's profile: the demand module's rate where it has one, else the mean rate while active. */
const openRateAt = (a: ArrivalSpec, d: OpenDemand): ((t: number) => number) => {
  if (a.pattern === "diurnal") {
    const r = new DiurnalRate(a)
    return (t) => r.at(t)
  }
  if (a.pattern === "ramp") return (t) => rampRate(a, t)
  return (t) => (t <= d.activeSeconds ? d.meanRatePerSecond : 0)
}

/** The q-quantile of strata (the value of the stratum where the cumulative weight reaches q). */
const strataQuantile = (s: LengthModel["fine"], q: number): number => {
  let acc = 0
  for (let i = 0; i < s.values.length; i++) {
    acc += s.weights[i]!
    if (acc >= q - 1e-12) return s.values[i]!
  }
  return s.values[s.values.length - 1] ?? 0
}

const fmt = (x: number): string => (x >= 100 ? x.toFixed(0) : x >= 1 ? x.toFixed(2) : x.toPrecision(3))

/** The note on the rate latency is evaluated at (a peak above the mean). */
const latencyRateNote = (at: string, demand: DemandSummary): Assumption[] =>
  demand.kind === "open" && demand.latencyRatePerSecond !== demand.meanRatePerSecond
    ? [{ path: `${at}.arrivals`, value: `latency at ${fmt(demand.latencyRatePerSecond)} req/s`, source: `analytic engine: latency and SLOs evaluated in steady state at ${demand.latencyRateReason}, not averaged over the horizon; counts and utilization at the mean rate ${fmt(demand.meanRatePerSecond)} req/s` }]
    : []

/** A share `s` of a demand: the part one group of replicas serves (rates, arrivals, clients, requests scaled). */
const scaleDemand = (d: DemandSummary, s: number): DemandSummary => {
  if (s === 1) return d
  switch (d.kind) {
    case "open":
      return { ...d, meanRatePerSecond: d.meanRatePerSecond * s, latencyRatePerSecond: d.latencyRatePerSecond * s, expectedArrivals: d.expectedArrivals * s }
    case "closed":
      return { ...d, concurrency: d.concurrency * s, requestCap: d.requestCap === Infinity ? Infinity : d.requestCap * s }
    case "batch":
      return { ...d, requests: d.requests * s }
  }
}

/** The HPA's view of `c.replicas` replicas at `rate` (hpa-equilibrium.ts LoadState). */
const loadState = (c: Context, kvCapacityTokens: number, rate: number, arrivalScv: number, ttftP90: boolean, p90Prompt: number): LoadState => {
  const st = workloadSteadyState(c, rate, arrivalScv)
  const running = c.replicas * st.inBatchPerReplica
  const inFlight = st.stable ? rate * st.e2eMeanSeconds : Infinity
  return {
    stable: st.stable || rate <= 0,
    inFlight: rate > 0 ? inFlight : 0,
    inFlightSd: rate > 0 && Number.isFinite(inFlight) ? Math.sqrt(inFlight) : 0,
    running: rate > 0 ? running : 0,
    busyProbability: rate > 0 ? st.busyProbability : 0,
    kvUtilization: Math.min(1, (st.inBatchPerReplica * st.replica.contextPerSequenceTokens) / kvCapacityTokens),
    // p90 TTFT ≈ p90 wait + rest of an iteration + prefill of the p90 prompt (a sum of p90s: an upper estimate).
    ttftP90Seconds: ttftP90 && st.stable ? waitQuantile(st.wait, 0.9) + st.busyProbability * st.replica.tpotSeconds + prefillSeconds(c.load, st.replica, p90Prompt) : NaN,
  }
}

/** One group of identical replicas (one GPU type) and the demand it serves. */
interface GroupInput {
  readonly c: Context
  readonly demand: DemandSummary
  /** KV tokens of one of the group's replicas (for KV utilization). */
  readonly kvCapacityTokens: number
  /** A request whose prompt + output exceeds this is rejected: the largest replica kind's KV (the router steers a large request there). */
  readonly rejectKvTokens: number
  /** Histogram weight: the group's share of the workload's requests (1 for a whole workload). */
  readonly weight: number
  /** Prefix of the group's notes' values ("" for a whole workload). */
  readonly label: string
}

/** What a group's replicas do: expectations before rounding (so groups merge), latency, utilization. */
interface GroupOutput {
  readonly capacity: number
  readonly served: number
  readonly overloaded: boolean
  readonly latencyState: WorkloadSteadyState
  readonly latency: LatencyEstimate
  readonly arrived: number
  readonly completed: number
  readonly firstArrival: number
  readonly span: number
  readonly end: number
  readonly busyShare: number
  /** Mean requests in a replica's batch (utilization and timeline state). */
  readonly inBatchPerReplica: number
  readonly kvUtilization: number
  readonly queueLength: number
  readonly notes: Assumption[]
}

const limitWords: Record<CapacityLimit, string> = { batch: "every batch slot (maxBatch) is taken", "kv-cache": "the KV cache is full", prefill: "the prefill budget (prefillChunk per iteration) is used up" }

/** Capacity, queueing, counts and latency of one group of identical replicas at its demand (steps 1–5 of the header). */
const analyzeGroup = (w: PreparedWorkload, at: string, horizon: number, g: GroupInput): GroupOutput => {
  const notes: Assumption[] = []
  const { c, demand } = g
  const { load, prompt, output } = c
  const R = c.replicas
  const perReplicaCapacity = replicaCapacityPerSecond(load)
  // Capacity: the largest total rate at which both the replicas and the slot/prefill queues are stable.
  let capacity = R * perReplicaCapacity
  if (R > 0 && !isWorkloadStable(c, capacity * SATURATED)) {
    let lo = 0
    let hi = capacity
    for (let i = 0; i < 40; i++) {
      const mid = (lo + hi) / 2
      if (isWorkloadStable(c, mid)) lo = mid
      else hi = mid
    }
    capacity = lo
  }
  const saturated = workloadSteadyState(c, capacity * SATURATED, 1)

  let latencyState: WorkloadSteadyState
  let meanState: WorkloadSteadyState
  let wait: WaitModel
  let served: number
  let arrived: number
  let completed: number
  let firstArrival = 0
  let span = horizon
  let end = horizon
  let busyShare: number
  let overloaded = false

  if (demand.kind === "open") {
    latencyState = workloadSteadyState(c, demand.latencyRatePerSecond, demand.arrivalScv)
    meanState = workloadSteadyState(c, demand.meanRatePerSecond, demand.arrivalScv)
    arrived = demand.expectedArrivals
    span = demand.activeSeconds
    if (latencyState.stable) {
      wait = latencyState.wait
      served = demand.meanRatePerSecond
      completed = arrived
      busyShare = meanState.busyProbability
    } else {
      overloaded = true
      latencyState = saturated
      if (demand.meanRatePerSecond < capacity) {
        // Overloaded only around the peak: the backlog clears later, every request completes.
        const window =
          demand.peakToMean !== undefined
            ? overloadedShareOfDay(demand.meanRatePerSecond, demand.peakToMean, capacity) * Math.min(DAY_SECONDS, horizon)
            : Math.min(horizon, span) * (1 - capacity / demand.latencyRatePerSecond)
        const backlog = (demand.peakToMean !== undefined ? 2 / 3 : 1 / 2) * (demand.latencyRatePerSecond - capacity) * window
        wait = { kind: "uniform", lowSeconds: 0, highSeconds: capacity > 0 ? backlog / capacity : span }
        served = demand.meanRatePerSecond
        completed = arrived
        busyShare = meanState.stable ? meanState.busyProbability : 1
        notes.push({ path: `${at}.arrivals`, value: `${g.label}overloaded at the peak: ${fmt(demand.latencyRatePerSecond)} req/s offered, capacity ${fmt(capacity)} req/s`, source: `analytic engine: ${limitWords[saturated.limit]}; a backlog of about ${fmt(backlog)} requests builds over ${fmt(window / 60)} min and waits up to ${fmt(wait.highSeconds)} s (fluid queue); add replicas for the peak` })
      } else {
        served = capacity
        completed = Math.min(arrived, capacity * span)
        const highest = span * (1 - capacity / demand.meanRatePerSecond)
        wait = { kind: "uniform", lowSeconds: 0, highSeconds: highest }
        busyShare = R > 0 ? 1 : 0
        notes.push({ path: `${at}.arrivals`, value: `${g.label}overloaded: ${fmt(demand.meanRatePerSecond)} req/s offered, capacity ${fmt(capacity)} req/s`, source: `analytic engine: ${R === 0 ? "no replica is placed" : limitWords[saturated.limit]}; no steady state — the queue grows by ${fmt(demand.meanRatePerSecond - capacity)} req/s, so latencies are those of a fluid FIFO queue over the ${fmt(span / 3600)} h span (waits up to ${fmt(highest)} s) and grow with the horizon` })
      }
    }
  } else if (demand.kind === "closed") {
    const N = demand.concurrency
    const Z = demand.thinkSeconds
    const top = capacity * SATURATED
    const excess = (x: number) => x * (workloadSteadyState(c, x, 1).e2eMeanSeconds + Z) - N
    if (R > 0 && excess(top) < 0) {
      served = capacity
      latencyState = saturated
      const extra = N / capacity - Z - saturated.e2eMeanSeconds
      wait = { kind: "uniform", lowSeconds: Math.max(0, extra), highSeconds: Math.max(0, extra) }
      notes.push({ path: `${at}.arrivals`, value: `${g.label}${Number.isInteger(N) ? N : fmt(N)} clients saturate ${fmt(capacity)} req/s`, source: `analytic engine: closed loop at capacity (${limitWords[saturated.limit]}); the clients' excess waits in the queue (Little's law on the loop)` })
    } else {
      let lo = 0
      let hi = top
      for (let i = 0; i < 50 && R > 0; i++) {
        const mid = (lo + hi) / 2
        if (excess(mid) < 0) lo = mid
        else hi = mid
      }
      served = R > 0 ? lo : 0
      latencyState = workloadSteadyState(c, served, 1)
      wait = latencyState.wait
    }
    meanState = latencyState
    busyShare = served > 0 ? latencyState.busyProbability : 0
    completed = Math.min(demand.requestCap, served * horizon)
    const done = served > 0 && demand.requestCap < Infinity && demand.requestCap <= served * horizon
    span = done ? demand.requestCap / served : horizon
    arrived = done ? demand.requestCap : Math.min(demand.requestCap, completed + N)
  } else {
    // Batch: everything queued at once, served at capacity.
    arrived = demand.requests
    firstArrival = demand.atSeconds
    latencyState = meanState = saturated
    served = capacity
    if (capacity > 0) {
      const drain = demand.requests / capacity
      wait = { kind: "uniform", lowSeconds: 0, highSeconds: drain }
      completed = demand.requests
      span = drain + saturated.e2eMeanSeconds
      end = Math.max(horizon, demand.atSeconds + span)
      busyShare = span / end
    } else {
      wait = { kind: "uniform", lowSeconds: 0, highSeconds: horizon }
      completed = 0
      busyShare = 0
    }
  }

  const latency = estimateLatency({
    wait,
    busyProbability: latencyState.busyProbability,
    tpotSeconds: latencyState.replica.tpotSeconds,
    decodeStepSeconds: latencyState.replica.decodeStepSeconds,
    mixedStepSeconds: latencyState.replica.mixedStepSeconds,
    prefillShare: latencyState.replica.prefillShare,
    prompt,
    output,
    prefillSeconds: (tokens) => prefillSeconds(load, latencyState.replica, tokens),
    kvCapacityTokens: g.rejectKvTokens,
    ...(w.slo ? { slo: w.slo } : {}),
    weight: g.weight,
  })
  const state = demand.kind === "open" && !overloaded ? meanState : latencyState
  const kvTokens = state.inBatchPerReplica * state.replica.contextPerSequenceTokens
  const kvUtilization = Math.min(1, kvTokens / g.kvCapacityTokens)
  const queueLength = demand.kind === "open" && !overloaded ? served * waitMean(wait) : 0
  return { capacity, served, overloaded, latencyState, latency, arrived, completed, firstArrival, span, end, busyShare, inBatchPerReplica: state.inBatchPerReplica, kvUtilization, queueLength, notes }
}

const analyzeWorkload = (
  w: PreparedWorkload,
  index: number,
  horizon: number,
  step: number,
  fleet: PreparedScenario["fleet"],
  autoscaler: FleetAutoscalerSpec | undefined,
): { result: WorkloadServingResult; analysis: WorkloadAnalysis; notes: Assumption[] } => {
  const at = `inference[${index}]`
  const prompt = w.trace ? valuesLengthModel(w.trace.promptTokens) : lengthModel(w.promptTokens, "prompt", w.empirical?.prompt)
  const output = w.trace ? valuesLengthModel(w.trace.outputTokens) : lengthModel(w.outputTokens, "output", w.empirical?.output)
  const chunk = w.spec.engine.prefillChunk
  let iterations = 0
  for (let i = 0; i < prompt.fine.values.length; i++) iterations += prompt.fine.weights[i]! * Math.max(1, Math.ceil(prompt.fine.values[i]! / chunk))
  const loadOf = (timing: ReplicaTiming): ReplicaLoad => ({
    timing,
    maxBatch: w.spec.engine.maxBatch,
    prefillChunk: chunk,
    meanPromptTokens: prompt.meanTokens,
    meanOutputTokens: output.meanTokens,
    meanPrefillIterations: iterations,
  })
  const demand = summarizeDemand(w.arrivals, horizon, w.trace)
  if (w.kinds.length > 1) return analyzeMixedWorkload(w, index, horizon, step, fleet, autoscaler, { prompt, output, demand, loadOf })
  const notes: Assumption[] = []
  const load = loadOf(w.timing)
  // Autoscaled: the nodes the HPA holds step by step; latency at the peak with the replicas held then.
  let R = w.replicas
  let profile: WorkloadProfile | undefined
  if (autoscaler !== undefined && demand.kind === "open") {
    const memo = new Map<string, LoadState>()
    const p90Prompt = strataQuantile(prompt.fine, 0.9)
    const loadAt = (exactRate: number, replicas: number): LoadState => {
      // Rates to 9 significant digits: the same time of day on another day (or the mirror time
      // around a cosine peak) hits the cache despite rounding in λ(t).
      const key = `${exactRate.toPrecision(9)}:${replicas}`
      const hit = memo.get(key)
      if (hit !== undefined) return hit
      const rate = Number(exactRate.toPrecision(9))
      const v = loadState({ load, replicas, prompt, output }, w.timing.kvCapacityTokens, rate, demand.arrivalScv, autoscaler.metric === "ttftP90", p90Prompt)
      memo.set(key, v)
      return v
    }
    profile = profileAutoscaler(fleet, autoscaler, openRateAt(w.arrivals, demand), loadAt, horizon)
    let peak = profile.steps[0]
    for (const st of profile.steps) if (peak === undefined || st.ratePerSecond > peak.ratePerSecond) peak = st
    if (peak !== undefined) R = peak.replicas
  }
  notes.push(...latencyRateNote(at, demand))
  const g = analyzeGroup(w, at, horizon, { c: { load, replicas: R, prompt, output }, demand, kvCapacityTokens: w.timing.kvCapacityTokens, rejectKvTokens: w.timing.kvCapacityTokens, weight: 1, label: "" })
  notes.push(...g.notes)
  const { latency, span, end, firstArrival } = g
  let overloaded = g.overloaded
  const rejected = Math.round(g.arrived * latency.rejectedShare)
  const completedCount = Math.round(g.completed * (1 - latency.rejectedShare))
  const arrivedCount = Math.round(g.arrived)
  const inFlight = Math.max(0, arrivedCount - completedCount - rejected)
  const finished = completedCount + rejected
  const sloMet = w.slo ? Math.round(finished * latency.sloShare) : completedCount
  const busySeconds = g.busyShare * end
  const fixed = (): ReplicaFields => ({
    replicas: Array.from({ length: R }, (_, id): ReplicaSummary => ({ id, kind: 0, addedSeconds: 0, removedSeconds: NaN, busySeconds, kvUtilizationMean: g.kvUtilization })),
    replicaSeconds: R * end,
    maxReplicas: R,
    busySeconds: busySeconds * R,
    kvUtilizationMean: g.kvUtilization,
    timeline: flatTimeline(step, end, {
      arrivalsPerSecond: span > 0 ? arrivedCount / span : 0,
      completionsPerSecond: span > 0 ? completedCount / span : 0,
      queue: g.queueLength,
      running: R * g.inBatchPerReplica,
      replicas: R,
      kv: Math.round(g.kvUtilization * 1e4) / 1e4,
    }),
  })
  const replicaFields: ReplicaFields = profile ? profileFields(profile, step, end) : fixed()
  const result = servingResult(w.name, { arrived: arrivedCount, completed: completedCount, rejected, inFlight }, latency, prompt, output, { firstArrival, span, end, sloMet }, replicaFields)
  if (profile?.steps.some((st) => st.overloaded)) {
    overloaded = true
    notes.push(profileOverloadNote(at, profile))
  }
  return { result, analysis: { name: w.name, demand, capacityPerSecond: g.capacity, servedPerSecond: g.served, overloaded, latencyState: g.latencyState, ...(profile ? { profile } : {}) }, notes }
}

const profileOverloadNote = (at: string, profile: WorkloadProfile): Assumption => {
  const worst = profile.steps.reduce((a, b) => (b.ratePerSecond > a.ratePerSecond ? b : a))
  return { path: `${at}.arrivals`, value: `overloaded at the pools' maximum: ${fmt(worst.ratePerSecond)} req/s offered to ${worst.replicas} replicas`, source: `analytic engine: the autoscaler ${profile.autoscaler.name} reaches its pools' maxNodes and the replicas still do not keep up for ${fmt(profile.steps.filter((st) => st.overloaded).reduce((a, st) => a + st.seconds, 0) / 60)} min; raise maxNodes` }
}

/**
 * A workload whose pools have different GPU types (PreparedWorkload.kinds). Least-outstanding
 * routing sends each request to the replica with the least work queued, which equalises the load
 * relative to speed: kind k's n_k replicas receive λ_k = λ·n_k·cap_k / Σ_j n_j·cap_j (cap_k: one
 * replica's capacity, replicaCapacityPerSecond with kind k's timing). Each kind is analysed as its
 * own group at its share of the demand (open: rates and arrivals; closed: clients; batch: requests)
 * and the groups are merged: counts and tokens summed, latency histograms merged with each group
 * weighted by its share of the requests (the percentiles are the mixture's), replicas concatenated
 * in placement order with their kind, busy and replica time summed, KV utilization weighted by
 * replica time. The workload's capacity is the sum of the groups', it is overloaded when any group
 * is, and its `latencyState` is that of the group with the largest share (the per-kind states are in
 * `kinds`). A request is rejected only beyond the largest kind's KV cache (the serving engine's
 * router steers it to a replica that holds it); which group serves it is not modelled.
 * Autoscaled: the HPA's view at a rate splits it the same way over the replicas of each kind the
 * step holds (fixed pools at their placement, scaled pools as filled), in-flight and running summed,
 * busy share and KV use replica-weighted, TTFT p90 the worse kind's; latency at the peak step's
 * replicas per kind.
 */
const analyzeMixedWorkload = (
  w: PreparedWorkload,
  index: number,
  horizon: number,
  step: number,
  fleet: PreparedScenario["fleet"],
  autoscaler: FleetAutoscalerSpec | undefined,
  x: { readonly prompt: LengthModel; readonly output: LengthModel; readonly demand: DemandSummary; readonly loadOf: (timing: ReplicaTiming) => ReplicaLoad },
): { result: WorkloadServingResult; analysis: WorkloadAnalysis; notes: Assumption[] } => {
  const { prompt, output, demand } = x
  const at = `inference[${index}]`
  const notes: Assumption[] = [...latencyRateNote(at, demand)]
  const K = w.kinds.length
  const loads = w.kinds.map((k) => x.loadOf(k.timing))
  const perReplica = loads.map((l) => replicaCapacityPerSecond(l))
  const largestKv = Math.max(...w.kinds.map((k) => k.timing.kvCapacityTokens))
  const kindOfPool = fleet.workloads[index]?.kindByPool ?? []
  /** Replicas per kind from replicas per pool index. */
  const kindCounts = (byPool: ReadonlyArray<number>): number[] => {
    const n = new Array<number>(K).fill(0)
    byPool.forEach((r, p) => {
      if (r > 0) n[kindOfPool[p] ?? 0]! += r
    })
    return n
  }
  /** Demand share per kind: n_k·cap_k / Σ_j n_j·cap_j. */
  const sharesOf = (n: ReadonlyArray<number>): number[] => {
    const total = n.reduce((s, v, k) => s + v * perReplica[k]!, 0)
    return n.map((v, k) => (total > 0 ? (v * perReplica[k]!) / total : 0))
  }
  let counts = new Array<number>(K).fill(0)
  for (const [pool, n] of Object.entries(w.replicasByPool)) counts[w.kindByPool[pool] ?? 0]! += n

  let profile: WorkloadProfile | undefined
  if (autoscaler !== undefined && demand.kind === "open") {
    const memo = new Map<string, LoadState>()
    const p90Prompt = strataQuantile(prompt.fine, 0.9)
    const ttft = autoscaler.metric === "ttftP90"
    const loadAt = (exactRate: number, replicas: number, byPool?: ReadonlyArray<number>): LoadState => {
      const n = byPool ? kindCounts(byPool) : [replicas, ...new Array<number>(K - 1).fill(0)]
      const key = `${exactRate.toPrecision(9)}:${n.join(",")}`
      const hit = memo.get(key)
      if (hit !== undefined) return hit
      const rate = Number(exactRate.toPrecision(9))
      const total = n.reduce((s, v) => s + v, 0)
      let v: LoadState
      if (total === 0) v = loadState({ load: loads[0]!, replicas: 0, prompt, output }, w.kinds[0]!.timing.kvCapacityTokens, rate, demand.arrivalScv, ttft, p90Prompt)
      else {
        const shares = sharesOf(n)
        const parts = n.map((nk, k) => (nk > 0 ? loadState({ load: loads[k]!, replicas: nk, prompt, output }, w.kinds[k]!.timing.kvCapacityTokens, rate * shares[k]!, demand.arrivalScv, ttft, p90Prompt) : undefined))
        let stable = true
        let inFlight = 0
        let running = 0
        let busy = 0
        let kv = 0
        let ttftP90 = -Infinity
        parts.forEach((s, k) => {
          if (s === undefined) return
          const nk = n[k]!
          stable &&= s.stable
          inFlight += s.inFlight
          running += s.running
          busy += nk * s.busyProbability
          kv += nk * s.kvUtilization
          ttftP90 = Math.max(ttftP90, s.ttftP90Seconds)
        })
        v = {
          stable,
          inFlight,
          // Independent kinds: the in-flight counts' variances add (each Poisson).
          inFlightSd: rate > 0 && Number.isFinite(inFlight) ? Math.sqrt(inFlight) : 0,
          running,
          busyProbability: busy / total,
          kvUtilization: kv / total,
          ttftP90Seconds: ttftP90,
          kinds: parts.map((s, k) => (s ? { replicas: n[k]!, busyProbability: s.busyProbability, kvUtilization: s.kvUtilization } : undefined)),
        }
      }
      memo.set(key, v)
      return v
    }
    profile = profileAutoscaler(fleet, autoscaler, openRateAt(w.arrivals, demand), loadAt, horizon)
    let peak = profile.steps[0]
    for (const st of profile.steps) if (peak === undefined || st.ratePerSecond > peak.ratePerSecond) peak = st
    if (peak !== undefined) counts = kindCounts(peak.replicasByPool)
  }

  const shares = sharesOf(counts)
  const active = counts.flatMap((n, k) => (n > 0 ? [k] : []))
  // No replica at all: the whole demand on kind 0's (absent) replicas, for the overload note.
  const groups = (active.length > 0 ? active : [0]).map((k) => {
    const share = active.length > 0 ? shares[k]! : 1
    const out = analyzeGroup(w, at, horizon, {
      c: { load: loads[k]!, replicas: counts[k]!, prompt, output },
      demand: scaleDemand(demand, share),
      kvCapacityTokens: w.kinds[k]!.timing.kvCapacityTokens,
      rejectKvTokens: largestKv,
      weight: share,
      label: active.length > 0 ? `${w.kinds[k]!.gpu.name} replicas (${counts[k]}): ` : "",
    })
    return { kind: k, share, out }
  })
  if (active.length > 0)
    notes.push({
      path: `${at}.pools`,
      value: "demand split across GPU types in proportion to capacity",
      source: `analytic engine: demand split across GPU types in proportion to capacity, as least-outstanding routing equalises load${profile ? " (replicas held at the peak)" : ""}: ${groups.map((g) => `${w.kinds[g.kind]!.gpu.name} ${counts[g.kind]} × ${fmt(perReplica[g.kind]!)} req/s → ${(g.share * 100).toFixed(1)}%`).join(", ")}; each GPU type analysed as its own group of replicas, latency percentiles those of the mixture; a request is rejected only beyond the largest KV cache`,
    })
  for (const g of groups) notes.push(...g.out.notes)

  // Merge the groups.
  const outs = groups.map((g) => g.out)
  let arrived = 0
  let rejectedRaw = 0
  let completedRaw = 0
  let metRaw = 0
  for (const o of outs) {
    const r = o.latency.rejectedShare
    arrived += o.arrived
    rejectedRaw += o.arrived * r
    completedRaw += o.completed * (1 - r)
    metRaw += (o.completed * (1 - r) + o.arrived * r) * o.latency.sloShare
  }
  const [head, ...rest] = outs.map((o) => o.latency)
  const latency: LatencyEstimate = { ...head!, rejectedShare: arrived > 0 ? rejectedRaw / arrived : 0, sloShare: arrived > 0 ? metRaw / arrived : 0 }
  for (const l of rest) {
    latency.ttft.merge(l.ttft)
    latency.tpot.merge(l.tpot)
    latency.e2e.merge(l.e2e)
    latency.queue.merge(l.queue)
  }
  const arrivedCount = Math.round(arrived)
  const rejected = Math.round(rejectedRaw)
  const completedCount = Math.round(completedRaw)
  const inFlight = Math.max(0, arrivedCount - completedCount - rejected)
  const sloMet = w.slo ? Math.round(metRaw) : completedCount
  const firstArrival = Math.min(...outs.map((o) => o.firstArrival))
  const span = Math.max(...outs.map((o) => o.span))
  const end = Math.max(...outs.map((o) => o.end))
  const outOfKind = new Map(groups.map((g) => [g.kind, g.out]))

  const fixed = (): ReplicaFields => {
    const replicas: ReplicaSummary[] = []
    let busy = 0
    let kv = 0
    let running = 0
    // Placement order, pool by pool (the report and the fleet assembly read busy time per pool so).
    for (const [pool, n] of Object.entries(w.replicasByPool)) {
      const kind = w.kindByPool[pool] ?? 0
      const o = outOfKind.get(kind)
      for (let j = 0; j < n; j++) {
        const b = o ? o.busyShare * o.end : 0
        const u = o ? o.kvUtilization : 0
        replicas.push({ id: replicas.length, kind, addedSeconds: 0, removedSeconds: NaN, busySeconds: b, kvUtilizationMean: u })
        busy += b
        kv += u
        running += o ? o.inBatchPerReplica : 0
      }
    }
    const R = replicas.length
    const kvMean = R > 0 ? kv / R : 0
    return {
      replicas,
      replicaSeconds: R * end,
      maxReplicas: R,
      busySeconds: busy,
      kvUtilizationMean: kvMean,
      timeline: flatTimeline(step, end, {
        arrivalsPerSecond: span > 0 ? arrivedCount / span : 0,
        completionsPerSecond: span > 0 ? completedCount / span : 0,
        queue: outs.reduce((s, o) => s + o.queueLength, 0),
        running,
        replicas: R,
        kv: Math.round(kvMean * 1e4) / 1e4,
      }),
    }
  }
  const replicaFields: ReplicaFields = profile ? profileFields(profile, step, end, fleet.workloads[index]) : fixed()
  const result = servingResult(w.name, { arrived: arrivedCount, completed: completedCount, rejected, inFlight }, latency, prompt, output, { firstArrival, span, end, sloMet }, replicaFields)
  let overloaded = outs.some((o) => o.overloaded)
  if (profile?.steps.some((st) => st.overloaded)) {
    overloaded = true
    notes.push(profileOverloadNote(at, profile))
  }
  const main = groups.reduce((a, b) => (b.share > a.share ? b : a))
  const kinds: KindAnalysis[] = groups.map((g) => ({
    kind: g.kind,
    gpu: w.kinds[g.kind]!.gpu.name,
    replicas: counts[g.kind]!,
    replicaCapacityPerSecond: perReplica[g.kind]!,
    share: g.share,
    capacityPerSecond: g.out.capacity,
    servedPerSecond: g.out.served,
    overloaded: g.out.overloaded,
    latencyState: g.out.latencyState,
  }))
  return {
    result,
    analysis: {
      name: w.name,
      demand,
      capacityPerSecond: outs.reduce((s, o) => s + o.capacity, 0),
      servedPerSecond: outs.reduce((s, o) => s + o.served, 0),
      overloaded,
      latencyState: main.out.latencyState,
      ...(profile ? { profile } : {}),
      kinds,
    },
    notes,
  }
}

/**
 * Analyze a prepared scenario in steady state. Deterministic and pure: same input, same output.
 *
 * @example analyzeScenario(prepared).result.workloads[0].latency.ttft.mean
 */
export const analyzeScenario = (p: PreparedScenario, opts: AnalyzeOptions = {}): AnalyticRun => {
  const horizon = opts.horizonSeconds ?? p.scenario.horizon
  const step = defaultTimelineStep(horizon)
  const notes: Assumption[] = [
    { path: "engine", value: "analytic", source: "steady-state estimate: step times from the same performance model as the discrete-event engine, M/G/c queueing (Allen–Cunneen) with batch slots as servers; percentiles from the approximate distributions; replicas at the starting placement unless an autoscaler moves them (then its steady state per quarter-hour); no failures or preemption" },
  ]
  // The first autoscaler of a workload scales it (a replica spanning nodes is not autoscaled, as in fleet.ts).
  const scalerOf = (i: number) => p.fleet.autoscalers.find((a) => a.workload === i && (p.fleet.workloads[i]?.replicasPerNode ?? 0) > 0)
  const outs = p.workloads.map((w, i) => analyzeWorkload(w, i, horizon, step, p.fleet, scalerOf(i)))
  for (const o of outs) notes.push(...o.notes)
  const profiles = outs.map((o) => o.analysis.profile)
  const workloads = outs.map((o) => o.result)
  // The fleet's nodes over the horizon when an autoscaler moves them; training jobs sharing an
  // autoscaled fleet are not modelled here (the discrete-event engine runs them).
  const scaled = profiles.some((pr) => pr !== undefined)
  if (scaled && p.training.length > 0)
    notes.push({ path: "training", value: "not on the autoscaled fleet", source: "analytic engine: training jobs are estimated on their own; how they share the autoscaled fleet is simulated only by the discrete-event engine" })
  const fleet = scaled && p.training.length === 0 ? analyticFleet(p, profiles, workloads, Math.max(horizon, ...workloads.map((r) => r.endSeconds)), step) : undefined
  if (fleet)
    notes.push({ path: "autoscaling", value: "HPA equilibrium per quarter-hour", source: "analytic engine: each autoscaler holds the nodes where its metric meets the target (queueDepth: in-flight per replica by Little's law, plus the stabilization window's expected highest Poisson fluctuation), within its tolerance, schedule minimum and pool maximum; a node added is paid nodeBoot + modelLoad before it serves, a node removed is kept for scaleDownAfter; no failures or spot reclaims" })
  return {
    result: { horizonSeconds: horizon, workloads, ...(fleet ? { fleet } : {}) },
    workloads: outs.map((o) => o.analysis),
    notes,
  }
}
