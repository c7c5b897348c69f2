/**
 * The serving simulation: several inference workloads, each with replicas behind a router, in one
 * discrete-event loop, so that fleet dynamics (replicas added or removed mid-run by autoscalers,
 * node failures, training sharing GPUs) can be interleaved by a caller through `runUntil`,
 * `addReplica` and `removeReplica`.
 *
 * ```ts
 * const sim = new ServingSimulation(input)
 * for (let t = 15; t < input.horizonSeconds; t += 15) {
 *   sim.runUntil(t)
 *   if (sim.snapshot(0).queueLength > 8 * sim.snapshot(0).replicas) sim.addReplica(0, t)
 * }
 * const result = sim.finish()
 * ```
 */
import { TimerHeap } from "../../sim/timer-heap.ts"
import type { RequestSource } from "../demand/source.ts"
import { makeReplicaConfig, Replica, type ReplicaConfig, type ReplicaHost } from "./replica.ts"
import { RequestTable } from "./request-table.ts"
import { Router } from "./router.ts"
import { SlotDeque } from "./slot-deque.ts"
import type { RequestObserver, ServingInput, ServingResult, ServingWorkloadInput, WorkloadServingResult } from "./types.ts"
import { WorkloadStats } from "./workload-stats.ts"


/** Instantaneous state of a workload, for autoscaler metrics and progress displays. */
export interface WorkloadSnapshot {
  readonly replicas: number
  /** Requests waiting (in replica queues and, with no replica, in the workload's queue). */
  readonly queueLength: number
  /** Sequences in batches. */
  readonly running: number
  /** Used / total KV blocks over the serving replicas (as of their last batch change). */
  readonly kvUtilization: number
}

class Workload {
  readonly replicas: Replica[] = []
  readonly live: Replica[] = []
  /** Requests waiting while the workload has no replica. */
  readonly holding = new SlotDeque()
  readonly router: Router
  readonly stats: WorkloadStats
  /** Replica config per kind (one per GPU type the workload spans); kind 0 first. */
  readonly configs: ReplicaConfig[]
  /** Kind of each replica, by id. */
  readonly kindOf: number[] = []
  /** KV blocks of the smallest and largest replica kind: a request needing more than the smallest fits only some replicas. */
  readonly minBlocks: number
  readonly maxBlocks: number
  readonly blockTokens: number
  readonly source: RequestSource
  /** The source is open-loop: a completion cannot change its next arrival (see requestCompleted). */
  readonly ignoresCompletions: boolean
  readonly drain: boolean
  /** Arrival time of the next request as the source gave it (Infinity: none pending). */
  arrivalScheduledAt = Infinity
  /** Held requests to release once the current handler returns (see dispatchHeld). */
  dispatchPending = false
  /** When that arrival is handled: max(its time, the clock when it was scheduled). */
  arrivalAt = Infinity
  /** Scheduling order of the pending arrival: ties between workloads go to the earlier scheduled. */
  arrivalSeq = 0
  nextRequestId = 0
  stopped = false
  endSeconds = 0

  constructor(readonly index: number, readonly input: ServingWorkloadInput, timelineStepSeconds: number) {
    this.router = new Router(input.router ?? "least-outstanding")
    this.stats = new WorkloadStats(input.slo, timelineStepSeconds)
    const blockTokens = input.blockTokens ?? 16
    if (!(input.maxBatch >= 1) || !(input.prefillChunk >= 1) || !(blockTokens >= 1))
      throw new RangeError(`workload ${input.name}: maxBatch, prefillChunk and blockTokens must be at least 1`)
    this.blockTokens = blockTokens
    this.configs = [input.timing, ...(input.moreTimings ?? [])].map((t) => makeReplicaConfig(t, input.maxBatch, input.prefillChunk, blockTokens))
    this.minBlocks = Math.min(...this.configs.map((c) => c.totalBlocks))
    this.maxBlocks = Math.max(...this.configs.map((c) => c.totalBlocks))
    this.source = input.source
    this.ignoresCompletions = input.source.ignoresCompletions === true
    this.drain = input.drain ?? false
  }
}

