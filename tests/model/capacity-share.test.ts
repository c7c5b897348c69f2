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

describe("capacity share of a workload spanning GPU types", () => {
  /** Kind 1 steps twice as slowly (20 ms): 100 slots / 1.98 s = 50.5 req/s, half of kind 0's 101.0. */
  const slow: ReplicaTiming = { ...timing, iterationSeconds: () => 0.02, decodeMemoryBaseSeconds: 0.02 }
  const mixed = { timing, kinds: [{ timing }, { timing: slow }], spec: { engine: { maxBatch: 100, prefillChunk: 2048 } } } as unknown as PreparedWorkload
  const replica = (id: number, kind: number, added: number, removed: number) => ({ id, kind, addedSeconds: added, removedSeconds: removed, busySeconds: 0, kvUtilizationMean: 0 })
  /** One kind-0 replica for the whole 1000 s, one kind-1 replica for its last 500 s: 1500 replica-seconds. */
  const run = {
    ...result(30, 1),
    replicaSeconds: 1500,
    busySeconds: 1500,
    replicas: [replica(0, 0, 0, NaN), replica(1, 1, 500, NaN)],
  } as unknown as WorkloadServingResult

  it("capacity = Σ over replicas of life × its kind's capacity ÷ span; the reported capacity is the replica-seconds-weighted mean", () => {
    const fast = capacityUse(workload, result(30, 1)).replicaCapacityPerSecond
    const c = capacityUse(mixed, run)
    // Kind 1 at half kind 0's speed serves half as much (a 1-token prompt: every iteration is decode).
    const half = capacityUse({ ...workload, timing: slow } as unknown as PreparedWorkload, result(30, 1)).replicaCapacityPerSecond
    expect(half / fast).toBeCloseTo(0.5, 3)
    expect(c.replicaCapacityPerSecond).toBeCloseTo((1000 * fast + 500 * half) / 1500, 9)
    expect(c.capacityShare).toBeCloseTo(30 / ((1000 * fast + 500 * half) / 1000), 9)
    // One kind's capacity (the first pool's) would overstate the fleet and understate the share.
    expect(c.capacityShare).toBeGreaterThan(30 / (1.5 * fast) * 1.1)
  })

  it("a replica removed before the end counts its life only", () => {
    const removed = { ...run, replicas: [replica(0, 0, 0, NaN), replica(1, 1, 500, 750)], replicaSeconds: 1250 } as unknown as WorkloadServingResult
    const fast = capacityUse(workload, result(30, 1)).replicaCapacityPerSecond
    const half = capacityUse({ ...workload, timing: slow } as unknown as PreparedWorkload, result(30, 1)).replicaCapacityPerSecond
    expect(capacityUse(mixed, removed).replicaCapacityPerSecond).toBeCloseTo((1000 * fast + 250 * half) / 1250, 9)
  })
})
