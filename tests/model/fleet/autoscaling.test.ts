/**
 * An autoscaler follows a step in demand with the configured lag: the first evaluation after the
 * step, then node boot, then model load; capacity is paid for from the request on.
 */
import { describe, expect, it } from "vitest"
import { simulate } from "../../../src/model/simulate.ts"
import { prepareText } from "../analytic-helpers.ts"

// 2,000 requests arrive at t = 100 s on one serving node (1 GPU, Llama-3.1-8B TP1): the queue jumps.
const stepScenario = `
name: autoscaler step
horizon: 20m
pools:
  - name: base
    gpu: H100-SXM
    gpusPerNode: 1
    nodes: 1
    failures: { perGpuDay: 0 }
    pricing: { kind: on-demand, perGpuHour: 2 }
  - name: burst
    gpu: H100-SXM
    gpusPerNode: 1
    nodes: { min: 0, max: 4 }
    provisioning: { nodeBoot: 60s, modelLoad: 30s }
    failures: { perGpuDay: 0 }
    pricing: { kind: on-demand, perGpuHour: 3 }
inference:
  - name: w
    model: llama-3.1-8b
    weights: bf16
    replica: { tensorParallel: 1 }
    pools: [base, burst]
    arrivals: { pattern: batch, requests: 2000, at: 100s }
    promptTokens: { distribution: fixed, value: 500 }
    outputTokens: { distribution: fixed, value: 200 }
autoscaling:
  - { name: up, workload: w, pools: [burst], metric: queueDepth, target: 8, interval: 15s, scaleDownAfter: 5m }
`

describe("autoscaler following a step in demand", () => {
  const result = simulate(prepareText(stepScenario), { seed: 1, timelineStepSeconds: 5 })
  const replicas = result.workloads[0]!.timeline.replicas
  const at = (t: number) => replicas[t / 5 - 1]!
  const burst = result.fleet!.pools[1]!

  it("serves on the new nodes at 195 s = first evaluation after the step (105 s) + boot 60 s + load 30 s", () => {
    expect(at(190)).toBe(1)
    // At 105 s the queue is ~1,744 per replica: desired is capped by the HPA at max(2·1, 1 + 4) = 5
    // replicas, i.e. 4 burst nodes (the pool's maximum).
    expect(at(200)).toBe(5)
    expect(burst.maxNodes).toBe(4)
  })

  it("pays for the nodes from the request: 4 GPUs × (60 s booting + 30 s loading)", () => {
    expect(burst.stateGpuSeconds.booting).toBeCloseTo(4 * 60, 6)
    expect(burst.stateGpuSeconds.loading).toBeCloseTo(4 * 30, 6)
    const nodes = burst.timelineNodes
    expect(nodes[110 / 5 - 1]).toBe(4) // requested, booting
    expect(burst.timelineServingNodes[110 / 5 - 1]).toBe(0)
  })

  it("scales back down once the backlog is gone, after the 300 s stabilization", () => {
    const servingEnd = burst.timelineServingNodes.at(-1)
    expect(servingEnd).toBe(0)
    expect(result.workloads[0]!.counts.completed).toBe(2000)
    // Released nodes stop costing: provisioned time is well below 4 nodes × the 20-minute horizon.
    const provisioned = burst.provisionedGpuSeconds.booting + burst.provisionedGpuSeconds.loading + burst.provisionedGpuSeconds.serving
    expect(provisioned).toBeLessThan(4 * 1200 * 0.75)
  })
})

describe("the other metrics", () => {
  const run = (metric: string, target: number) =>
    simulate(prepareText(stepScenario.replace("metric: queueDepth, target: 8", `metric: ${metric}, target: ${target}`)), { seed: 1, timelineStepSeconds: 5 })

  it("ttftP90: scales up once completed requests show a p90 TTFT above the target (a later signal than the queue)", () => {
    const r = run("ttftP90", 2)
    const queueFirst = simulate(prepareText(stepScenario), { seed: 1, timelineStepSeconds: 5 })
    const firstUp = (x: typeof r) => x.fleet!.pools[1]!.timelineNodes.findIndex((n) => n > 0)
    expect(r.fleet!.pools[1]!.nodesRequested).toBeGreaterThan(0)
    expect(firstUp(r)).toBeGreaterThan(firstUp(queueFirst))
    expect(r.workloads[0]!.counts.completed).toBe(2000)
  })

  it("gpuBusy: a replica with sequences counts as busy; 1.0 against 0.5 doubles the replicas", () => {
    const r = run("gpuBusy", 0.5)
    expect(r.workloads[0]!.timeline.replicas[200 / 5 - 1]).toBe(2) // ceil(1 · 1.0 / 0.5) = 2 at 105 s, serving at 195 s
  })
})
