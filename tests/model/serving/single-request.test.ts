import { describe, expect, it } from "vitest"
import { simulateServing, type ServingWorkloadInput } from "../../../src/model/serving/index.ts"
import { listSource, makeTestTiming, simpleTiming, type RequestSpec } from "./helpers.ts"

const workload = (requests: RequestSpec[], extra: Partial<ServingWorkloadInput> = {}): ServingWorkloadInput => ({
  name: "chat",
  timing: makeTestTiming(simpleTiming),
  replicas: 1,
  maxBatch: 8,
  prefillChunk: 2048,
  source: listSource(requests),
  ...extra,
})

describe("a request alone on a replica", () => {
  it("TTFT is its prefill iteration and e2e adds n − 1 decode steps", () => {
    const seen: number[][] = []
    const result = simulateServing({
      horizonSeconds: 100,
      workloads: [workload([{ time: 1, prompt: 100, output: 10 }])],
      onRequestComplete: (_w, id, arrival, ttft, e2e) => seen.push([id, arrival, ttft, e2e]),
    })
    // Prefill of 100 tokens: max(1e-4·100, 0.01 + 0) + 0.002 + 0.001 = 0.013 s.
    // Decode steps j = 0..8 read context C = 101..109: max(1e-4, 0.01 + C·1e-6) + 0.002 + 1e-4
    // = 0.0121 + C·1e-6, summing to 9·0.0121 + 945e-6 = 0.109845 s → e2e 0.122845 s.
    expect(seen).toHaveLength(1)
    const [id, arrival, ttft, e2e] = seen[0]!
    expect([id, arrival]).toEqual([0, 1])
    expect(ttft).toBeCloseTo(0.013, 12)
    expect(e2e).toBeCloseTo(0.122845, 12)
    const w = result.workloads[0]!
    expect(w.counts).toEqual({ arrived: 1, completed: 1, rejected: 0, preempted: 0, requeued: 0, inFlightAtEnd: 0 })
    expect(w.latency.tpot.mean).toBeCloseTo(0.109845 / 9, 12)
    expect(w.latency.queue.max).toBe(0)
    expect(w.busySeconds).toBeCloseTo(0.122845, 12)
    expect([w.inputTokensCompleted, w.outputTokensCompleted]).toEqual([100, 10])
  })

  it("a long prompt is prefilled in chunks of prefillChunk tokens", () => {
    let ttft = NaN
    simulateServing({
      horizonSeconds: 100,
      workloads: [workload([{ time: 0, prompt: 5000, output: 1 }])],
      onRequestComplete: (_w, _id, _a, t) => (ttft = t),
    })
    // Chunks 2048, 2048, 904 tokens; compute-bound: 0.2048 + 0.2048 + 0.0904 + 3·(0.002 + 0.001).
    expect(ttft).toBeCloseTo(0.2048 + 0.2048 + 0.0904 + 0.009, 12)
  })

  it("rejects a request that can never fit in the KV cache, and counts it", () => {
    const result = simulateServing({
      horizonSeconds: 100,
      // 64 blocks of 16 tokens; 1000 + 100 − 1 tokens need 69 blocks.
      workloads: [workload([{ time: 0, prompt: 1000, output: 100 }, { time: 1, prompt: 900, output: 100 }], {
        timing: makeTestTiming({ ...simpleTiming, kvCapacityTokens: 1024 }),
      })],
    })
    expect(result.workloads[0]!.counts).toMatchObject({ arrived: 2, completed: 1, rejected: 1, inFlightAtEnd: 0 })
  })

  it("meets the SLO only when every given bound holds", () => {
    const run = (ttftSeconds: number) =>
      simulateServing({
        horizonSeconds: 100,
        workloads: [workload([{ time: 1, prompt: 100, output: 10 }], { slo: { ttftSeconds, tpotSeconds: 0.05 } })],
      }).workloads[0]!.sloMet
    expect(run(0.014)).toBe(1) // TTFT 0.013 s
    expect(run(0.012)).toBe(0)
  })
})
