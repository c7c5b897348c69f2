/**
 * One replication of a prepared scenario through the discrete-event engine: request sources seeded
 * from the replication's seed, the fleet (nodes, autoscalers, failures, spot reclaims, training
 * jobs) interleaved with the serving engine, run to the horizon (batch work drains). Runs in slices
 * so a caller can report progress or stop early.
 */
import { Rng } from "../sim/rng.ts"
import { makeRequestSource } from "./demand/make-source.ts"
import { Fleet } from "./fleet/fleet.ts"
import { fleetResult } from "./fleet/fleet-result.ts"
import type { SimulationResult } from "./fleet/result.ts"
import type { PreparedScenario } from "./prepare.ts"
import { ServingSimulation } from "./serving/simulation.ts"
import type { RequestObserver } from "./serving/types.ts"

/** Stream numbers of the fleet's random draws, apart from the request sources' (forked 0, 1, …). */
const FAILURE_STREAM = 0x6661_696c
const RECLAIM_STREAM = 0x7370_6f74

export interface SimulationProgress {
  /** Simulated seconds done. */
  readonly simulatedSeconds: number
  readonly horizonSeconds: number
}

export interface SimulateOptions {
  readonly seed: number
  readonly horizonSeconds?: number
  /** Called between slices; return false to stop early. */
  readonly onProgress?: (p: SimulationProgress) => boolean | void
  /** Simulated seconds per slice (default: 1/200 of the horizon). */
  readonly sliceSeconds?: number
  readonly timelineStepSeconds?: number
}

/** Thrown (and caught by the app) when a source cannot be built; carries the scenario path. */
export class SourceProblem extends Error {
  constructor(readonly path: ReadonlyArray<string | number>, message: string) {
    super(message)
  }
}

/** The serving input of one replication. */
const buildSimulation = (p: PreparedScenario, seed: number, horizonSeconds: number, timelineStepSeconds: number, observer?: RequestObserver): ServingSimulation => {
  const root = new Rng(seed)
  const workloads = p.workloads.map((w, i) => {
    const source = makeRequestSource({
      arrivals: w.arrivals,
      ...(w.promptTokens ? { promptTokens: w.promptTokens } : {}),
      ...(w.outputTokens ? { outputTokens: w.outputTokens } : {}),
      rng: root.fork(i),
      horizonSeconds,
      ...(w.trace ? { trace: w.trace } : {}),
      ...(w.empirical ? { empirical: w.empirical } : {}),
    })
    if (!source.ok) throw new SourceProblem(["inference", p.scenario.inference.findIndex((x) => x.name === w.name), ...source.path], source.message)
    return {
      name: w.name,
      timing: w.timing,
      ...(w.kinds.length > 1 ? { moreTimings: w.kinds.slice(1).map((k) => k.timing) } : {}),
      replicas: 0, // the fleet adds them as their nodes come up
      maxBatch: w.spec.engine.maxBatch,
      prefillChunk: w.spec.engine.prefillChunk,
      router: w.spec.engine.router,
      source: source.value,
      drain: w.drain,
      ...(w.slo ? { slo: w.slo } : {}),
    }
  })
  return new ServingSimulation({ horizonSeconds, workloads, timelineStepSeconds, ...(observer ? { onRequestComplete: observer } : {}) })
}

export const simulate = (p: PreparedScenario, opts: SimulateOptions): SimulationResult => {
  const horizon = opts.horizonSeconds ?? p.scenario.horizon
  const step = opts.timelineStepSeconds ?? defaultTimelineStep(horizon)
  const holder: { fleet?: Fleet } = {}
  const ttft = p.fleet.autoscalers.some((a) => a.metric === "ttftP90")
  const sim = buildSimulation(p, opts.seed, horizon, step, ttft ? (w, _id, _arrival, ttftSeconds) => holder.fleet!.observeTtft(w, ttftSeconds) : undefined)
  const streams = { failures: new Rng(opts.seed).fork(FAILURE_STREAM), reclaims: new Rng(opts.seed).fork(RECLAIM_STREAM) }
  const fleet = new Fleet(p.fleet, sim, streams, horizon, step)
  holder.fleet = fleet
  fleet.start()
  let stopped = false
  if (opts.onProgress) {
    const slice = opts.sliceSeconds ?? horizon / 200
    for (let t = slice; t < horizon; t += slice) {
      fleet.runUntil(t)
      if (opts.onProgress({ simulatedSeconds: t, horizonSeconds: horizon }) === false) {
        stopped = true
        break
      }
    }
  }
  if (!stopped) fleet.runUntil(horizon)
  const serving = sim.finish()
  return { ...serving, fleet: fleetResult(fleet, serving) }
}

/** A timeline of at most ~1,500 points: per minute up to a day, coarser beyond. */
export const defaultTimelineStep = (horizonSeconds: number): number => {
  const steps = [60, 300, 900, 3600, 4 * 3600, 86400]
  return steps.find((s) => horizonSeconds / s <= 1500) ?? 86400
}