export class ServingSimulation implements ReplicaHost {
  readonly table = new RequestTable()
  /** Replica iteration boundaries, one per replica, rescheduled in place. */
  readonly timers = new TimerHeap()
  private readonly replicas: Replica[] = []
  private readonly workloads: Workload[]
  private readonly horizonSeconds: number
  private readonly timelineStepSeconds: number
  private readonly observer: RequestObserver | undefined
  private now = 0
  /** Some workload has held requests to release (set by a completion; handled in runUntil). */
  private dispatchPending = false
  /** Events handled so far (arrivals, replica boundaries, samples): a cost measure. */
  eventsProcessed = 0
  /** Index of the next timeline sample (at nextSample · step) and its time (Infinity: none left). */
  private nextSample = 1
  private nextSampleSeconds = Infinity
  private finished = false
  private readonly scratch: number[] = []
  private readonly scratchTargets: Replica[] = []
  /** The earliest pending arrival over the workloads (by time, then scheduling order), or Infinity. */
  private nextArrivalSeconds = Infinity
  private nextArrivalWorkload = -1
  private arrivalsScheduled = 0

  constructor(input: ServingInput) {
    this.horizonSeconds = input.horizonSeconds
    this.timelineStepSeconds = input.timelineStepSeconds ?? 60
    this.observer = input.onRequestComplete
    this.workloads = input.workloads.map((w, i) => new Workload(i, w, this.timelineStepSeconds))
    for (const w of this.workloads) {
      for (let r = 0; r < w.input.replicas; r++) this.addReplicaNow(w, 0)
      this.scheduleArrival(w)
    }
    if (this.timelineStepSeconds <= this.horizonSeconds)
      this.nextSampleSeconds = this.timelineStepSeconds
  }

  /** Current simulated time (seconds). */
  get nowSeconds(): number {
    return this.now
  }

  /** Process every event at or before `timeSeconds`; the clock then reads `timeSeconds`. */
  runUntil(timeSeconds: number): void {
    const timers = this.timers
    // Three sources merged by time; at equal times an arrival goes first (it joins a boundary at
    // the same instant), then a replica boundary, then a timeline sample. Each workload holds its
    // one pending arrival (see `Workload.arrivalAt`) and samples fall every timelineStepSeconds, so
    // only the replica boundaries need a heap.
    for (;;) {
      if (this.dispatchPending) this.releaseHeld()
      const ta = this.nextArrivalSeconds
      const tq = this.nextSampleSeconds
      const tr = timers.peekTime()
      if (ta <= tr && ta <= tq && ta !== Infinity) {
        if (ta > timeSeconds) break
        this.eventsProcessed++
        this.now = ta
        this.onArrival(this.workloads[this.nextArrivalWorkload]!, ta)
      } else if (tr <= tq && tr !== Infinity) {
        if (tr > timeSeconds) break
        this.eventsProcessed++
        this.now = tr
        this.replicas[timers.peekId()]!.onBoundary() // at this.now (see ReplicaHost)
      } else {
        if (tq === Infinity || tq > timeSeconds) break
        this.eventsProcessed++
        this.now = tq
        this.onSample(tq)
      }
    }
    if (timeSeconds > this.now && timeSeconds !== Infinity) this.now = timeSeconds
  }

  /**
   * Add a serving replica of `kind` (0: `timing`, k: `moreTimings[k − 1]`) to `workload` (index or
   * name) at `timeSeconds` (≥ now); returns its id.
   */
  addReplica(workload: number | string, timeSeconds: number, kind = 0): number {
    const w = this.workload(workload)
    if (!(kind >= 0 && kind < w.configs.length)) throw new RangeError(`workload ${w.input.name} has no replica kind ${kind}`)
    this.runUntil(timeSeconds)
    const r = this.addReplicaNow(w, this.now, kind)
    this.dispatchHeld(w)
    return r.id
  }

