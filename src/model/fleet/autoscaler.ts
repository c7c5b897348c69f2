/**
 * One autoscaler between evaluations: its stabilization window and, for `ttftP90`, the TTFTs of the
 * requests completed since the last evaluation. `evaluate` turns a workload snapshot and the
 * workload's current nodes into the node count wanted on the autoscaler's pools (HPA semantics, see
 * hpa.ts), before the schedule's pre-warm minimum and the pools' bounds are applied.
 */
import { LogHistogram } from "../../sim/histogram.ts"
import { hpaDesiredReplicas, hpaScaleUpCap, scheduledMinNodes, StabilizationWindow } from "./hpa.ts"
import type { FleetAutoscalerSpec } from "./spec.ts"

/** What the autoscaler sees at an evaluation. */
export interface AutoscalerView {
  /** Serving replicas of the workload (every pool). */
  readonly readyReplicas: number
  readonly queueLength: number
  readonly running: number
  readonly kvUtilization: number
  /** Replicas of the workload on pools this autoscaler does not scale. */
  readonly fixedReplicas: number
  /** Nodes of the workload on this autoscaler's pools: requested, booting, loading or serving. */
  readonly scaledNodes: number
  readonly replicasPerNode: number
}

export class AutoscalerState {
  private readonly window: StabilizationWindow
  private ttft: LogHistogram | undefined
  evaluations = 0

  constructor(readonly spec: FleetAutoscalerSpec) {
    this.window = new StabilizationWindow(spec.scaleDownAfterSeconds)
    if (spec.metric === "ttftP90") this.ttft = new LogHistogram()
  }

  /** A request of the workload completed with this TTFT (only kept for `ttftP90`). */
  observeTtft(ttftSeconds: number): void {
    this.ttft?.add(ttftSeconds)
  }

  /** The metric per replica as the HPA averages it; NaN when there is nothing to measure. */
  metric(v: AutoscalerView): number {
    const ready = v.readyReplicas
    switch (this.spec.metric) {
      case "queueDepth": {
        // Requests outstanding at the replicas (waiting or in the batch), as Knative/KServe concurrency:
        // with continuous batching the waiting queue alone reads 0 whenever capacity suffices, which
        // would scale every workload down to its minimum between bursts.
        const outstanding = v.queueLength + v.running
        return ready > 0 ? outstanding / ready : outstanding
      }
      case "kvUtilization":
        return v.kvUtilization
      case "gpuBusy":
        // The engine's snapshot has no per-replica busy flag: a replica with a sequence is busy, so
        // min(1, running / replicas) is the busy share when sequences spread over replicas.
        return ready > 0 ? Math.min(1, v.running / ready) : v.running > 0 ? 1 : 0
      case "ttftP90": {
        const h = this.ttft!
        const p90 = h.count > 0 ? h.quantile(0.9) : Number.NaN
        this.ttft = new LogHistogram()
        return p90
      }
    }
  }

  /** Nodes wanted on the autoscaler's pools at `timeSeconds`. */
  evaluate(timeSeconds: number, v: AutoscalerView): number {
    this.evaluations++
    const s = this.spec
    const perNode = Math.max(1, v.replicasPerNode)
    const specReplicas = v.fixedReplicas + v.scaledNodes * perNode
    // The starting size counts as a recommendation made at t = 0: nothing scales in before the
    // stabilization window has passed once (a running HPA would have that history).
    if (this.evaluations === 1) this.window.recommend(0, specReplicas)
    const m = this.metric(v)
    // Nothing measured (no completion for ttftP90), or within the tolerance: keep the current size.
    const within = v.readyReplicas > 0 && Math.abs(m / s.target - 1) <= s.tolerance
    let desired = Number.isNaN(m) || within ? specReplicas : hpaDesiredReplicas(v.readyReplicas, m, s.target, s.tolerance)
    if (desired > specReplicas && s.scaleUpLimitNodes === undefined) desired = Math.min(desired, hpaScaleUpCap(specReplicas))
    // The schedule's minimum enters the recommendation (as a cron scaler's metric would), so leaving a
    // window scales down only after the stabilization window too.
    const scheduled = scheduledMinNodes(s.schedule, timeSeconds)
    const floor = v.fixedReplicas + scheduled * perNode
    if (desired < floor) desired = floor
    const stabilized = this.window.recommend(timeSeconds, desired)
    if (desired < specReplicas) desired = Math.min(specReplicas, stabilized)
    let nodes = Math.max(0, Math.ceil((desired - v.fixedReplicas) / perNode - 1e-9))
    if (s.scaleUpLimitNodes !== undefined) nodes = Math.min(nodes, v.scaledNodes + s.scaleUpLimitNodes)
    return Math.max(nodes, scheduled)
  }
}
