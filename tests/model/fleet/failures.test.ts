/**
 * Failures and spot reclaims: replicas on a lost node vanish and their requests are re-queued,
 * never lost; same seed → byte-identical report with failures and spot on.
 */
import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { decodeScenarioText } from "../../../src/app/load-scenario.ts"
import { runScenario } from "../../../src/app/run.ts"
import { simulate } from "../../../src/model/simulate.ts"
import { prepareText } from "../analytic-helpers.ts"

// 3,000 requests at once on two 1-GPU nodes that fail about every 7 minutes each (200 per GPU-day),
// repaired in 5 minutes: the batch takes long enough that nodes fail under it.
const failing = (perGpuDay: number) => `
name: failures under a batch
horizon: 6h
pools:
  - name: p
    gpu: H100-SXM
    gpusPerNode: 1
    nodes: 2
    failures: { perGpuDay: ${perGpuDay}, repair: 5m }
    pricing: { kind: on-demand, perGpuHour: 2 }
inference:
  - name: w
    model: llama-3.1-8b
    weights: bf16
    replica: { tensorParallel: 1 }
    arrivals: { pattern: batch, requests: 3000 }
    promptTokens: { distribution: fixed, value: 2000 }
    outputTokens: { distribution: fixed, value: 1000 }
`

describe("node failures", () => {
  it("a failed node's requests are re-queued and every request still completes", () => {
    const r = simulate(prepareText(failing(200)), { seed: 3 })
    const w = r.workloads[0]!
    const pool = r.fleet!.pools[0]!
    expect(pool.failures).toBeGreaterThan(0)
    // One replica per node: a failure takes it, unless the node was still loading the model after a repair.
    expect(r.fleet!.workloads[0]!.replicasLost).toBeGreaterThan(0)
    expect(r.fleet!.workloads[0]!.replicasLost).toBeLessThanOrEqual(pool.failures)
    expect(w.counts.requeued).toBeGreaterThan(0)
    expect(w.counts.completed).toBe(3000)
    expect(w.counts.inFlightAtEnd).toBe(0)
    // Repair time is paid: each failure costs 5 minutes of one GPU in the repairing state (the last may be cut by the end).
    expect(pool.stateGpuSeconds.repairing).toBeLessThanOrEqual(pool.failures * 300 + 1e-6)
    expect(pool.stateGpuSeconds.repairing).toBeGreaterThan((pool.failures - 1) * 300 - 1e-6)
  })

  it("failures slow the batch down against the same run without them", () => {
    const withFailures = simulate(prepareText(failing(200)), { seed: 3 }).workloads[0]!.lastCompletionSeconds
    const without = simulate(prepareText(failing(0)), { seed: 3 }).workloads[0]!.lastCompletionSeconds
    expect(withFailures).toBeGreaterThan(without)
  })

  it("a hot spare takes a failed node's place at once (model load only)", () => {
    const text = failing(200).replace("repair: 5m }", "repair: 5m, hotSpares: 1 }")
    const r = simulate(prepareText(text), { seed: 3 })
    const pool = r.fleet!.pools[0]!
    expect(pool.failures).toBeGreaterThan(0)
    expect(r.workloads[0]!.counts.completed).toBe(3000)
    // Three nodes are provisioned all along (two serving and one spare), so never fewer than 3 but for repairs.
    expect(pool.meanNodes).toBeCloseTo(3, 6)
  })
})

const spotScenario = `
name: spot and failures
seed: 11
horizon: 4h
pools:
  - name: floor
    gpu: H100-SXM
    gpusPerNode: 1
    nodes: 1
    failures: { perGpuDay: 5, repair: 20m }
    pricing: { kind: reserved, perGpuHour: 1.85 }
  - name: spot
    gpu: H100-SXM
    gpusPerNode: 1
    nodes: { min: 1, max: 4, initial: 3 }
    provisioning: { nodeBoot: 2m, modelLoad: 30s }
    failures: { perGpuDay: 5, repair: 20m }
    pricing: { kind: spot, perGpuHour: 1.2, interruptionsPerNodeDay: 12 }
inference:
  - name: chat
    model: llama-3.1-8b
    weights: bf16
    replica: { tensorParallel: 1 }
    pools: [floor, spot]
    arrivals: { pattern: poisson, rate: 8/s }
    promptTokens: { distribution: lognormal, mean: 800, p99: 4000, max: 16k }
    outputTokens: { distribution: lognormal, mean: 200, p99: 1000, max: 2k }
autoscaling:
  - { name: spot-up, workload: chat, pools: [spot], metric: queueDepth, target: 4 }
`

