/**
 * A workload spanning pools of different GPU types (reserved H200 + on-demand H100): each replica
 * runs at its own GPU's speed. With a round-robin router the mixed fleet is two independent halves,
 * so its mean TPOT must be the completion-weighted mean of the same halves simulated alone; an
 * autoscaled burst pool of another GPU type adds replicas of that type.
 */
import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { runScenario } from "../../../src/app/run.ts"
import { loadScenarioText } from "../../../src/app/what-if.ts"
import { renderText } from "../../../src/report/text.ts"
import type { Report } from "../../../src/report/types.ts"

const pool = (name: string, gpu: string, nodes: string, pricing: string) => `  - name: ${name}
    gpu: ${gpu}
    nodes: ${nodes}
    pricing: ${pricing}
    failures: { perGpuDay: 0 }
`

const scenario = (pools: string, rate: number, poolNames: string, extra = "") => `name: mixed
seed: 3
horizon: 20m
pools:
${pools}models:
  - name: m
    preset: llama-3.1-70b
inference:
  - name: chat
    model: m
    weights: fp8
    replica: { tensorParallel: 2 }
    pools: [${poolNames}]
    arrivals: { pattern: poisson, rate: ${rate}/s }
    promptTokens: { distribution: lognormal, mean: 1000, p99: 6000 }
    outputTokens: { distribution: lognormal, mean: 250, p99: 1200 }
    engine: { router: round-robin }
    slo: { ttft: { p99: 2s }, tpot: { p99: 100ms } }
${extra}`

const H200 = pool("base", "H200", "1", "{ kind: reserved, perGpuHour: 2.5 }")
const H100 = pool("extra", "H100-SXM", "1", "{ kind: on-demand, perGpuHour: 3.0 }")

const run = (text: string): Promise<Report> => {
  const l = loadScenarioText(text, "mixed.yaml")
  if (!l.ok) throw new Error(l.diagnostics.map((d) => d.message).join("; "))
  return Effect.runPromise(runScenario(l.loaded, { replications: 1 }))
}

describe("a workload on pools of two GPU types", async () => {
  const [mixed, h200, h100] = await Promise.all([
    run(scenario(H200 + H100, 30, "base, extra")),
    run(scenario(H200, 15, "base")),
    run(scenario(H100, 15, "extra")),
  ])
  const w = mixed.inference[0]!

  it("names both GPU types and each type's replicas and KV capacity", () => {
    expect(w.gpu).toBe("H200 + H100-SXM")
    // Reports round to 6 significant digits.
    expect(w.replicaKinds?.map((k) => [k.gpu, k.replicaHours])).toEqual([
      ["H200", 1.33333],
      ["H100-SXM", 1.33333],
    ])
    expect(w.replicaKinds![0]!.kvCapacityTokens).toBe(h200.inference[0]!.kvCapacityTokens)
    expect(w.replicaKinds![1]!.kvCapacityTokens).toBe(h100.inference[0]!.kvCapacityTokens)
    expect(h200.inference[0]!.replicaKinds).toBeUndefined()
    // The text report names both, with each type's KV capacity.
    const text = renderText(mixed)
    expect(text).toContain("on H200 + H100-SXM, TP2")
    expect(text).toMatch(/KV cache [\d.]+% full \([\d,]+ tokens per H200 replica, [\d,]+ tokens per H100-SXM replica\)/)
  })

  it("the mixed fleet's mean TPOT is the completion-weighted mean of its halves alone (within 5%)", () => {
    const a = h200.inference[0]!
    const b = h100.inference[0]!
    // The H200 half decodes faster (4.8 vs 3.35 TB/s): the halves must differ for the test to mean anything.
    expect(b.latency.tpot.mean / a.latency.tpot.mean).toBeGreaterThan(1.2)
    const expected = (a.latency.tpot.mean * a.requests.completed + b.latency.tpot.mean * b.requests.completed) / (a.requests.completed + b.requests.completed)
    expect(w.latency.tpot.mean / expected).toBeGreaterThan(0.95)
    expect(w.latency.tpot.mean / expected).toBeLessThan(1.05)
    expect(w.requests.completed).toBeGreaterThan(0.95 * (a.requests.completed + b.requests.completed))
  })

  it("each pool is charged its own GPU-hours and price", () => {
    // 8 GPUs × $/GPU-hour × 1/3 h, rounded to 6 significant digits.
    expect(mixed.pools.map((p) => [p.name, p.gpu, p.cost])).toEqual([
      ["base", "H200", 6.66667],
      ["extra", "H100-SXM", 8],
    ])
    expect(mixed.pools[0]!.gpuHoursBusy).toBeGreaterThan(0)
    expect(mixed.pools[1]!.gpuHoursBusy).toBeGreaterThan(0)
  })

  it("an autoscaled H100 burst pool behind an H200 baseline adds H100 replicas", async () => {
    const burst = `  - name: burst
    gpu: H100-SXM
    nodes: { min: 0, max: 2, initial: 0 }
    provisioning: { nodeBoot: 1m, modelLoad: 30s }
    pricing: { kind: on-demand, perGpuHour: 3.0 }
    failures: { perGpuDay: 0 }
`
    const r = await run(
      scenario(H200 + burst, 45, "base, burst", `autoscaling:
  - name: grow
    workload: chat
    pools: [burst]
    metric: queueDepth
    target: 8
`),
    )
    const kinds = r.inference[0]!.replicaKinds!
    expect(kinds.map((k) => k.gpu)).toEqual(["H200", "H100-SXM"])
    expect(kinds[0]!.replicaHours).toBeCloseTo((4 * 20) / 60, 4)
    expect(kinds[1]!.replicaHours).toBeGreaterThan(0)
    expect(r.pools[1]!.nodes.max).toBeGreaterThan(0)
  })
})

describe("weights that fit one pool's GPU but not another's", () => {
  it("name the pool and GPU where they do not fit", async () => {
    const { prepareScenario } = await import("../../../src/model/prepare.ts")
    const text = scenario(H200 + pool("small", "L40S", "1", "{ kind: on-demand, perGpuHour: 1.0 }"), 5, "base, small").replace("tensorParallel: 2", "tensorParallel: 1")
    const l = loadScenarioText(text, "mixed.yaml")
    if (!l.ok) throw new Error("load")
    const p = prepareScenario(l.loaded.scenario, { traces: new Map(), lengths: new Map() }, l.loaded.explicitPaths)
    expect(p.ok).toBe(false)
    if (p.ok) return
    expect(p.problems).toHaveLength(1)
    expect(p.problems[0]!.path).toEqual(["inference", 0, "pools"])
    expect(p.problems[0]!.message).toMatch(/^on pool small \(L40S\): m in fp8 needs 70 GB of weights; 1 × L40S hold/)
  })
})