  /**
   * Take replica `replicaId` of `workload` out of service at `timeSeconds` (≥ now). Its running and
   * waiting requests go to the front of the other replicas' queues (or the workload's queue when
   * none is left), keeping their generated tokens to recompute; none is lost.
   */
  removeReplica(workload: number | string, replicaId: number, timeSeconds: number): void {
    const w = this.workload(workload)
    this.runUntil(timeSeconds)
    const r = w.replicas[replicaId]
    if (r === undefined || !r.alive) throw new RangeError(`workload ${w.input.name} has no serving replica ${replicaId}`)
    const moved = this.scratch
    moved.length = 0
    r.remove(this.now, moved)
    w.live.splice(w.live.indexOf(r), 1)
    w.stats.setReplicas(w.live.length, this.now)
    w.stats.requeued += moved.length
    const t = this.table
    if (w.live.length === 0) {
      for (const s of moved) w.holding.pushBack(s)
      return
    }
    // Route in FCFS order, then push to the fronts in reverse so each queue keeps that order.
    const targets = this.scratchTargets
    targets.length = 0
    const kept: number[] = []
    for (const s of moved) {
      const target = this.pick(w, s)
      if (target === undefined) {
        w.holding.pushBack(s)
        continue
      }
      target.outstandingTokens += t.promptTokens[s]! + t.outputTokens[s]!
      targets.push(target)
      kept.push(s)
    }
    for (let i = kept.length - 1; i >= 0; i--) targets[i]!.queue.pushFront(kept[i]!)
    for (const target of w.live) target.nudge()
  }

  /** Ids of the serving replicas of `workload`. */
  liveReplicaIds(workload: number | string): number[] {
    return this.workload(workload).live.map((r) => r.id)
  }

  /** Instantaneous state of `workload`. */
  snapshot(workload: number | string): WorkloadSnapshot {
    const w = this.workload(workload)
    let queueLength = w.holding.size
    let running = 0
    let used = 0
    let total = 0
    for (const r of w.live) {
      queueLength += r.queueLength
      running += r.numRunning
      used += r.usedBlocks
      total += r.totalBlocks
    }
    return { replicas: w.live.length, queueLength, running, kvUtilization: total > 0 ? used / total : 0 }
  }

  /**
   * Run to the horizon, then run the draining workloads' in-flight requests to completion, and
   * return the results. The simulation cannot continue afterwards.
   */
  finish(): ServingResult {
    if (!this.finished) {
      this.finished = true
      this.runUntil(this.horizonSeconds)
      for (const w of this.workloads) {
        if (w.drain) continue
        for (const r of w.live) r.stop(this.horizonSeconds)
        w.stopped = true
        w.endSeconds = this.horizonSeconds
      }
      if (this.workloads.some((w) => w.drain)) this.runUntil(Infinity)
      for (const w of this.workloads) {
        if (!w.drain) continue
        const last = w.stats.lastCompletionSeconds
        w.endSeconds = Math.max(this.horizonSeconds, last === last ? last : 0)
        for (const r of w.live) r.stop(w.endSeconds)
      }
      for (const w of this.workloads) w.stats.setReplicas(w.live.length, w.endSeconds)
    }
    return { horizonSeconds: this.horizonSeconds, workloads: this.workloads.map((w) => this.result(w)) }
  }

  /** Called by replicas: the request in `slot` completed now. */
  requestCompleted(workload: number, slot: number): void {
    const timeSeconds = this.now
    const w = this.workloads[workload]!
    const t = this.table
    t.completedSeconds[slot] = timeSeconds
    w.stats.recordCompletion(t, slot)
    if (w.holding.size > 0) {
      // Released once this replica's boundary is handled: never nudge a replica inside another's.
      w.dispatchPending = true
      this.dispatchPending = true
    }
    if (this.observer !== undefined)
      this.observer(
        workload,
        t.requestId[slot]!,
        t.arrivalSeconds[slot]!,
        t.firstTokenSeconds[slot]! - t.arrivalSeconds[slot]!,
        timeSeconds - t.arrivalSeconds[slot]!,
      )
    t.release(slot)
    // An open-loop source's next arrival is already scheduled (onArrival did it) and a completion
    // cannot move it: skip the no-op call and the re-check on every completion.
    if (w.ignoresCompletions) return
    w.source.onCompletion(timeSeconds)
    this.scheduleArrival(w)
  }

  private workload(w: number | string): Workload {
    const found = typeof w === "number" ? this.workloads[w] : this.workloads.find((x) => x.input.name === w)
    if (found === undefined) throw new RangeError(`no workload ${String(w)}`)
    return found
  }

