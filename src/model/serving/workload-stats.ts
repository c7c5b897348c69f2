/**
 * What one workload records while it runs: counts, latency histograms, tokens, SLO attainment,
 * replica-time and the sampled timeline. Memory is independent of the number of requests except
 * for the timeline (one entry per sample period).
 */
import { LogHistogram } from "../../sim/histogram.ts"
import type { RequestTable } from "./request-table.ts"
import type { ServingSlo, ServingTimeline } from "./types.ts"

export class WorkloadStats {
  arrived = 0
  completed = 0
  rejected = 0
  requeued = 0
  inputTokensCompleted = 0
  outputTokensCompleted = 0
  firstArrivalSeconds = NaN
  lastCompletionSeconds = NaN
  sloMet = 0
  readonly ttft = new LogHistogram()
  readonly tpot = new LogHistogram()
  readonly e2e = new LogHistogram()
  readonly queue = new LogHistogram()
  /** ∫ serving replicas dt so far, up to `replicasSince`. */
  replicaSeconds = 0
  maxReplicas = 0
  private replicasNow = 0
  private replicasSince = 0
  /** Arrivals and completions since the last timeline sample. */
  arrivalsSinceSample = 0
  completionsSinceSample = 0
  readonly timeline: ServingTimeline
  private readonly sloTtft: number
  private readonly sloTpot: number
  private readonly sloE2e: number

  constructor(slo: ServingSlo | undefined, timelineStepSeconds: number) {
    this.sloTtft = slo?.ttftSeconds ?? Infinity
    this.sloTpot = slo?.tpotSeconds ?? Infinity
    this.sloE2e = slo?.e2eSeconds ?? Infinity
    this.timeline = {
      stepSeconds: timelineStepSeconds,
      timeSeconds: [],
      arrivals: [],
      completions: [],
      queueLength: [],
      running: [],
      replicas: [],
      kvUtilization: [],
    }
  }

  recordArrival(timeSeconds: number): void {
    this.arrived++
    this.arrivalsSinceSample++
    if (this.firstArrivalSeconds !== this.firstArrivalSeconds) this.firstArrivalSeconds = timeSeconds
  }

  /** Record the completion of the request in `slot`, at `table.completedSeconds[slot]`. */
  recordCompletion(table: RequestTable, slot: number): void {
    const timeSeconds = table.completedSeconds[slot]!
    const arrival = table.arrivalSeconds[slot]!
    const output = table.outputTokens[slot]!
    const e2e = timeSeconds - arrival
    const ttft = table.firstTokenSeconds[slot]! - arrival
    this.e2e.add(e2e)
    this.ttft.add(ttft)
    this.queue.add(table.firstScheduledSeconds[slot]! - arrival)
    let tpotOk = true
    if (output > 1) {
      const tpot = (e2e - ttft) / (output - 1)
      this.tpot.add(tpot)
      tpotOk = tpot <= this.sloTpot
    }
    if (tpotOk && ttft <= this.sloTtft && e2e <= this.sloE2e) this.sloMet++
    this.completed++
    this.completionsSinceSample++
    this.inputTokensCompleted += table.promptTokens[slot]!
    this.outputTokensCompleted += output
    this.lastCompletionSeconds = timeSeconds
  }

  /** The number of serving replicas changes to `count` at `timeSeconds`. */
  setReplicas(count: number, timeSeconds: number): void {
    this.replicaSeconds += this.replicasNow * (timeSeconds - this.replicasSince)
    this.replicasNow = count
    this.replicasSince = timeSeconds
    if (count > this.maxReplicas) this.maxReplicas = count
  }

  /** Append one timeline sample. */
  sample(timeSeconds: number, queueLength: number, running: number, replicas: number, kvUtilization: number): void {
    const tl = this.timeline
    tl.timeSeconds.push(timeSeconds)
    tl.arrivals.push(this.arrivalsSinceSample)
    tl.completions.push(this.completionsSinceSample)
    tl.queueLength.push(queueLength)
    tl.running.push(running)
    tl.replicas.push(replicas)
    tl.kvUtilization.push(kvUtilization)
    this.arrivalsSinceSample = 0
    this.completionsSinceSample = 0
  }
}
