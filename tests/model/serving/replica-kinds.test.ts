/**
 * Replica kinds: one workload served by replicas of different speed and KV capacity (a workload
 * spanning pools of different GPU types). Hand-computed single-request times per kind, KV-aware
 * routing of requests only the larger kind can hold, and rejection only when no kind can.
 */
import { describe, expect, it } from "vitest"
import { ServingSimulation, type ServingWorkloadInput } from "../../../src/model/serving/index.ts"
import { listSource, makeTestTiming, simpleTiming, type RequestSpec } from "./helpers.ts"

/** Twice as fast in every term as simpleTiming, with a quarter of its KV cache. */
const fastSmall = makeTestTiming({
  ...simpleTiming,
  kvCapacityTokens: 25_000,
  computePerToken: 0.5e-4,
  memoryBase: 0.005,
  memoryPerToken: 0.5e-6,
  stepOverhead: 0.001,
  perSequence: 0.5e-4,
  prefillOverhead: 0.0005,
})

const workload = (requests: RequestSpec[], extra: Partial<ServingWorkloadInput> = {}): ServingWorkloadInput => ({
  name: "chat",
  timing: makeTestTiming(simpleTiming),
  moreTimings: [fastSmall],
  replicas: 0,
  maxBatch: 8,
  prefillChunk: 2048,
  router: "round-robin",
  source: listSource(requests),
  ...extra,
})

describe("replica kinds in one workload", () => {
  it("each replica runs at its own kind's step times", () => {
    const seen: Array<[number, number, number]> = []
    const sim = new ServingSimulation({
      horizonSeconds: 100,
      workloads: [workload([{ time: 1, prompt: 100, output: 10 }, { time: 2, prompt: 100, output: 10 }])],
      onRequestComplete: (_w, id, _a, ttft, e2e) => seen.push([id, ttft, e2e]),
    })
    sim.addReplica(0, 0, 0)
    sim.addReplica(0, 0, 1)
    const r = sim.finish().workloads[0]!
    // Kind 0 (simpleTiming): prefill 0.013 s, e2e 0.122845 s (single-request.test.ts).
    // Kind 1, every term halved: prefill max(0.5e-4·100, 0.005) + 0.001 + 0.0005 = 0.0065 s; decode
    // steps 9·(0.005 + 0.001 + 0.5e-4) + 0.5e-6·945 = 0.0544500 + 0.0004725 → e2e 0.0614225 s.
    expect(seen[0]![0]).toBe(0)
    expect(seen[0]![1]).toBeCloseTo(0.013, 12)
    expect(seen[0]![2]).toBeCloseTo(0.122845, 12)
    expect(seen[1]![0]).toBe(1)
    expect(seen[1]![1]).toBeCloseTo(0.0065, 12)
    expect(seen[1]![2]).toBeCloseTo(0.0614225, 12)
    expect(r.replicas.map((x) => x.kind)).toEqual([0, 1])
  })

  it("a request only the larger kind can hold goes to it; one no kind can hold is rejected", () => {
    // fastSmall holds 25,000 tokens (1,562 blocks); simpleTiming 100,000 (6,250 blocks).
    const requests: RequestSpec[] = [
      { time: 0, prompt: 40_000, output: 10 }, // only kind 0
      { time: 0.001, prompt: 200_000, output: 10 }, // neither: rejected
      { time: 0.002, prompt: 100, output: 10 },
    ]
    const sim = new ServingSimulation({ horizonSeconds: 1000, workloads: [workload(requests, { router: "least-outstanding" })] })
    // The small fast replica first: least-outstanding would pick it for the first request.
    sim.addReplica(0, 0, 1)
    sim.addReplica(0, 0, 0)
    const r = sim.finish().workloads[0]!
    expect(r.counts).toMatchObject({ arrived: 3, completed: 2, rejected: 1, inFlightAtEnd: 0 })
    // The big request ran on kind 0 (busy far longer than kind 1's one short request).
    expect(r.replicas[1]!.kind).toBe(0)
    expect(r.replicas[1]!.busySeconds).toBeGreaterThan(2)
    expect(r.replicas[0]!.busySeconds).toBeLessThan(0.1)
  })

  it("a large request waits while only the small kind serves, and runs once a large replica is added", () => {
    const sim = new ServingSimulation({ horizonSeconds: 1000, workloads: [workload([{ time: 0, prompt: 40_000, output: 10 }, { time: 1, prompt: 100, output: 5 }])] })
    sim.addReplica(0, 0, 1)
    sim.runUntil(50)
    expect(sim.snapshot(0).queueLength).toBe(1) // held: nothing live can hold it
    sim.addReplica(0, 50, 0)
    const r = sim.finish().workloads[0]!
    expect(r.counts).toMatchObject({ arrived: 2, completed: 2, rejected: 0 })
    // Queued 50 s for a replica that can hold it.
    expect(r.latency.queue.max).toBeGreaterThanOrEqual(49.9)
  })

  it("an unknown kind is refused", () => {
    const sim = new ServingSimulation({ horizonSeconds: 10, workloads: [workload([])] })
    expect(() => sim.addReplica(0, 0, 2)).toThrow(/no replica kind 2/)
  })
})