const reportJson = (text: string, seed?: number): Promise<string> => {
  const decoded = decodeScenarioText(text, "spot.yaml", "/tmp", () => ({ kind: "missing" }))
  if (!decoded.ok) throw new Error(JSON.stringify(decoded.diagnostics))
  const loaded = { scenario: decoded.scenario, locate: decoded.locate, explicitPaths: decoded.explicitPaths, file: "spot.yaml", baseDir: "/tmp" }
  return Effect.runPromise(runScenario(loaded, seed !== undefined ? { seed } : {})).then((r) => JSON.stringify(r))
}

describe("spot reclaims and determinism", () => {
  it("same seed → byte-identical report with failures and spot reclaims on; another seed differs", async () => {
    const a = await reportJson(spotScenario)
    const b = await reportJson(spotScenario)
    expect(a).toBe(b)
    const report = JSON.parse(a)
    const spot = report.pools[1]
    expect(spot.fleet.interruptions).toBeGreaterThan(0)
    expect(report.pools[0].fleet.failures + spot.fleet.failures).toBeGreaterThan(0)
    expect(report.inference[0].replicas.lostToFailures).toBeGreaterThan(0)
    expect(report.timeline.series["spot.nodes"].length).toBe(report.timeline.series["chat.replicas"].length)
    expect(await reportJson(spotScenario, 12)).not.toBe(a)
  })

  it("reclaimed spot nodes are replaced: requests are re-queued, none lost", () => {
    const r = simulate(prepareText(spotScenario), { seed: 11 })
    const w = r.workloads[0]!
    expect(r.fleet!.pools[1]!.interruptions).toBeGreaterThan(0)
    expect(r.fleet!.pools[1]!.nodesRequested).toBeGreaterThanOrEqual(r.fleet!.pools[1]!.interruptions)
    expect(w.counts.arrived).toBe(w.counts.completed + w.counts.rejected + w.counts.inFlightAtEnd)
    expect(w.counts.requeued).toBeGreaterThan(0)
  })
})

describe("hot spares in a pool with idle nodes", () => {
  it("a failure swaps the spare in and never shrinks a fixed pool", () => {
    const text = `
name: spare with idle nodes
horizon: 1d
pools:
  - name: p
    gpu: H100-SXM
    gpusPerNode: 1
    nodes: 4
    failures: { perGpuDay: 20, repair: 1h, hotSpares: 1 }
    pricing: { kind: reserved, perGpuHour: 1.85 }
inference:
  - name: w
    model: llama-3.1-8b
    weights: bf16
    replica: { tensorParallel: 1 }
    replicas: 2
    arrivals: { pattern: poisson, rate: 1/s }
    promptTokens: { distribution: fixed, value: 200 }
    outputTokens: { distribution: fixed, value: 50 }
`
    const r = simulate(prepareText(text), { seed: 5 })
    const pool = r.fleet!.pools[0]!
    expect(pool.failures).toBeGreaterThan(3)
    expect(pool.meanNodes).toBeCloseTo(5, 9) // 4 nodes + 1 spare, all day, repairs included
    expect(Math.min(...pool.timelineNodes)).toBe(5)
  })
})

describe("replicas spanning nodes (pipeline stages across nodes)", () => {
  it("a failed stage node takes its replica down; the surviving node regroups with a replacement", () => {
    const text = `
name: multi-node replica
horizon: 2h
pools:
  - name: p
    gpu: H100-SXM
    nodes: { min: 4, max: 6 }
    provisioning: { nodeBoot: 5m, modelLoad: 2m }
    failures: { perGpuDay: 2, repair: 20m }
    pricing: { kind: on-demand, perGpuHour: 2 }
inference:
  - name: big
    model: llama-3.1-405b
    weights: fp8
    replica: { tensorParallel: 8, pipelineParallel: 2 }
    arrivals: { pattern: poisson, rate: 1/s }
    promptTokens: { distribution: fixed, value: 500 }
    outputTokens: { distribution: fixed, value: 100 }
`
    const r = simulate(prepareText(text), { seed: 2 })
    const w = r.workloads[0]!
    expect(r.fleet!.workloads[0]!.replicasLost).toBeGreaterThan(0)
    const reps = w.timeline.replicas
    const firstDrop = reps.findIndex((n) => n < 2)
    expect(firstDrop).toBeGreaterThanOrEqual(0)
    expect(reps.slice(firstDrop).some((n) => n === 2)).toBe(true) // back to two 2-node replicas
    expect(w.replicaSeconds / 7200).toBeGreaterThan(1.5)
    expect(w.counts.arrived).toBe(w.counts.completed + w.counts.inFlightAtEnd)
    expect(w.counts.inFlightAtEnd).toBeLessThan(50)
  })
})
