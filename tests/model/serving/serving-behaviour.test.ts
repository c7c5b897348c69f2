import { describe, expect, it } from "vitest"
import { ServingSimulation, simulateServing, type ServingWorkloadInput } from "../../../src/model/serving/index.ts"
import type { RequestSource } from "../../../src/model/demand/source.ts"
import { listSource, makeTestTiming, poissonSource, simpleTiming, uniformInt, type RequestSpec } from "./helpers.ts"

const chat = (source: RequestSource, extra: Partial<ServingWorkloadInput> = {}): ServingWorkloadInput => ({
  name: "chat",
  timing: makeTestTiming(simpleTiming),
  replicas: 2,
  maxBatch: 32,
  prefillChunk: 512,
  source,
  ...extra,
})

const burst = (n: number, prompt: number, output: number): RequestSpec[] =>
  Array.from({ length: n }, (_, i) => ({ time: i * 1e-3, prompt, output }))

describe("KV cache exhaustion", () => {
  it("preempts when decode growth runs out of blocks, and still completes every request", () => {
    // 64 blocks of 16 tokens; 20 requests of 200 + 300 tokens need up to 32 blocks each, so at most
    // ~5 fit at admission and the batch must shed sequences as they grow.
    const result = simulateServing({
      horizonSeconds: 3600,
      workloads: [chat(listSource(burst(20, 200, 300)), { replicas: 1, timing: makeTestTiming({ ...simpleTiming, kvCapacityTokens: 1024 }) })],
    })
    const w = result.workloads[0]!
    expect(w.counts.preempted).toBeGreaterThan(0)
    expect(w.counts.completed).toBe(20)
    expect(w.counts.inFlightAtEnd).toBe(0)
    expect(w.outputTokensCompleted).toBe(20 * 300)
    // KV use averages over the whole horizon; while busy the cache is mostly full.
    const busyUtilization = (w.kvUtilizationMean * 3600) / w.busySeconds
    expect(busyUtilization).toBeGreaterThan(0.7)
    expect(busyUtilization).toBeLessThanOrEqual(1)
  })
})

describe("Little's law", () => {
  it("time-average number in system = arrival rate × mean e2e (within 2%, 100k requests)", () => {
    const rate = 8
    const horizon = 12_500
    const sim = new ServingSimulation({
      horizonSeconds: horizon,
      workloads: [chat(poissonSource(3, rate, (r) => uniformInt(r, 50, 1500), (r) => uniformInt(r, 1, 400)), { replicas: 3 })],
    })
    // Sample the number in system (waiting + running) at 0.5 s intervals, after a warm-up.
    let sum = 0
    let samples = 0
    for (let t = 100; t < horizon; t += 0.5) {
      sim.runUntil(t)
      const s = sim.snapshot("chat")
      sum += s.queueLength + s.running
      samples++
    }
    const w = sim.finish().workloads[0]!
    const l = sum / samples
    const lambdaW = rate * w.latency.e2e.mean
    expect(w.counts.completed).toBeGreaterThan(95_000)
    expect(l).toBeGreaterThan(5) // a loaded system, not a trivially empty one
    expect(Math.abs(l - lambdaW) / lambdaW).toBeLessThan(0.02)
  })
})

describe("determinism", () => {
  it("the same seed gives identical results", () => {
    const run = () => {
      const log: number[] = []
      const r = simulateServing({
        horizonSeconds: 600,
        workloads: [chat(poissonSource(42, 5, (r) => uniformInt(r, 1, 3000), (r) => uniformInt(r, 1, 500)))],
        onRequestComplete: (_w, id, _a, ttft, e2e) => log.push(id, ttft, e2e),
      })
      const w = r.workloads[0]!
      return { log, counts: w.counts, p99: w.latency.ttft.quantile(0.99), timeline: w.timeline }
    }
    const a = run()
    expect(a.log.length).toBeGreaterThan(3 * 2000)
    expect(run()).toEqual(a)
  })
})

