/**
 * Capacity share: a fleet whose batches always run but hold few sequences is busy to nvidia-smi
 * and mostly idle as capacity. The share is served rate ÷ (replicas × one replica's capacity).
 */
import { describe, expect, it } from "vitest"
import { capacityUse } from "../../src/model/capacity-share.ts"
import type { PreparedWorkload } from "../../src/model/prepare.ts"
import type { WorkloadServingResult } from "../../src/model/serving/types.ts"
import type { ReplicaTiming } from "../../src/perf/replica-timing.ts"

/**
 * A replica whose every iteration takes 10 ms whatever it holds, with room for 100 sequences and
 * plenty of KV: with 1-token prompts and 100-token outputs a request holds a slot for the 99 decode
 * iterations after its first token = 0.99 s, so 100 slots serve 100 / 0.99 = 101.0 requests/s.
 */
const timing: ReplicaTiming = {
  kvCapacityTokens: 1e9,
  iterationSeconds: () => 0.01,
  decodeComputeSeconds: () => 0,
  decodeMemoryBaseSeconds: 0.01,
  decodeMemorySecondsPerToken: 0,
  decodeOverheadSeconds: () => 0,
}
const workload = { timing, spec: { engine: { maxBatch: 100, prefillChunk: 2048 } } } as unknown as PreparedWorkload
const result = (completedPerSecond: number, busyShare: number): WorkloadServingResult =>
  ({
    counts: { completed: completedPerSecond * 1000 },
    inputTokensCompleted: completedPerSecond * 1000 * 1,
    outputTokensCompleted: completedPerSecond * 1000 * 100,
    replicaSeconds: 2 * 1000,
    busySeconds: 2 * 1000 * busyShare,
    spanSeconds: 1000,
    endSeconds: 1000,
  }) as unknown as WorkloadServingResult

describe("capacity share", () => {
  it("one replica's capacity at a fixed 10 ms step: 100 slots / 0.99 s per request = 101.0 req/s (Little's law)", () => {
    const c = capacityUse(workload, result(10, 1))
    expect(c.replicaCapacityPerSecond).toBeGreaterThan(100 / 0.99 * 0.99)
    expect(c.replicaCapacityPerSecond).toBeLessThanOrEqual(100 / 0.99 * 1.0001)
  })

  it("10 req/s on 2 such replicas uses ~5% of the capacity although a batch always runs", () => {
    const c = capacityUse(workload, result(10, 1))
    expect(c.capacityShare).toBeCloseTo(10 / (2 * c.replicaCapacityPerSecond), 6)
    expect(c.capacityShare).toBeLessThan(0.06)
    expect(c.loadFactor).toBeCloseTo(c.capacityShare, 6)
  })

  it("the load factor scales batch-running time to capacity used, never above 1", () => {
    const half = capacityUse(workload, result(10, 0.5))
    expect(half.loadFactor).toBeCloseTo(half.capacityShare / 0.5, 6)
    expect(capacityUse(workload, result(1000, 1)).loadFactor).toBe(1)
  })

  it("a workload that served nothing used nothing", () => {
    expect(capacityUse(workload, result(0, 0))).toEqual({ replicaCapacityPerSecond: 0, capacityShare: 0, loadFactor: 0 })
  })
})
