/** A finished fleet run → its plain-number result (see result.ts). */
import type { ServingResult } from "../serving/types.ts"
import { wallSecondsFor } from "./checkpoint-cycle.ts"
import type { Fleet } from "./fleet.ts"
import type { FleetResult, FleetTrainingResult } from "./result.ts"
import type { TrainingRun } from "./training-run.ts"

const trainingResult = (f: Fleet, job: TrainingRun, stopSeconds: number): FleetTrainingResult & { readonly computeByPool: Map<number, number> } => {
  const s = job.spec
  const settled = job.settle(stopSeconds)
  const computeByPool = new Map(job.computeSecondsByPool)
  const running = settled.computeSeconds - job.computeSeconds
  if (running > 0) computeByPool.set(job.pool, (computeByPool.get(job.pool) ?? 0) + running)
  const completed = job.phase === "done"
  const remaining = Math.max(0, job.totalComputeSeconds - settled.usefulComputeSeconds)
  const finishSeconds = completed
    ? job.finishSeconds
    : stopSeconds + wallSecondsFor(remaining, s.checkpointIntervalSeconds, s.checkpointWriteSeconds) + (job.phase === "running" ? 0 : s.restartSeconds)
  const end = completed ? job.finishSeconds : stopSeconds
  const wall = Math.max(0, end - s.startSeconds)
  const held = settled.heldSeconds
  const usefulFlops = Math.min(s.flops, settled.usefulComputeSeconds * s.flopsPerSecond)
  const pool = job.pool >= 0 ? job.pool : [...computeByPool.keys()].at(-1)
  return {
    name: s.name,
    completed,
    wallClockSeconds: wall,
    finishSeconds,
    gpuHours: (s.gpus * held) / 3600,
    flops: s.flops,
    achievedMfu: held > 0 ? usefulFlops / (held * s.gpus * s.peakFlopsPerGpu) : 0,
    ettr: held > 0 ? Math.min(1, settled.usefulComputeSeconds / held) : 0,
    failures: job.failures,
    preemptions: job.preemptions,
    lostComputeSeconds: job.lostComputeSeconds,
    waitingSeconds: Math.max(0, wall - held),
    deadlineMet: s.deadlineSeconds === undefined ? null : finishSeconds <= s.deadlineSeconds,
    pool: pool !== undefined && pool >= 0 ? f.spec.pools[pool]!.name : null,
    computeByPool,
  }
}

/** Close the books at the end of the run (the horizon, or later when batch work drained). */
export const fleetResult = (f: Fleet, serving: ServingResult): FleetResult => {
  const end = Math.max(serving.horizonSeconds, ...serving.workloads.map((w) => w.endSeconds))
  const stop = Math.min(end, f.horizonSeconds)
  const spec = f.spec
  const training = f.jobs.map((j) => trainingResult(f, j, stop))
  const busyByPool = spec.pools.map(() => 0)
  const trainingBusy = spec.pools.map(() => 0)
  const workloads = spec.workloads.map((w, wi) => {
    const byPool: Record<string, number> = {}
    for (const r of serving.workloads[wi]!.replicas) {
      const p = f.hosted.pool[wi]![r.id] ?? w.pools[0]!
      const gpuSeconds = r.busySeconds * w.gpusPerReplica
      busyByPool[p]! += gpuSeconds
      const name = spec.pools[p]!.name
      byPool[name] = (byPool[name] ?? 0) + gpuSeconds
    }
    return { name: w.name, busyGpuSecondsByPool: byPool, replicasLost: f.replicasLost[wi]!, replicasScaledDown: f.replicasScaledDown[wi]! }
  })
  training.forEach((t, j) => {
    for (const [p, seconds] of t.computeByPool) if (p >= 0) trainingBusy[p]! += seconds * f.jobs[j]!.spec.gpus
  })
  const pools = spec.pools.map((p, i) => {
    const ledger = f.ledgers[i]!
    ledger.advance(end)
    const st = ledger.stateSeconds()
    return {
      name: p.name,
      gpusPerNode: p.gpusPerNode,
      provisionedGpuSeconds: { serving: st.up, booting: st.booting + st.repairing, loading: st.loading, draining: st.draining },
      stateGpuSeconds: st,
      occupancy: ledger.occupancySegments(),
      busyGpuSeconds: busyByPool[i]! + trainingBusy[i]!,
      trainingBusyGpuSeconds: trainingBusy[i]!,
      meanNodes: end > 0 ? ledger.provisionedNodeSeconds / end : 0,
      maxNodes: f.maxNodesSeen[i]!,
      nodesRequested: f.requested[i]!,
      failures: f.failures[i]!,
      interruptions: f.reclaims[i]!,
      timelineNodes: f.timelineNodes[i]!,
      timelineServingNodes: f.timelineServing[i]!,
    }
  })
  return {
    endSeconds: end,
    pools,
    workloads,
    training: training.map(({ computeByPool: _, ...t }) => t),
    autoscalerEvaluations: f.autoscalers.reduce((n, a) => n + a.evaluations, 0),
  }
}
