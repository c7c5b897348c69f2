/**
 * The fleet: every pool a set of nodes that are requested, boot, load models, serve (inference,
 * training or nothing), fail and get repaired, get reclaimed (spot), drain and are released. Fleet
 * events (few: node-level) sit in their own queue and are interleaved with the serving simulation
 * (many: request-level) through `runUntil`; a replica exists in the serving engine only while its
 * node is up with the model loaded.
 *
 * Each workload has a target node count per pool (the starting placement, then its autoscalers');
 * `reconcile` moves nodes toward the targets: idle nodes first, then nodes a background training
 * job holds (it is preempted), then new nodes while the pool is below its maximum. Training gangs
 * take whole idle nodes; idle nodes above the pool's minimum are released.
 */
import { EventQueue } from "../../sim/event-queue.ts"
import type { Rng } from "../../sim/rng.ts"
import { standardExponential } from "../../sim/ziggurat.ts"
import type { ServingSimulation } from "../serving/simulation.ts"
import { AutoscalerState } from "./autoscaler.ts"
import { PoolLedger, type NodeState, type UpUse } from "./pool-ledger.ts"
import { countSpares, type FleetNode, idleNodes, nodesOf, pickToDrop } from "./node.ts"
import { NodeReplicas } from "./node-replicas.ts"
import type { FleetSpec } from "./spec.ts"
import { TrainingRun } from "./training-run.ts"

const K_BOOTED = 1
const K_LOADED = 2
const K_RELEASED = 3
const K_FAIL = 4
const K_REPAIRED = 5
const K_NOTICE = 6
const K_RECLAIM = 7
const K_SCALE = 8
const K_JOB_WAKE = 9
const K_JOB_RUN = 10
const K_JOB_DONE = 11
const K_SAMPLE = 12
/** At one instant: node transitions, then jobs, then autoscalers, then samples. */
const P_NODE = 0
const P_JOB = 1
const P_SCALE = 2
const P_SAMPLE = 3
const DAY = 86_400

export interface FleetStreams {
  readonly failures: Rng
  readonly reclaims: Rng
}

export class Fleet {
  readonly events = new EventQueue(256)
  readonly nodes: FleetNode[] = []
  readonly ledgers: PoolLedger[]
  readonly autoscalers: AutoscalerState[]
  readonly jobs: TrainingRun[]
  /** target[w][p]: nodes workload w wants on pool p. */
  readonly target: number[][]
  /** Replicas on nodes; `hosted.pool[w][replicaId]` is a replica's pool. */
  readonly hosted: NodeReplicas
  readonly replicasLost: number[]
  readonly replicasScaledDown: number[]
  readonly failures: number[]
  readonly reclaims: number[]
  readonly requested: number[]
  readonly maxNodesSeen: number[]
  readonly timelineNodes: number[][]
  readonly timelineServing: number[][]
  private nextSample = 1

  constructor(
    readonly spec: FleetSpec,
    readonly sim: ServingSimulation,
    private readonly streams: FleetStreams,
    readonly horizonSeconds: number,
    readonly timelineStepSeconds: number,
  ) {
    const P = spec.pools.length
    this.ledgers = spec.pools.map((p) => new PoolLedger(p.gpusPerNode))
    this.autoscalers = spec.autoscalers.filter((a) => spec.workloads[a.workload]!.replicasPerNode > 0).map((a) => new AutoscalerState(a))
    this.jobs = spec.training.map((t) => new TrainingRun(t))
    this.target = spec.workloads.map(() => new Array<number>(P).fill(0))
    this.hosted = new NodeReplicas(spec, sim, this.nodes)
    this.replicasLost = spec.workloads.map(() => 0)
    this.replicasScaledDown = spec.workloads.map(() => 0)
    this.failures = new Array<number>(P).fill(0)
    this.reclaims = new Array<number>(P).fill(0)
    this.requested = new Array<number>(P).fill(0)
    this.maxNodesSeen = new Array<number>(P).fill(0)
    this.timelineNodes = spec.pools.map(() => [])
    this.timelineServing = spec.pools.map(() => [])
  }

