/**
 * The analytic engine's fleet: per pool the nodes over the horizon, from the autoscaled workloads'
 * profiles (hpa-equilibrium.ts) and the fixed placement of the rest, in the shape of the
 * discrete-event fleet's result (fleet/result.ts), so the report and the cost ledger price both
 * engines the same way.
 *
 * A pool holds max(minNodes, the nodes its workloads use) — fleet.ts releases idle nodes above the
 * minimum; a pool no autoscaler scales keeps its starting nodes. Transitions cost what they cost in
 * the discrete-event fleet:
 * - a node added is requested nodeBoot + modelLoad before it serves (provisioning.ts): that time,
 *   paid, is booting then loading, taken from the end of the step before;
 * - a node removed is released only after the stabilization window (scaleDownAfter, hpa.ts), which
 *   it spends up, serving, at the start of the step.
 * Failures and spot reclaims are not modelled (no repair or replacement time).
 */
import type { PreparedScenario } from "../prepare.ts"
import type { WorkloadServingResult } from "../serving/types.ts"
import type { FleetPoolResult, FleetResult, FleetWorkloadResult } from "../fleet/result.ts"
import type { WorkloadProfile } from "./hpa-equilibrium.ts"

interface Segment {
  readonly nodes: number
  readonly seconds: number
}

/** Busy GPU-seconds of a fixed-placement workload per pool: its replicas in placement order. */
const fixedBusyByPool = (p: PreparedScenario, wi: number, r: WorkloadServingResult): Record<string, number> => {
  const w = p.workloads[wi]!
  const out: Record<string, number> = {}
  let k = 0
  for (const [pool, n] of Object.entries(w.replicasByPool))
    for (let j = 0; j < n && k < r.replicas.length; j++, k++) out[pool] = (out[pool] ?? 0) + r.replicas[k]!.busySeconds * w.gpusPerReplica
  return out
}

/**
 * Assemble the fleet result. `profiles[w]` is the autoscaled profile of workload w (undefined: its
 * starting placement); `results[w]` its serving result (for fixed workloads' busy time).
 */