describe("replicas added and removed mid-run", () => {
  it("removeReplica re-queues in-flight requests at the front; nothing is lost", () => {
    const sim = new ServingSimulation({
      horizonSeconds: 400,
      workloads: [chat(poissonSource(7, 20, (r) => uniformInt(r, 100, 2000), (r) => uniformInt(r, 10, 400)), { replicas: 3, drain: true })],
    })
    sim.runUntil(100)
    const before = sim.snapshot(0)
    expect(before.running).toBeGreaterThan(0)
    sim.removeReplica("chat", 1, 100)
    expect(sim.liveReplicaIds(0)).toEqual([0, 2])
    expect(sim.snapshot(0).replicas).toBe(2)
    // In-flight requests moved, not dropped: waiting + running is unchanged at the instant of removal.
    const after = sim.snapshot(0)
    expect(after.queueLength + after.running).toBe(before.queueLength + before.running)
    sim.runUntil(200)
    const id = sim.addReplica(0, 200)
    expect(id).toBe(3)
    const w = sim.finish().workloads[0]!
    expect(w.counts.requeued).toBeGreaterThan(0)
    expect(w.counts.completed + w.counts.rejected).toBe(w.counts.arrived)
    expect(w.counts.inFlightAtEnd).toBe(0)
    expect(w.maxReplicas).toBe(3)
    expect(w.replicas[1]!.removedSeconds).toBe(100)
    expect(w.replicas[3]!.addedSeconds).toBe(200)
    // Replica-seconds: 3 replicas for 100 s, 2 for 100 s, then 3 until the end of the drain.
    expect(w.replicaSeconds).toBeCloseTo(300 + 200 + 3 * (w.endSeconds - 200), 6)
  })

  it("with no replica left, requests wait in the workload queue until one is added", () => {
    const sim = new ServingSimulation({
      horizonSeconds: 100,
      workloads: [chat(poissonSource(8, 4, () => 200, () => 50), { replicas: 1, drain: true })],
    })
    sim.runUntil(10)
    sim.removeReplica(0, 0, 10)
    sim.runUntil(30)
    expect(sim.snapshot(0).queueLength).toBeGreaterThan(40) // ≈ 4/s × 20 s, none served
    sim.addReplica(0, 30)
    const w = sim.finish().workloads[0]!
    expect(w.counts.completed).toBe(w.counts.arrived)
    expect(w.latency.queue.max).toBeGreaterThan(15) // the first ones waited ~20 s
  })
})

describe("the horizon", () => {
  const jobs = burst(400, 1000, 200)
  it("stops at the horizon unless draining, leaving requests in flight", () => {
    const w = simulateServing({ horizonSeconds: 5, workloads: [chat(listSource(jobs), { replicas: 1 })] }).workloads[0]!
    expect(w.counts.inFlightAtEnd).toBeGreaterThan(0)
    expect(w.counts.completed + w.counts.inFlightAtEnd).toBe(400)
    expect(w.endSeconds).toBe(5)
    expect(w.busySeconds).toBeCloseTo(5, 9)
  })

  it("a draining batch runs to completion and measures throughput over its makespan", () => {
    const w = simulateServing({ horizonSeconds: 5, workloads: [chat(listSource(jobs), { replicas: 1, drain: true })] }).workloads[0]!
    expect(w.counts.completed).toBe(400)
    expect(w.endSeconds).toBe(w.lastCompletionSeconds)
    expect(w.spanSeconds).toBeCloseTo(w.lastCompletionSeconds, 12) // first arrival at t = 0
    expect(w.spanSeconds).toBeGreaterThan(5)
  })
})

describe("several workloads in one event loop", () => {
  it("keeps each workload's requests, replicas and timeline apart", () => {
    const r = simulateServing({
      horizonSeconds: 600,
      timelineStepSeconds: 60,
      workloads: [
        chat(poissonSource(1, 3, () => 500, () => 100), { name: "a", replicas: 1 }),
        chat(poissonSource(2, 6, () => 100, () => 20), { name: "b", replicas: 2, router: "round-robin" }),
      ],
    })
    const [a, b] = r.workloads
    expect(a!.counts.arrived).toBeGreaterThan(1500)
    expect(b!.counts.arrived).toBeGreaterThan(3000)
    expect(a!.replicas).toHaveLength(1)
    expect(b!.replicas).toHaveLength(2)
    expect(a!.inputTokensCompleted).toBe(500 * a!.counts.completed)
    expect(b!.timeline.timeSeconds).toEqual([60, 120, 180, 240, 300, 360, 420, 480, 540, 600])
    expect(b!.timeline.replicas.every((x) => x === 2)).toBe(true)
    // Timeline arrivals are the per-period counts: they add up to the total.
    expect(b!.timeline.arrivals.reduce((s, x) => s + x, 0)).toBe(b!.counts.arrived)
  })
})

describe("closed-loop clients", () => {
  it("get onCompletion for every completion and keep a fixed number in flight", () => {
    // 4 clients, no think time, 200 requests each.
    let inFlight = 0
    let issued = 0
    let peak = 0
    const pending: number[] = [0, 0, 0, 0]
    let prompt = 0
    const source: RequestSource = {
      peekTime: () => (pending.length > 0 && issued < 800 ? pending[0]! : Infinity),
      take: () => {
        pending.shift()
        issued++
        inFlight++
        peak = Math.max(peak, inFlight)
        prompt = 100 + (issued % 7) * 50
      },
      get promptTokens() {
        return prompt
      },
      outputTokens: 30,
      onCompletion: (t) => {
        inFlight--
        pending.push(t)
      },
    }
    const w = simulateServing({ horizonSeconds: 1e5, workloads: [chat(source, { replicas: 1 })] }).workloads[0]!
    expect(w.counts.completed).toBe(800)
    expect(peak).toBe(4)
  })
})
