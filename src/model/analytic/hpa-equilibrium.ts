/**
 * Where an autoscaler settles, in the analytic engine. The Kubernetes HPA asks for
 * desired = ceil(current · metric / target) (fleet/hpa.ts) every 15 s; over a quarter of an hour it
 * evaluates ~60 times, so for a demand that changes slowly (a diurnal day) it reaches the fixed
 * point metric(R) ≈ target: for `queueDepth` the in-flight requests per replica L/R ≈ target, with
 * L = λ·(time in system) by Little's law at the replicas' solved steady state (analyze.ts). The HPA
 * samples L, which fluctuates (Poisson when every request is in a batch), and scales in only to the
 * highest recommendation of its stabilization window, so it holds the replicas for the window's
 * expected maximum sample, not for the mean ({@link windowMaxZ}).
 *
 * The day is cut into steps (96 quarter-hours per day). Per step, starting from the previous
 * step's nodes (so the HPA's tolerance band keeps its hysteresis), the evaluation of
 * fleet/autoscaler.ts is repeated until the node count stops changing: the HPA's desired replicas,
 * the schedule's pre-warm minimum, nodes = ceil((desired − fixed)/replicasPerNode), then the
 * autoscaler's pools filled in order up to their maxima (as fleet.ts `onScale` does). Scale-up
 * limits and the stabilization window act within a step (minutes), so they change only the
 * transitions, which the fleet assembly (analytic-fleet.ts) charges as boot/load and scale-down lag.
 * `loadAt` is told the replicas per pool as well as their total, so a workload spanning GPU types
 * (fixed H200 baseline, scaled H100 burst) splits the rate over its kinds (analyze.ts).
 */
import { hpaDesiredReplicas, scheduledMinNodes } from "../fleet/hpa.ts"
import type { FleetAutoscalerSpec, FleetSpec } from "../fleet/spec.ts"
import { normalQuantile } from "./normal.ts"

/** What the replicas of a workload do at one total rate (requests/s) with `replicas` serving. */
export interface LoadState {
  /** False when the rate is beyond what the replicas serve (the queue grows). */
  readonly stable: boolean
  /** Requests waiting or in a batch, all replicas (Little's law). */
  readonly inFlight: number
  /**
   * Standard deviation of the in-flight count one evaluation samples: √inFlight when every request
   * is in a batch (M/G/∞: the count is Poisson), 0 for a deterministic load.
   */
  readonly inFlightSd: number
  /** Requests in a batch, all replicas. */
  readonly running: number
  /** Probability a replica has a non-empty batch. */
  readonly busyProbability: number
  /** Mean share of a replica's KV cache in use, 0..1. */
  readonly kvUtilization: number
  /** 90th percentile of TTFT, seconds. */
  readonly ttftP90Seconds: number
  /**
   * A workload spanning GPU types: per replica kind (index into `PreparedWorkload.kinds`; undefined
   * for a kind with no replica) its replicas, busy probability and KV share, which the fields above
   * combine (replica-weighted). Undefined for a workload of one GPU type.
   */
  readonly kinds?: ReadonlyArray<KindLoad | undefined>
}

/** What the replicas of one kind do, in a {@link LoadState} of a workload spanning GPU types. */
export interface KindLoad {
  readonly replicas: number
  readonly busyProbability: number
  readonly kvUtilization: number
}

/**
 * What the replicas do at `ratePerSecond` with `replicas` serving, all the workload's pools
 * (`replicasByPool`, per pool index, says where: fixed pools at their starting placement, the scaled
 * pools filled in order — what a workload spanning GPU types needs to split the demand).
 */
export type LoadAt = (ratePerSecond: number, replicas: number, replicasByPool?: ReadonlyArray<number>) => LoadState

/** One step of the profile: the rate over it, the nodes the HPA holds and what the replicas do. */
export interface ProfileStep {
  readonly startSeconds: number
  readonly seconds: number
  readonly ratePerSecond: number
  /** Serving replicas of the workload, every pool. */
  readonly replicas: number
  /** Nodes of the workload per pool index (the scaled pools' from the HPA, the others' fixed). */
  readonly nodesByPool: ReadonlyArray<number>
  /** Replicas per pool index. */
  readonly replicasByPool: ReadonlyArray<number>
  readonly state: LoadState
  /** The rate is beyond what the pools' maxima can serve. */
  readonly overloaded: boolean
}

export interface WorkloadProfile {
  readonly workload: number
  readonly autoscaler: FleetAutoscalerSpec
  readonly steps: ReadonlyArray<ProfileStep>
}

/** Steps per day: quarter-hours, fine enough for a diurnal cosine (the rate moves ≤ 6.5% of its mean per step at peakToMean 2). */
export const STEPS_PER_DAY = 96

/** Step length for a horizon: a quarter-hour, or 1/96 of a horizon shorter than a day. */
export const profileStepSeconds = (horizonSeconds: number): number => Math.min(86_400, Math.max(horizonSeconds, 1)) / STEPS_PER_DAY

/**
 * The level of the in-flight count the HPA acts on, in standard deviations above its mean: scale-in
 * follows the highest recommendation of the stabilization window (hpa.ts), n = scaleDownAfter /
 * interval nearly independent samples (15 s apart, longer than a chat request's seconds in the
 * system), whose expected maximum is Φ⁻¹((n − 0.375)/(n + 0.25)) (Blom's order-statistic
 * approximation): 1.87 for the default 300 s / 15 s.
 */
export const windowMaxZ = (a: FleetAutoscalerSpec): number => {
  const n = Math.max(1, Math.round(a.scaleDownAfterSeconds / a.intervalSeconds))
  return n <= 1 ? 0 : normalQuantile((n - 0.375) / (n + 0.25))
}