export const analyticFleet = (
  p: PreparedScenario,
  profiles: ReadonlyArray<WorkloadProfile | undefined>,
  results: ReadonlyArray<WorkloadServingResult>,
  endSeconds: number,
  timelineStepSeconds: number,
): FleetResult => {
  const spec = p.fleet
  const scaledPools = new Set(profiles.flatMap((pr) => (pr ? pr.autoscaler.pools : [])))
  const workloads: FleetWorkloadResult[] = spec.workloads.map((w, wi) => {
    const pr = profiles[wi]
    if (!pr) return { name: w.name, busyGpuSecondsByPool: fixedBusyByPool(p, wi, results[wi]!), replicasLost: 0, replicasScaledDown: 0 }
    const busy: Record<string, number> = {}
    let scaledDown = 0
    pr.steps.forEach((s, k) => {
      s.replicasByPool.forEach((n, pi) => {
        // A workload spanning GPU types: the busy share of the pool's kind.
        const b = s.state.kinds?.[w.kindByPool[pi] ?? 0]?.busyProbability ?? s.state.busyProbability
        if (n > 0) busy[spec.pools[pi]!.name] = (busy[spec.pools[pi]!.name] ?? 0) + n * b * s.seconds * w.gpusPerReplica
      })
      if (k > 0) scaledDown += Math.max(0, pr.steps[k - 1]!.replicas - s.replicas)
    })
    return { name: w.name, busyGpuSecondsByPool: busy, replicasLost: 0, replicasScaledDown: scaledDown }
  })
  const stepsOf = profiles.find((pr) => pr !== undefined)?.steps ?? []
  const pools: FleetPoolResult[] = spec.pools.map((pool, pi) => {
    const gpn = pool.gpusPerNode
    const busyGpuSeconds = workloads.reduce((s, w) => s + (w.busyGpuSecondsByPool[pool.name] ?? 0), 0)
    const seg = (nodes: number, seconds: number): Segment => ({ nodes, seconds })
    // Nodes per step: the workloads' nodes (profiles or starting placement), at least the pool's minimum.
    let levels: number[]
    let lagSeconds = 0
    let upSeconds = 0
    let loadSeconds = 0
    if (!scaledPools.has(pi) || stepsOf.length === 0) levels = stepsOf.length > 0 ? stepsOf.map(() => pool.initialNodes) : [pool.initialNodes]
    else {
      levels = stepsOf.map((_, k) => {
        let used = 0
        spec.workloads.forEach((w, wi) => {
          const pr = profiles[wi]
          used += pr ? pr.steps[k]!.nodesByPool[pi]! : w.replicasPerNode > 0 ? Math.ceil((w.initialReplicasByPool[pi] ?? 0) / w.replicasPerNode) : 0
        })
        return Math.max(pool.minNodes, used)
      })
      for (const pr of profiles) if (pr && pr.autoscaler.pools.includes(pi)) lagSeconds = Math.max(lagSeconds, pr.autoscaler.scaleDownAfterSeconds)
      upSeconds = pool.nodeBootSeconds
      for (const [wi, pr] of profiles.entries()) if (pr && pr.autoscaler.pools.includes(pi)) loadSeconds = Math.max(loadSeconds, pool.modelLoadSecondsByWorkload[wi] ?? 0)
    }
    const stepSeconds = stepsOf.map((s) => s.seconds)
    if (stepSeconds.length === 0) stepSeconds.push(endSeconds)
    // Segments: each step at its level, shifted by the transitions' boot/load (before) and lag (after).
    const segments: Segment[] = []
    let booting = 0
    let loading = 0
    let requested = 0
    const first = levels[0]!
    if (first > pool.initialNodes) {
      // Requested at t = 0: paid from the start, serving only after boot and load.
      const added = first - pool.initialNodes
      booting += added * gpn * Math.min(upSeconds, stepSeconds[0]!)
      loading += added * gpn * Math.min(loadSeconds, Math.max(0, stepSeconds[0]! - upSeconds))
      requested += added
    }
    let carry = first < pool.initialNodes ? Math.min(lagSeconds, stepSeconds[0]!) : 0
    let carryLevel = pool.initialNodes
    for (let k = 0; k < levels.length; k++) {
      const n = levels[k]!
      const next = levels[k + 1]
      let len = stepSeconds[k]!
      if (carry > 0) {
        segments.push(seg(carryLevel, carry))
        len -= carry
        carry = 0
      }
      if (next !== undefined && next > n) {
        const lead = Math.min(upSeconds + loadSeconds, len)
        segments.push(seg(n, len - lead), seg(next, lead))
        const added = next - n
        booting += added * gpn * Math.min(upSeconds, lead)
        loading += added * gpn * Math.max(0, lead - upSeconds)
        requested += added
      } else segments.push(seg(n, len))
      if (next !== undefined && next < n) {
        carry = Math.min(lagSeconds, stepSeconds[k + 1]!)
        carryLevel = n
      }
    }
    const total = segments.reduce((s, g) => s + g.nodes * g.seconds, 0)
    const span = segments.reduce((s, g) => s + g.seconds, 0)
    const usedGpuSeconds = stepsOf.length > 0 && scaledPools.has(pi)
      ? stepsOf.reduce((sum, s, k) => {
          let used = 0
          for (const pr of profiles) if (pr) used += pr.steps[k]!.nodesByPool[pi]!
          spec.workloads.forEach((w, wi) => {
            if (!profiles[wi] && w.replicasPerNode > 0) used += Math.ceil((w.initialReplicasByPool[pi] ?? 0) / w.replicasPerNode)
          })
          return sum + used * gpn * s.seconds
        }, 0)
      : total * gpn
    const gpuSeconds = total * gpn
    const up = Math.max(0, gpuSeconds - booting - loading)
    const upInference = Math.min(up, usedGpuSeconds)
    const occupancy = new Map<number, number>()
    for (const g of segments) if (g.seconds > 0) occupancy.set(g.nodes * gpn, (occupancy.get(g.nodes * gpn) ?? 0) + g.seconds)
    // Node counts at the timeline's samples (the level of the step containing the sample).
    const timeline: number[] = []
    let k = 0
    let acc = stepSeconds[0]!
    for (let t = timelineStepSeconds; t <= endSeconds + 1e-9; t += timelineStepSeconds) {
      while (k < levels.length - 1 && acc < t) acc += stepSeconds[++k]!
      timeline.push(levels[k]!)
    }
    return {
      name: pool.name,
      gpusPerNode: gpn,
      provisionedGpuSeconds: { serving: up, booting, loading, draining: 0 },
      stateGpuSeconds: { booting, loading, up, draining: 0, repairing: 0, upInference, upTraining: 0, upIdle: up - upInference },
      occupancy: [...occupancy.entries()].sort((a, b) => a[0] - b[0]).map(([gpus, seconds]) => ({ gpus, seconds })),
      busyGpuSeconds,
      trainingBusyGpuSeconds: 0,
      meanNodes: span > 0 ? total / span : pool.initialNodes,
      maxNodes: Math.max(...levels, pool.initialNodes > 0 && levels.length === 0 ? pool.initialNodes : 0),
      nodesRequested: requested,
      failures: 0,
      interruptions: 0,
      timelineNodes: timeline,
      timelineServingNodes: timeline,
    }
  })
  return { endSeconds, pools, workloads, training: [], autoscalerEvaluations: 0 }
}