  private addReplicaNow(w: Workload, timeSeconds: number, kind = 0): Replica {
    const r = new Replica(this, this.replicas.length, w.index, w.replicas.length, timeSeconds, w.configs[kind]!)
    w.kindOf.push(kind)
    this.replicas.push(r)
    w.replicas.push(r)
    w.live.push(r)
    w.stats.setReplicas(w.live.length, timeSeconds)
    return r
  }

  private scheduleArrival(w: Workload): void {
    if (w.stopped) return
    const next = w.source.peekTime()
    if (next <= this.horizonSeconds && next < w.arrivalScheduledAt) {
      // (Re)schedule: an earlier arrival replaces the pending one, as a newer event whose older
      // one is ignored would.
      w.arrivalScheduledAt = next
      w.arrivalAt = Math.max(next, this.now)
      w.arrivalSeq = this.arrivalsScheduled++
      this.findNextArrival()
    }
  }

  /** Recompute the earliest pending arrival over the workloads (ties: scheduled first). */
  private findNextArrival(): void {
    let best = -1
    let t = Infinity
    let seq = 0
    for (const w of this.workloads) {
      if (w.arrivalAt === Infinity) continue
      if (w.arrivalAt < t || (w.arrivalAt === t && w.arrivalSeq < seq)) {
        best = w.index
        t = w.arrivalAt
        seq = w.arrivalSeq
      }
    }
    this.nextArrivalSeconds = t
    this.nextArrivalWorkload = best
  }

  private onArrival(w: Workload, timeSeconds: number): void {
    w.arrivalScheduledAt = Infinity
    w.arrivalAt = Infinity
    const src = w.source
    src.take()
    const prompt = Math.max(1, Math.round(src.promptTokens))
    const output = Math.max(1, Math.round(src.outputTokens))
    const id = w.nextRequestId++
    w.stats.recordArrival(timeSeconds)
    // Largest KV footprint of a request: its last token's KV is never written (see replica.ts).
    const maxBlocks = Math.ceil((prompt + output - 1) / w.blockTokens)
    if (maxBlocks > w.maxBlocks) {
      w.stats.rejected++
      src.onCompletion(timeSeconds) // a closed-loop client gets its error and carries on
    } else {
      this.route(w, this.table.allocate(id, timeSeconds, prompt, output))
    }
    this.scheduleArrival(w)
    if (w.arrivalAt === Infinity) this.findNextArrival() // none rescheduled: drop the one just handled
  }

  /** KV blocks request `slot` holds at most: its last token's KV is never written (see replica.ts). */
  private blocksNeeded(w: Workload, slot: number): number {
    return Math.ceil((this.table.promptTokens[slot]! + this.table.outputTokens[slot]! - 1) / w.blockTokens)
  }

  /**
   * The replica for request `slot`: the router's pick among the live replicas, or, for a request
   * larger than the smallest replica kind's KV cache, among those that can hold it (undefined: none).
   */
  private pick(w: Workload, slot: number): Replica | undefined {
    if (w.minBlocks === w.maxBlocks) return w.router.pick(w.live)
    const need = this.blocksNeeded(w, slot)
    if (need <= w.minBlocks) return w.router.pick(w.live)
    const fitting = w.live.filter((r) => r.totalBlocks >= need)
    return fitting.length > 0 ? w.router.pick(fitting) : undefined
  }

  /** Release the held requests of every workload a completion marked (at the current instant). */
  private releaseHeld(): void {
    this.dispatchPending = false
    for (const w of this.workloads)
      if (w.dispatchPending) {
        w.dispatchPending = false
        this.dispatchHeld(w)
      }
  }

