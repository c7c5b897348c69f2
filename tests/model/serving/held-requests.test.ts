/**
 * Requests that arrive while no replica serves are held by the workload (a gateway buffer) and
 * released as replicas come: a batch submitted at time 0 spreads over every replica that starts at
 * time 0, and a backlog spreads over replicas that come back one by one instead of all landing on
 * the first. Regression: a 200k-document batch once went entirely to one of four replicas (the
 * batch example reported 8.5 h instead of about 2 h).
 */
import { Effect } from "effect"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { ServingSimulation, type ServingWorkloadInput } from "../../../src/model/serving/index.ts"
import { loadScenario } from "../../../src/app/load-scenario.ts"
import { runScenario } from "../../../src/app/run.ts"
import { listSource, makeTestTiming, simpleTiming, type RequestSpec } from "./helpers.ts"

const batch = (n: number, at = 0): RequestSpec[] => Array.from({ length: n }, () => ({ time: at, prompt: 200, output: 20 }))

const workload = (requests: RequestSpec[]): ServingWorkloadInput => ({
  name: "batch",
  timing: makeTestTiming(simpleTiming),
  replicas: 0,
  maxBatch: 8,
  prefillChunk: 2048,
  source: listSource(requests),
  drain: true,
})

describe("held requests", () => {
  it("a batch submitted at time 0 spreads over every replica added at time 0", () => {
    const sim = new ServingSimulation({ horizonSeconds: 10, workloads: [workload(batch(400))] })
    for (let i = 0; i < 4; i++) sim.addReplica(0, 0)
    const r = sim.finish().workloads[0]!
    expect(r.counts.completed).toBe(400)
    const busy = r.replicas.map((x) => x.busySeconds)
    // Identical replicas and requests: equal shares of the work, to within one request's time.
    expect(Math.min(...busy) / Math.max(...busy)).toBeGreaterThan(0.95)
  })

  it("a backlog held while no replica serves spreads over replicas that come back one by one", () => {
    const sim = new ServingSimulation({ horizonSeconds: 10, workloads: [workload(batch(400, 1))] })
    sim.runUntil(2) // 400 requests held: no replica yet
    expect(sim.snapshot(0).queueLength).toBe(400)
    sim.addReplica(0, 2)
    // The first replica takes what it can batch (maxBatch 8); the other 392 stay with the workload.
    const s = sim.snapshot(0)
    expect(s.queueLength + s.running).toBe(400)
    expect(s.queueLength).toBeGreaterThanOrEqual(392)
    sim.addReplica(0, 2.01)
    sim.addReplica(0, 2.02)
    sim.addReplica(0, 2.03)
    const r = sim.finish().workloads[0]!
    expect(r.counts.completed).toBe(400)
    const busy = r.replicas.map((x) => x.busySeconds)
    expect(Math.min(...busy) / Math.max(...busy)).toBeGreaterThan(0.9)
  })

  it("the batch example finishes in about the analytic engine's time (within 10%)", async () => {
    const file = join(import.meta.dirname, "..", "..", "..", "scenarios", "batch-summarization.yaml")
    const loaded = await Effect.runPromise(loadScenario(file))
    const [des, analytic] = await Promise.all([
      Effect.runPromise(runScenario(loaded, { replications: 1 })),
      Effect.runPromise(runScenario(loaded, { replications: 1, engine: "analytic" })),
    ])
    const d = des.inference[0]!.throughput.spanSeconds
    const a = analytic.inference[0]!.throughput.spanSeconds
    expect(Math.abs(d / a - 1)).toBeLessThan(0.1)
    expect(des.inference[0]!.utilization.capacity).toBeGreaterThan(0.9)
  })
})
