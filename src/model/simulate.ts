/**
 * One replication of a prepared scenario through the discrete-event engine: request sources seeded
 * from the replication's seed, replicas on their starting nodes, run to the horizon (batch work
 * drains). Runs in slices so a caller can report progress or stop early.
 */
import { Rng } from "../sim/rng.ts"
import { makeRequestSource } from "./demand/make-source.ts"
import type { PreparedScenario } from "./prepare.ts"
import { ServingSimulation } from "./serving/simulation.ts"
import type { ServingResult } from "./serving/types.ts"

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
const buildSimulation = (p: PreparedScenario, seed: number, horizonSeconds: number, timelineStepSeconds: number): ServingSimulation => {
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
      replicas: w.replicas,
      maxBatch: w.spec.engine.maxBatch,
      prefillChunk: w.spec.engine.prefillChunk,
      router: w.spec.engine.router,
      source: source.value,
      drain: w.drain,
      ...(w.slo ? { slo: w.slo } : {}),
    }
  })
  return new ServingSimulation({ horizonSeconds, workloads, timelineStepSeconds })
}

export const simulate = (p: PreparedScenario, opts: SimulateOptions): ServingResult => {
  const horizon = opts.horizonSeconds ?? p.scenario.horizon
  const step = opts.timelineStepSeconds ?? defaultTimelineStep(horizon)
  const sim = buildSimulation(p, opts.seed, horizon, step)
  if (opts.onProgress) {
    const slice = opts.sliceSeconds ?? horizon / 200
    for (let t = slice; t < horizon; t += slice) {
      sim.runUntil(t)
      if (opts.onProgress({ simulatedSeconds: t, horizonSeconds: horizon }) === false) break
    }
  }
  return sim.finish()
}

/** A timeline of at most ~1,500 points: per minute up to a day, coarser beyond. */
export const defaultTimelineStep = (horizonSeconds: number): number => {
  const steps = [60, 300, 900, 3600, 4 * 3600, 86400]
  return steps.find((s) => horizonSeconds / s <= 1500) ?? 86400
}
