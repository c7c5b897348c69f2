/**
 * The fleet's part of the report: pools' provisioned GPU-hours by node state, mean node count,
 * failures and spot interruptions; per-pool node timelines; training jobs as simulated on the
 * shared fleet (method "simulated").
 */
import type { FleetResult } from "../model/fleet/result.ts"
import type { PreparedScenario } from "../model/prepare.ts"
import { round } from "./statistics.ts"
import type { PoolFleetReport, TrainingReport } from "./types.ts"

const hours = (gpuSeconds: number): number => round(gpuSeconds / 3600)

/** Per pool: what the fleet did with it. */
export const fleetPoolFields = (fleet: FleetResult): PoolFleetReport[] =>
  fleet.pools.map((p) => {
    const st = p.stateGpuSeconds
    const provisioned = st.booting + st.loading + st.up + st.draining + st.repairing
    return {
      meanNodes: round(p.meanNodes),
      maxNodes: p.maxNodes,
      gpuHoursProvisioned: hours(provisioned),
      gpuHoursBusy: hours(p.busyGpuSeconds),
      utilization: round(provisioned > 0 ? p.busyGpuSeconds / provisioned : 0),
      gpuHoursByState: {
        booting: hours(st.booting),
        loading: hours(st.loading),
        serving: hours(st.upInference),
        training: hours(st.upTraining),
        idle: hours(st.upIdle),
        draining: hours(st.draining),
        repairing: hours(st.repairing),
      },
      nodesRequested: p.nodesRequested,
      failures: p.failures,
      interruptions: p.interruptions,
    }
  })

/** `<pool>.nodes` (provisioned, every state) and `<pool>.servingNodes` (up, serving inference). */
export const fleetTimelineSeries = (fleet: FleetResult): Record<string, number[]> => {
  const series: Record<string, number[]> = {}
  for (const p of fleet.pools) {
    series[`${p.name}.nodes`] = p.timelineNodes.slice()
    series[`${p.name}.servingNodes`] = p.timelineServingNodes.slice()
  }
  return series
}

/** Training jobs as run on the simulated fleet. */
export const simulatedTraining = (p: PreparedScenario, fleet: FleetResult): TrainingReport[] =>
  p.training.map((t, i) => {
    const r = fleet.training[i]!
    const e = t.estimate
    return {
      name: t.name,
      completed: r.completed,
      wallClockSeconds: round(r.wallClockSeconds),
      gpuHours: round(r.gpuHours),
      flops: round(r.flops),
      mfu: round(r.achievedMfu),
      ettr: round(r.ettr),
      interruptions: r.failures + r.preemptions,
      deadlineMet: r.deadlineMet,
      finishSeconds: round(r.finishSeconds),
      gpus: t.gpus,
      parallelism: { tensor: e.layout.tensorParallel, pipeline: e.layout.pipelineParallel, data: e.layout.dataParallel, zeroStage: e.layout.zeroStage },
      method: r.completed ? "simulated" : "simulated (unfinished at the horizon; finish projected at full speed)",
      configuredMfu: round(e.mfu),
      failures: r.failures,
      preemptions: r.preemptions,
      lostComputeSeconds: round(r.lostComputeSeconds),
      waitingSeconds: round(r.waitingSeconds),
      pool: r.pool,
      analytic: { wallClockSeconds: round(e.wallClockSeconds), gpuHours: round(e.gpuHours), ettr: round(e.ettr) },
    }
  })