  /** Starting nodes up, the placement's replicas on them, the first autoscaler, job and sample events. */
  start(): void {
    const s = this.spec
    s.pools.forEach((p, pi) => {
      for (let k = 0; k < p.initialNodes + p.hotSpares; k++) {
        const n = this.newNode(pi, 0, "up", "idle")
        n.spare = k >= p.initialNodes
        this.arm(n, 0)
      }
    })
    s.workloads.forEach((w, wi) => {
      s.pools.forEach((_, pi) => {
        let left = w.initialReplicasByPool[pi] ?? 0
        if (left === 0) return
        const perNode = w.replicasPerNode
        const nodesPerReplica = perNode > 0 ? 1 : Math.ceil(w.gpusPerReplica / s.pools[pi]!.gpusPerNode)
        while (left > 0) {
          const group = idleNodes(this.nodes, pi, nodesPerReplica)
          if (group.length < nodesPerReplica) break
          const count = perNode > 0 ? Math.min(perNode, left) : 1
          for (const n of group) this.setUse(n, 0, "inference", wi)
          this.hosted.add(group, wi, count, 0)
          left -= count
        }
        this.target[wi]![pi] = nodesOf(this.nodes, wi, pi)
      })
    })
    for (const [i, a] of this.autoscalers.entries()) this.events.push(a.spec.intervalSeconds, P_SCALE, K_SCALE, i, 0)
    for (const [j, job] of this.jobs.entries()) this.events.push(job.spec.startSeconds, P_JOB, K_JOB_WAKE, j, 0)
    if (this.timelineStepSeconds <= this.horizonSeconds) this.events.push(this.timelineStepSeconds, P_SAMPLE, K_SAMPLE, 0, 0)
  }

  /** Request-level observer hook: TTFT of a completed request, for `ttftP90` autoscalers. */
  observeTtft(workload: number, ttftSeconds: number): void {
    for (const a of this.autoscalers) if (a.spec.workload === workload) a.observeTtft(ttftSeconds)
  }

  /** Run fleet and serving events up to `timeSeconds` (≤ the horizon). */
  runUntil(timeSeconds: number): void {
    const q = this.events
    while (q.peekTime() <= timeSeconds) {
      const t = q.peekTime()
      this.sim.runUntil(t)
      q.pop()
      this.handle(q.kind, q.target, q.generation, t)
    }
    this.sim.runUntil(timeSeconds)
  }

  private handle(kind: number, target: number, gen: number, t: number): void {
    if (kind === K_SCALE) return this.onScale(target, t)
    if (kind === K_SAMPLE) return this.onSample(t)
    if (kind >= K_JOB_WAKE) return this.onJob(kind, this.jobs[target]!, target, gen, t)
    const n = this.nodes[target]!
    const life = kind === K_FAIL || kind === K_NOTICE || kind === K_RECLAIM
    if (gen !== (life ? n.lifeGen : n.stepGen)) return
    switch (kind) {
      case K_BOOTED:
        if (n.workload >= 0) {
          this.move(n, t, "loading", null)
          this.events.push(t + this.loadSeconds(n), P_NODE, K_LOADED, n.id, n.stepGen)
        } else this.move(n, t, "up", "idle")
        this.arm(n, t)
        break
      case K_LOADED:
        this.move(n, t, "up", "inference")
        this.hosted.form(n, t)
        return
      case K_RELEASED:
        this.move(n, t, "released", null)
        return
      case K_REPAIRED:
        this.move(n, t, "up", "idle")
        n.spare = n.spareAfterRepair
        n.spareAfterRepair = false
        this.arm(n, t)
        break
      case K_FAIL:
        this.failures[n.pool]!++
        this.lose(n, t, "repairing")
        this.events.push(t + this.spec.pools[n.pool]!.repairSeconds, P_NODE, K_REPAIRED, n.id, n.stepGen)
        break
      case K_NOTICE:
        n.reclaiming = true
        this.reclaims[n.pool]!++
        this.events.push(t + this.spec.pools[n.pool]!.reclaimNoticeSeconds, P_NODE, K_RECLAIM, n.id, n.lifeGen)
        break
      case K_RECLAIM:
        this.lose(n, t, "released")
        break
    }
    this.reconcile(t)
  }

  private onJob(kind: number, job: TrainingRun, j: number, gen: number, t: number): void {
    if (kind === K_JOB_WAKE) {
      if (job.phase === "pending") job.phase = "waiting"
    } else if (gen !== job.generation) return
    else if (kind === K_JOB_RUN) {
      job.startRunning(t)
      this.events.push(t + job.secondsToFinish(), P_JOB, K_JOB_DONE, j, job.generation)
      return
    } else {
      for (const id of job.nodes) {
        const n = this.nodes[id]!
        n.job = -1
        this.setUse(n, t, "idle", -1)
      }
      job.complete(t)
    }
    this.reconcile(t)
  }

  /** A node fails or is reclaimed: its replicas vanish (requests re-queued), its job is interrupted. */
  private lose(n: FleetNode, t: number, to: "repairing" | "released"): void {
    n.lifeGen++
    n.stepGen++
    if (n.workload >= 0) this.replicasLost[n.workload]! += this.hosted.drop(n, t)
    if (n.job >= 0 && this.jobs[n.job]!.nodes.includes(n.id)) this.interruptJob(n.job, t, "failure")
    const p = this.spec.pools[n.pool]!
    if (to === "repairing" && !n.spare && p.hotSpares > 0) {
      const spare = this.nodes.find((m) => m.pool === n.pool && m.spare && m.state === "up" && m.use === "idle")
      if (spare) {
        spare.spare = false
        n.spareAfterRepair = true
      }
    }
    if (n.spare) {
      n.spare = false
      n.spareAfterRepair = true
    }
    const w = n.workload
    n.workload = -1
    n.job = -1
    n.reclaiming = false
    this.move(n, t, to, null)
    if (w >= 0 && this.spec.workloads[w]!.replicasPerNode === 0) this.hosted.formGroups(w, n.pool, t)
  }