/** The HPA metric of a load state with `replicas` serving (as fleet/autoscaler.ts `metric` reads the snapshot), `z` deviations above the mean. */
export const hpaMetric = (metric: FleetAutoscalerSpec["metric"], s: LoadState, replicas: number, z = 0): number => {
  switch (metric) {
    case "queueDepth": {
      // A queue that grows reads as unbounded: the HPA scales up as far as it may.
      const level = s.inFlight + z * s.inFlightSd
      return !s.stable ? Infinity : replicas > 0 ? level / replicas : level
    }
    case "kvUtilization":
      return !s.stable ? 1 : s.kvUtilization
    case "gpuBusy":
      return !s.stable ? 1 : replicas > 0 ? Math.min(1, s.running / replicas) : s.running > 0 ? 1 : 0
    case "ttftP90":
      return !s.stable ? Infinity : s.ttftP90Seconds
  }
}

/** Most HPA iterations per step; the fixed point is reached in 2–3 for a smooth metric, the cap stops a non-monotone one (ttftP90) cycling. */
const MAX_ITERATIONS = 12

/**
 * The nodes an autoscaler holds, step by step over the horizon, for a workload whose total arrival
 * rate at time t is `rateAt(t)` (the step's midpoint is used).
 *
 * @example profileAutoscaler(fleet, fleet.autoscalers[0], (t) => 20, loadAt, 3600).steps[0].replicas
 */
export const profileAutoscaler = (spec: FleetSpec, a: FleetAutoscalerSpec, rateAt: (t: number) => number, loadAt: LoadAt, horizonSeconds: number): WorkloadProfile => {
  const w = spec.workloads[a.workload]!
  const perNode = Math.max(1, w.replicasPerNode)
  const P = spec.pools.length
  const scaled = a.pools
  // Replicas on pools this autoscaler does not scale stay at the starting placement.
  let fixedReplicas = 0
  for (let p = 0; p < P; p++) if (!scaled.includes(p)) fixedReplicas += w.initialReplicasByPool[p] ?? 0
  // Other workloads' starting nodes on the scaled pools take room (fleet.ts onScale `others`).
  const room = scaled.map((p) => {
    let others = 0
    spec.workloads.forEach((o, oi) => {
      if (oi !== a.workload && o.replicasPerNode > 0) others += Math.ceil((o.initialReplicasByPool[p] ?? 0) / o.replicasPerNode)
    })
    return Math.max(0, spec.pools[p]!.maxNodes - others)
  })
  const maxScaledNodes = room.reduce((s, r) => s + r, 0)
  let nodes = 0
  for (const p of scaled) nodes += Math.ceil((w.initialReplicasByPool[p] ?? 0) / perNode)
  /** Nodes and replicas per pool index with `scaledNodes` on the scaled pools, filled in order as fleet.ts onScale does. */
  const fill = (scaledNodes: number): { nodesByPool: number[]; replicasByPool: number[] } => {
    const nodesByPool = new Array<number>(P).fill(0)
    const replicasByPool = new Array<number>(P).fill(0)
    for (let p = 0; p < P; p++)
      if (!scaled.includes(p)) {
        const n = w.initialReplicasByPool[p] ?? 0
        replicasByPool[p] = n
        nodesByPool[p] = Math.ceil(n / perNode)
      }
    let left = scaledNodes
    scaled.forEach((p, i) => {
      const take = Math.min(left, room[i]!)
      nodesByPool[p] = take
      replicasByPool[p] = take * perNode
      left -= take
    })
    return { nodesByPool, replicasByPool }
  }
  const load = (rate: number, scaledNodes: number): LoadState => loadAt(rate, fixedReplicas + scaledNodes * perNode, fill(scaledNodes).replicasByPool)
  const dt = profileStepSeconds(horizonSeconds)
  const z = windowMaxZ(a)
  const steps: ProfileStep[] = []
  for (let k = 0; k * dt < horizonSeconds - 1e-9; k++) {
    const start = k * dt
    const seconds = Math.min(dt, horizonSeconds - start)
    const rate = rateAt(start + seconds / 2)
    const scheduled = scheduledMinNodes(a.schedule, start)
    let state = load(rate, nodes)
    for (let i = 0; i < MAX_ITERATIONS; i++) {
      const current = fixedReplicas + nodes * perNode
      const m = hpaMetric(a.metric, state, current, z)
      const within = current > 0 && Math.abs(m / a.target - 1) <= a.tolerance
      let desired = Number.isNaN(m) || within ? current : m === Infinity ? Infinity : hpaDesiredReplicas(current, m, a.target, a.tolerance)
      desired = Math.max(desired, fixedReplicas + scheduled * perNode)
      let next = desired === Infinity ? maxScaledNodes : Math.max(0, Math.ceil((desired - fixedReplicas) / perNode - 1e-9))
      next = Math.min(Math.max(next, scheduled), maxScaledNodes)
      if (next === nodes) break
      let after = load(rate, next)
      if (next < nodes && !after.stable && state.stable) {
        // Scaling in onto replicas that cannot keep up is undone as soon as the queue grows: the
        // HPA swings around the least node count that keeps up, which is where it is held here.
        while (next < nodes && !after.stable) after = load(rate, ++next)
        nodes = next
        state = after
        break
      }
      nodes = next
      state = after
    }
    // Fill the scaled pools in order, as fleet.ts onScale does.
    const { nodesByPool, replicasByPool } = fill(nodes)
    const replicas = fixedReplicas + nodes * perNode
    steps.push({ startSeconds: start, seconds, ratePerSecond: rate, replicas, nodesByPool, replicasByPool, state, overloaded: !state.stable && rate > 0 })
  }
  return { workload: a.workload, autoscaler: a, steps }
}