  /**
   * Requests held by the workload (no replica was serving, or none could hold them) go out as a
   * gateway's buffer releases them (Knative's activator): first come first served, each to the
   * router's pick among the live replicas with room — fewer than maxBatch requests queued or running
   * — and able to hold it. The rest stay held until a replica is added or completes a request, so a
   * backlog spreads over the replicas as they come back instead of all landing on the first.
   */
  private dispatchHeld(w: Workload): void {
    const t = this.table
    const maxBatch = w.input.maxBatch
    const open: Replica[] = []
    for (let n = w.holding.size; n > 0; n--) {
      const slot = w.holding.popFront()
      const need = this.blocksNeeded(w, slot)
      open.length = 0
      let fits = false
      for (const r of w.live) {
        if (r.totalBlocks < need) continue
        fits = true
        if (r.queue.size + r.numRunning < maxBatch) open.push(r)
      }
      if (!fits) {
        w.holding.pushBack(slot) // waits for a replica kind that can hold it
        continue
      }
      if (open.length === 0) {
        w.holding.pushFront(slot) // every replica that could take it is full: keep the order
        return
      }
      const r = w.router.pick(open)
      r.outstandingTokens += t.promptTokens[slot]! + t.outputTokens[slot]!
      r.queue.pushBack(slot)
      if (r.queue.size === 1) r.nudge()
    }
  }

  /** Send the request in `slot` to a replica now. */
  private route(w: Workload, slot: number): void {
    if (w.live.length === 0) {
      w.holding.pushBack(slot)
      return
    }
    const r = this.pick(w, slot)
    if (r === undefined) {
      w.holding.pushBack(slot)
      return
    }
    r.outstandingTokens += this.table.promptTokens[slot]! + this.table.outputTokens[slot]!
    r.queue.pushBack(slot)
    // Only a new queue head can change what the replica does next.
    if (r.queue.size === 1) r.nudge()
  }

  private onSample(timeSeconds: number): void {
    for (const w of this.workloads) {
      const s = this.snapshot(w.index)
      w.stats.sample(timeSeconds, s.queueLength, s.running, s.replicas, s.kvUtilization)
    }
    const next = ++this.nextSample * this.timelineStepSeconds
    this.nextSampleSeconds = next <= this.horizonSeconds ? next : Infinity
  }

  private result(w: Workload): WorkloadServingResult {
    const s = w.stats
    let inFlight = s.arrived - s.completed - s.rejected
    let busy = 0
    let kvBlockSeconds = 0
    let kvCapacitySeconds = 0
    let preempted = 0
    const replicas = w.replicas.map((r) => {
      const end = r.alive ? w.endSeconds : r.removedSeconds
      const life = Math.max(0, end - r.addedSeconds)
      busy += r.busySeconds
      kvBlockSeconds += r.kvBlockSeconds
      kvCapacitySeconds += r.totalBlocks * life
      preempted += r.preemptions
      return {
        id: r.id,
        kind: w.kindOf[r.id]!,
        addedSeconds: r.addedSeconds,
        removedSeconds: r.removedSeconds,
        busySeconds: r.busySeconds,
        kvUtilizationMean: life > 0 && r.totalBlocks > 0 ? r.kvBlockSeconds / (r.totalBlocks * life) : 0,
      }
    })
    if (inFlight < 0) inFlight = 0
    const spanEnd = w.drain ? s.lastCompletionSeconds : Math.min(s.lastCompletionSeconds, this.horizonSeconds)
    return {
      name: w.input.name,
      counts: {
        arrived: s.arrived,
        completed: s.completed,
        rejected: s.rejected,
        preempted,
        requeued: s.requeued,
        inFlightAtEnd: inFlight,
      },
      latency: { ttft: s.ttft, tpot: s.tpot, e2e: s.e2e, queue: s.queue },
      inputTokensCompleted: s.inputTokensCompleted,
      outputTokensCompleted: s.outputTokensCompleted,
      firstArrivalSeconds: s.firstArrivalSeconds,
      lastCompletionSeconds: s.lastCompletionSeconds,
      spanSeconds: spanEnd === spanEnd && s.firstArrivalSeconds === s.firstArrivalSeconds ? spanEnd - s.firstArrivalSeconds : 0,
      sloMet: s.sloMet,
      replicaSeconds: s.replicaSeconds,
      maxReplicas: s.maxReplicas,
      busySeconds: busy,
      kvUtilizationMean: kvCapacitySeconds > 0 ? kvBlockSeconds / kvCapacitySeconds : 0,
      replicas,
      timeline: s.timeline,
      endSeconds: w.endSeconds,
    }
  }
}

/** Simulate serving over the horizon (draining workloads that ask for it) and return the results. */
export const simulateServing = (input: ServingInput): ServingResult => new ServingSimulation(input).finish()