  private interruptJob(j: number, t: number, cause: "failure" | "preemption"): void {
    const job = this.jobs[j]!
    for (const id of job.nodes) {
      const m = this.nodes[id]!
      m.job = -1
      if (m.state === "up") this.setUse(m, t, "idle", -1)
    }
    job.interrupt(t, cause)
  }

  /** Schedule the node's failure and reclaim clocks (exponential, memoryless). */
  private arm(n: FleetNode, t: number): void {
    const p = this.spec.pools[n.pool]!
    if (p.failuresPerNodeDay > 0) {
      const dt = (standardExponential(this.streams.failures) / p.failuresPerNodeDay) * DAY
      if (t + dt <= this.horizonSeconds) this.events.push(t + dt, P_NODE, K_FAIL, n.id, n.lifeGen)
    }
    if (p.reclaimsPerNodeDay > 0) {
      const dt = (standardExponential(this.streams.reclaims) / p.reclaimsPerNodeDay) * DAY
      if (t + dt <= this.horizonSeconds) this.events.push(t + dt, P_NODE, K_NOTICE, n.id, n.lifeGen)
    }
  }

  private onScale(i: number, t: number): void {
    const a = this.autoscalers[i]!
    const w = a.spec.workload
    const snap = this.sim.snapshot(w)
    let fixedReplicas = 0
    let scaledNodes = 0
    for (const n of this.nodes) {
      if (n.workload !== w || n.reclaiming) continue
      if (a.spec.pools.includes(n.pool)) scaledNodes++
      else fixedReplicas += n.replicas.length
    }
    const perNode = this.spec.workloads[w]!.replicasPerNode
    let want = a.evaluate(t, { readyReplicas: snap.replicas, queueLength: snap.queueLength, running: snap.running, kvUtilization: snap.kvUtilization, fixedReplicas, scaledNodes, replicasPerNode: perNode })
    for (const p of a.spec.pools) {
      const pool = this.spec.pools[p]!
      let others = 0
      for (const n of this.nodes) if (n.pool === p && n.state !== "released" && !n.spare && ((n.workload >= 0 && n.workload !== w) || (n.job >= 0 && this.jobs[n.job]!.spec.priority === "dedicated") || n.state === "repairing")) others++
      const take = Math.max(0, Math.min(want, pool.maxNodes - others))
      this.target[w]![p] = take
      want -= take
    }
    const next = t + a.spec.intervalSeconds
    if (next <= this.horizonSeconds) this.events.push(next, P_SCALE, K_SCALE, i, 0)
    this.reconcile(t)
  }

  private onSample(t: number): void {
    this.spec.pools.forEach((_, p) => {
      this.timelineNodes[p]!.push(this.ledgers[p]!.provisionedNodes)
      this.timelineServing[p]!.push(this.ledgers[p]!.servingNodes)
    })
    const next = ++this.nextSample * this.timelineStepSeconds
    if (next <= this.horizonSeconds) this.events.push(next, P_SAMPLE, K_SAMPLE, 0, 0)
  }

  /** Move nodes toward the targets, start waiting training jobs, release what nobody needs. */
  private reconcile(t: number): void {
    const s = this.spec
    for (let p = 0; p < s.pools.length; p++) {
      const pool = s.pools[p]!
      for (let w = 0; w < s.workloads.length; w++) {
        let have = nodesOf(this.nodes, w, p)
        const want = this.target[w]![p]!
        while (have > want) {
          const n = pickToDrop(this.nodes, w, p)!
          this.unassign(n, t)
          have--
        }
        while (have < want) {
          const idle = idleNodes(this.nodes, p, 1)[0]
          if (idle) {
            idle.workload = w
            this.move(idle, t, "loading", null)
            this.events.push(t + this.loadSeconds(idle), P_NODE, K_LOADED, idle.id, idle.stepGen)
          } else {
            const bg = this.jobs.findIndex((j) => j.pool === p && j.spec.priority === "background" && (j.phase === "running" || j.phase === "restarting"))
            if (bg >= 0) {
              this.interruptJob(bg, t, "preemption")
              continue
            }
            if (this.ledgers[p]!.provisionedNodes >= pool.maxNodes + pool.hotSpares) break
            const n = this.newNode(p, t, "booting", null)
            n.workload = w
            this.requested[p]!++
            this.events.push(t + pool.nodeBootSeconds, P_NODE, K_BOOTED, n.id, n.stepGen)
          }
          have++
        }
      }
    }
    for (const priority of ["dedicated", "background"] as const) {
      for (const [j, job] of this.jobs.entries()) {
        if (job.phase !== "waiting" || job.spec.priority !== priority) continue
        let started = false
        for (const p of job.spec.pools) {
          const need = job.nodesNeeded(s.pools[p]!.gpusPerNode)
          // Nodes requested for this job (dedicated, elastic pool) and already up come first.
          const mine = this.nodes.filter((n) => n.pool === p && n.job === j && n.state === "up")
          const idle = mine.concat(idleNodes(this.nodes, p, need - mine.length))
          if (idle.length < need) continue
          started = true
          for (const n of idle) {
            n.job = j
            this.setUse(n, t, "training", -1)
          }
          const restart = job.acquire(t, p, idle.map((n) => n.id))
          this.events.push(t + (restart > 0 ? restart : job.secondsToFinish()), P_JOB, restart > 0 ? K_JOB_RUN : K_JOB_DONE, j, job.generation)
          break
        }
        if (!started && priority === "dedicated") this.requestForJob(j, t)
      }
    }
    for (let p = 0; p < s.pools.length; p++) {
      const pool = s.pools[p]!
      let regular = this.ledgers[p]!.provisionedNodes - countSpares(this.nodes, p)
      for (let i = this.nodes.length - 1; i >= 0 && regular > pool.minNodes; i--) {
        const n = this.nodes[i]!
        if (n.pool !== p || n.spare || n.workload >= 0 || n.job >= 0) continue
        if (n.state === "up" && n.use === "idle") {
          this.release(n, t)
          regular--
        }
      }
    }
  }

  /** A dedicated job short of nodes asks its first elastic pool with room for the missing ones. */
  private requestForJob(j: number, t: number): void {
    const job = this.jobs[j]!
    for (const p of job.spec.pools) {
      const pool = this.spec.pools[p]!
      const need = job.nodesNeeded(pool.gpusPerNode)
      let have = idleNodes(this.nodes, p, need).length
      for (const n of this.nodes) if (n.pool === p && n.job === j && (n.state === "booting" || n.state === "up")) have++
      const room = pool.maxNodes + pool.hotSpares - this.ledgers[p]!.provisionedNodes
      if (need - have > room) continue
      for (let k = have; k < need; k++) {
        const n = this.newNode(p, t, "booting", null)
        n.job = j
        this.requested[p]!++
        this.events.push(t + pool.nodeBootSeconds, P_NODE, K_BOOTED, n.id, n.stepGen)
      }
      return
    }
  }

  private release(n: FleetNode, t: number): void {
    n.lifeGen++
    n.stepGen++
    const seconds = this.spec.pools[n.pool]!.releaseSeconds
    if (seconds > 0) {
      this.move(n, t, "draining", null)
      this.events.push(t + seconds, P_NODE, K_RELEASED, n.id, n.stepGen)
    } else this.move(n, t, "released", null)
  }

  /** Take a node away from its workload: a booting one is released, a loading or serving one becomes idle. */
  private unassign(n: FleetNode, t: number): void {
    const w = n.workload
    n.workload = -1
    if (n.state === "booting") return this.release(n, t)
    n.stepGen++
    this.replicasScaledDown[w]! += this.hosted.drop(n, t, w)
    this.move(n, t, "up", "idle")
  }






  private setUse(n: FleetNode, t: number, use: UpUse, w: number): void {
    if (w >= 0) n.workload = w
    this.ledgers[n.pool]!.move(t, n.state, n.use, n.state, use)
    n.use = use
  }

  private move(n: FleetNode, t: number, to: NodeState, use: UpUse | null): void {
    this.ledgers[n.pool]!.move(t, n.state, n.use, to, use)
    n.state = to
    n.use = to === "up" ? use : null
    const prov = this.ledgers[n.pool]!.provisionedNodes
    if (prov > this.maxNodesSeen[n.pool]!) this.maxNodesSeen[n.pool] = prov
  }

  private newNode(pool: number, t: number, state: NodeState, use: UpUse | null): FleetNode {
    const n: FleetNode = { id: this.nodes.length, pool, state: "released", use: null, workload: -1, job: -1, replicas: [], spare: false, spareAfterRepair: false, reclaiming: false, stepGen: 0, lifeGen: 0 }
    this.nodes.push(n)
    this.move(n, t, state, use)
    return n
  }

  private loadSeconds(n: FleetNode): number {
    return this.spec.pools[n.pool]!.modelLoadSecondsByWorkload[n.workload]!
  }



}
