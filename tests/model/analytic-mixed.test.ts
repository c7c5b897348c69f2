/**
 * The analytic engine on a workload spanning GPU types (2 H200 + 2 H100-SXM replicas of
 * Llama-3.1-8B): the demand split in proportion to each kind's capacity (by hand), each kind
 * analysed as its own group and merged, agreement with the discrete-event engine on the same
 * scenario, one GPU type unchanged, and an autoscaled H100 burst behind a fixed H200 baseline.
 */
import { describe, expect, it } from "vitest"
import { analyzeScenario } from "../../src/model/analytic/analyze.ts"
import { lengthModel } from "../../src/model/analytic/lengths.ts"
import { replicaCapacityPerSecond, type ReplicaLoad } from "../../src/model/analytic/replica-steady-state.ts"
import { capacityUse } from "../../src/model/capacity-share.ts"
import type { PreparedWorkload } from "../../src/model/prepare.ts"
import { simulate } from "../../src/model/simulate.ts"
import type { ReplicaTiming } from "../../src/perf/replica-timing.ts"
import { buildReport } from "../../src/report/build.ts"
import { prepareText } from "./analytic-helpers.ts"

const PROMPT = "{ distribution: lognormal, mean: 1000, p99: 3000 }"
const OUTPUT = "{ distribution: lognormal, mean: 250, p99: 800 }"

/**
 * 2-GPU nodes, Llama-3.1-8B bf16 TP1 (2 replicas a node), maxBatch 32: decode is memory-bound at
 * that batch, so an H200 replica (4.8 TB/s) serves more than an H100 (3.35 TB/s) and the split is
 * not even. `pools` names the pools the workload uses.
 */
const mixedScenario = (rate: number, pools = "h200, h100", poolSpecs?: string) => `
name: mixed analytic test
horizon: 20m
pools:
${
  poolSpecs ??
  `  - name: h200
    gpu: H200
    gpusPerNode: 2
    nodes: 1
    pricing: { kind: reserved, perGpuHour: 2.5 }
    failures: { perGpuDay: 0 }
  - name: h100
    gpu: H100-SXM
    gpusPerNode: 2
    nodes: 1
    pricing: { kind: on-demand, perGpuHour: 3 }
    failures: { perGpuDay: 0 }
`
}inference:
  - name: chat
    model: llama-3.1-8b
    weights: bf16
    replica: { tensorParallel: 1 }
    pools: [${pools}]
    arrivals: { pattern: poisson, rate: ${rate}/s }
    promptTokens: ${PROMPT}
    outputTokens: ${OUTPUT}
    engine: { maxBatch: 32 }
    slo: { ttft: { p99: 1s }, tpot: { p99: 50ms } }
`

/** One replica's load of kind `timing` as analyze.ts builds it, by hand from the length specs. */
const handLoad = (w: PreparedWorkload, timing: ReplicaTiming): ReplicaLoad => {
  const prompt = lengthModel(w.promptTokens, "prompt")
  const output = lengthModel(w.outputTokens, "output")
  let iterations = 0
  for (let i = 0; i < prompt.fine.values.length; i++) iterations += prompt.fine.weights[i]! * Math.max(1, Math.ceil(prompt.fine.values[i]! / 2048))
  return { timing, maxBatch: 32, prefillChunk: 2048, meanPromptTokens: prompt.meanTokens, meanOutputTokens: output.meanTokens, meanPrefillIterations: iterations }
}

const RATE = 27
const relative = (a: number, b: number) => Math.abs(a - b) / b

describe("analytic engine, 2 H200 + 2 H100-SXM replicas at ~60% of capacity", () => {
  const p = prepareText(mixedScenario(RATE))
  const w = p.workloads[0]!
  const run = analyzeScenario(p)
  const a = run.workloads[0]!
  const r = run.result.workloads[0]!
  const capH200 = replicaCapacityPerSecond(handLoad(w, w.kinds[0]!.timing))
  const capH100 = replicaCapacityPerSecond(handLoad(w, w.kinds[1]!.timing))

  it("splits the demand in proportion to capacity: λ_k = λ·n_k·cap_k / Σ n_j·cap_j (by hand)", () => {
    expect(w.kinds.map((k) => k.gpu.name)).toEqual(["H200", "H100-SXM"])
    // The kinds must differ for the split to mean anything: H200 decodes faster at this batch.
    expect(capH200 / capH100).toBeGreaterThan(1.1)
    const k = a.kinds!
    expect(k.map((x) => [x.gpu, x.replicas])).toEqual([
      ["H200", 2],
      ["H100-SXM", 2],
    ])
    expect(k[0]!.replicaCapacityPerSecond).toBeCloseTo(capH200, 9)
    expect(k[1]!.replicaCapacityPerSecond).toBeCloseTo(capH100, 9)
    const h200Share = (2 * capH200) / (2 * capH200 + 2 * capH100)
    expect(k[0]!.share).toBeCloseTo(h200Share, 12)
    expect(k[1]!.share).toBeCloseTo(1 - h200Share, 12)
    expect(k[0]!.servedPerSecond).toBeCloseTo(RATE * h200Share, 9)
    expect(k[1]!.servedPerSecond).toBeCloseTo(RATE * (1 - h200Share), 9)
    // Total capacity = Σ kinds; the test load is ~60% of it.
    expect(a.capacityPerSecond).toBeCloseTo(k[0]!.capacityPerSecond + k[1]!.capacityPerSecond, 9)
    expect(RATE / a.capacityPerSecond).toBeGreaterThan(0.55)
    expect(RATE / a.capacityPerSecond).toBeLessThan(0.65)
    expect(a.servedPerSecond).toBeCloseTo(RATE, 9)
    expect(a.overloaded).toBe(false)
    // The workload's latency state is the larger share's (H200).
    expect(a.latencyState).toBe(k[0]!.latencyState)
    expect(run.notes.some((n) => n.path === "inference[0].pools" && /demand split across GPU types in proportion to capacity, as least-outstanding routing equalises load/.test(n.source))).toBe(true)
  })

  it("each kind is its one-GPU-type workload at its share of the rate; the merged TTFT is their request-weighted mixture", () => {
    const share = a.kinds![0]!.share
    const h200 = analyzeScenario(prepareText(mixedScenario(RATE * share, "h200"))).result.workloads[0]!
    const h100 = analyzeScenario(prepareText(mixedScenario(RATE * (1 - share), "h100"))).result.workloads[0]!
    expect(a.kinds![0]!.capacityPerSecond).toBeCloseTo(analyzeScenario(prepareText(mixedScenario(1, "h200"))).workloads[0]!.capacityPerSecond, 9)
    expect(r.latency.ttft.mean).toBeCloseTo(share * h200.latency.ttft.mean + (1 - share) * h100.latency.ttft.mean, 9)
    expect(r.latency.tpot.mean).toBeCloseTo(share * h200.latency.tpot.mean + (1 - share) * h100.latency.tpot.mean, 9)
    // Percentiles of the mixture: between the kinds', the slow kind's tail at p99.
    expect(r.latency.tpot.quantile(0.5)).toBeGreaterThanOrEqual(h200.latency.tpot.quantile(0.5) * 0.99)
    expect(r.latency.tpot.quantile(0.99)).toBeGreaterThan(h200.latency.tpot.quantile(0.99) * 1.05)
    expect(r.latency.tpot.quantile(0.99)).toBeLessThanOrEqual(h100.latency.tpot.quantile(0.99) * 1.01)
    // Counts: every arrival of the 20 minutes, tokens at the mean lengths.
    expect(r.counts.arrived).toBe(RATE * 1200)
    expect(r.counts.completed).toBe(h200.counts.completed + h100.counts.completed)
    expect(r.inputTokensCompleted).toBe(Math.round(r.counts.completed * lengthModel(w.promptTokens, "prompt").meanTokens))
  })

  it("replicas listed pool by pool with their kind, busy time and KV share of their kind; KV utilization weighted by replica-seconds", () => {
    expect(r.replicas.map((x) => [x.id, x.kind])).toEqual([
      [0, 0],
      [1, 0],
      [2, 1],
      [3, 1],
    ])
    expect(r.maxReplicas).toBe(4)
    expect(r.replicaSeconds).toBeCloseTo(4 * 1200, 9)
    expect(r.busySeconds).toBeCloseTo(r.replicas.reduce((s, x) => s + x.busySeconds, 0), 9)
    expect(r.kvUtilizationMean).toBeCloseTo(r.replicas.reduce((s, x) => s + x.kvUtilizationMean, 0) / 4, 12)
    // The H100 holds half the H200's KV, so the same batch fills more of it.
    expect(r.replicas[2]!.kvUtilizationMean).toBeGreaterThan(r.replicas[0]!.kvUtilizationMean)
    expect(r.timeline.replicas.every((n) => n === 4)).toBe(true)
    const report = buildReport(p, run.result, { version: "test", engine: "analytic", seed: 1 })
    expect(report.inference[0]!.replicaKinds!.map((k) => [k.gpu, k.replicaHours])).toEqual([
      ["H200", 0.666667],
      ["H100-SXM", 0.666667],
    ])
  })

  it("p50 and p99 TTFT and TPOT within 15% of the discrete-event engine on the same scenario", () => {
    const d = simulate(p, { seed: 1 }).workloads[0]!
    for (const m of ["ttft", "tpot"] as const)
      for (const q of [0.5, 0.99]) expect(relative(r.latency[m].quantile(q), d.latency[m].quantile(q)), `${m} p${q * 100}`).toBeLessThan(0.15)
    expect(relative(r.counts.completed / r.spanSeconds, d.counts.completed / d.spanSeconds)).toBeLessThan(0.03)
    // Capacity share of both engines' results with the per-kind capacities: served ÷ Σ n_k·cap_k.
    expect(relative(capacityUse(w, r).capacityShare, capacityUse(w, d).capacityShare)).toBeLessThan(0.05)
  })

  it("capacity share of the mixed result: the replicas' capacity is Σ life × its kind's capacity (by hand)", () => {
    // capacity-share.ts: one replica's capacity at the run's own mean lengths, ⌈prompt/chunk⌉ prefill iterations.
    const prompt = r.inputTokensCompleted / r.counts.completed
    const output = r.outputTokensCompleted / r.counts.completed
    const cap = (t: ReplicaTiming) => replicaCapacityPerSecond({ timing: t, maxBatch: 32, prefillChunk: 2048, meanPromptTokens: prompt, meanOutputTokens: output, meanPrefillIterations: Math.max(1, Math.ceil(prompt / 2048)) })
    const [c200, c100] = [cap(w.kinds[0]!.timing), cap(w.kinds[1]!.timing)]
    expect(c200 / c100).toBeGreaterThan(1.1)
    // Every replica lives the 1200 s: capacity 2·1200·c200 + 2·1200·c100 over 1200 s.
    const c = capacityUse(w, r)
    expect(c.replicaCapacityPerSecond).toBeCloseTo((2 * c200 + 2 * c100) / 4, 9)
    expect(c.capacityShare).toBeCloseTo(r.counts.completed / r.spanSeconds / (2 * c200 + 2 * c100), 9)
    // Lives weight the kinds: an H100 replica removed at 600 s counts half.
    const halved = { ...r, replicas: r.replicas.map((x) => (x.id === 3 ? { ...x, removedSeconds: 600 } : x)), replicaSeconds: 3.5 * 1200 }
    expect(capacityUse(w, halved).replicaCapacityPerSecond).toBeCloseTo((2 * c200 + 1.5 * c100) / 3.5, 9)
    expect(capacityUse(w, halved).capacityShare).toBeCloseTo(r.counts.completed / r.spanSeconds / (2 * c200 + 1.5 * c100), 9)
  })
})

describe("one GPU type: the analytic engine is unchanged", () => {
  it("two H200 pools are one kind, the same as one pool of both nodes (no split, no kinds)", () => {
    const two = `  - name: a
    gpu: H200
    gpusPerNode: 2
    nodes: 1
    pricing: { kind: reserved, perGpuHour: 2.5 }
  - name: b
    gpu: H200
    gpusPerNode: 2
    nodes: 1
    pricing: { kind: reserved, perGpuHour: 2.5 }
`
    const one = `  - name: a
    gpu: H200
    gpusPerNode: 2
    nodes: 2
    pricing: { kind: reserved, perGpuHour: 2.5 }
`
    const x = analyzeScenario(prepareText(mixedScenario(RATE, "a, b", two)))
    const y = analyzeScenario(prepareText(mixedScenario(RATE, "a", one)))
    expect(x.workloads[0]!.kinds).toBeUndefined()
    expect(x.notes.some((n) => n.path.endsWith(".pools"))).toBe(false)
    expect(JSON.stringify(x.result.workloads)).toBe(JSON.stringify(y.result.workloads))
    expect(x.workloads[0]!.capacityPerSecond).toBe(y.workloads[0]!.capacityPerSecond)
    expect(x.result.workloads[0]!.replicas.every((r) => r.kind === 0)).toBe(true)
  })
})

describe("autoscaled: fixed H200 baseline + H100 burst on queueDepth, diurnal demand", () => {
  const text = `
name: mixed burst
horizon: 1d
pools:
  - name: base
    gpu: H200
    gpusPerNode: 2
    nodes: 2
    pricing: { kind: reserved, perGpuHour: 2.5 }
    failures: { perGpuDay: 0 }
  - name: burst
    gpu: H100-SXM
    gpusPerNode: 2
    nodes: { min: 0, max: 6, initial: 0 }
    provisioning: { nodeBoot: 5m, modelLoad: 1m }
    pricing: { kind: on-demand, perGpuHour: 3 }
    failures: { perGpuDay: 0 }
inference:
  - name: chat
    model: llama-3.1-8b
    weights: bf16
    replica: { tensorParallel: 1 }
    pools: [base, burst]
    arrivals: { pattern: diurnal, meanRate: 40/s, peakToMean: 1.8, peakAt: "14:00" }
    promptTokens: ${PROMPT}
    outputTokens: ${OUTPUT}
    engine: { maxBatch: 32 }
autoscaling:
  - name: grow
    workload: chat
    pools: [burst]
    metric: queueDepth
    target: 16
`
  const p = prepareText(text)
  const w = p.workloads[0]!
  const run = analyzeScenario(p)
  const a = run.workloads[0]!
  const r = run.result.workloads[0]!
  const pr = a.profile!

  it("runs; the peak holds more than the 4 baseline replicas and fewer than the pools' 16", () => {
    const peak = pr.steps.reduce((x, y) => (y.ratePerSecond > x.ratePerSecond ? y : x))
    expect(peak.replicas).toBeGreaterThan(4)
    expect(peak.replicas).toBeLessThan(16)
    expect(r.maxReplicas).toBe(peak.replicas)
    // The baseline never moves; the burst pool's replicas are H100s.
    for (const s of pr.steps) expect(s.replicasByPool[0]).toBe(4)
    expect(a.kinds!.map((k) => [k.gpu, k.replicas])).toEqual([
      ["H200", 4],
      ["H100-SXM", peak.replicas - 4],
    ])
    expect(a.overloaded).toBe(false)
    expect(Number.isFinite(r.latency.ttft.quantile(0.99))).toBe(true)
    expect(r.counts.completed).toBeGreaterThan(0.99 * 40 * 86_400)
  })

  it("each step's HPA view combines the kinds it holds (busy share replica-weighted); the H100 replicas serve only while the burst pool is up, their lives summing to the replica-seconds", () => {
    const peak = pr.steps.reduce((x, y) => (y.ratePerSecond > x.ratePerSecond ? y : x))
    const kinds = peak.state.kinds!
    expect(kinds[0]!.replicas).toBe(4)
    expect(kinds[1]!.replicas).toBe(peak.replicas - 4)
    // Replica-weighted busy share and KV of the step.
    expect(peak.state.busyProbability).toBeCloseTo((4 * kinds[0]!.busyProbability + (peak.replicas - 4) * kinds[1]!.busyProbability) / peak.replicas, 12)
    // A quiet step holds no H100: the whole rate on the H200s.
    const quiet = pr.steps.reduce((x, y) => (y.ratePerSecond < x.ratePerSecond ? y : x))
    expect(quiet.replicas).toBe(4)
    expect(quiet.state.kinds![1]).toBeUndefined()
    // Replicas: 4 H200 for the whole day, the H100s for stretches of it.
    const h200 = r.replicas.filter((x) => x.kind === 0)
    const h100 = r.replicas.filter((x) => x.kind === 1)
    expect(h200).toHaveLength(4)
    for (const x of h200) expect([x.addedSeconds, x.removedSeconds]).toEqual([0, NaN])
    expect(h100.length).toBeGreaterThan(0)
    const life = (x: (typeof h100)[number]) => (Number.isNaN(x.removedSeconds) ? r.endSeconds : x.removedSeconds) - x.addedSeconds
    expect(h100.reduce((s, x) => s + life(x), 0) + 4 * 86_400).toBeCloseTo(r.replicaSeconds, 6)
    const c = capacityUse(w, r)
    expect(c.capacityShare).toBeGreaterThan(0)
    expect(c.capacityShare).toBeLessThan(1)
  })

  it("agrees with the discrete-event engine: H100 replica-hours and cost within 5%, p99 TTFT and TPOT within 15%", () => {
    const des = simulate(p, { seed: 1 })
    const d = des.workloads[0]!
    const hours = (x: typeof r, kind: number) => x.replicas.reduce((s, y) => s + (y.kind === kind ? (Number.isNaN(y.removedSeconds) ? x.endSeconds : y.removedSeconds) - y.addedSeconds : 0), 0) / 3600
    expect(relative(hours(r, 1), hours(d, 1))).toBeLessThan(0.05)
    const ra = buildReport(p, run.result, { version: "test", engine: "analytic", seed: 1 })
    const rd = buildReport(p, des, { version: "test", engine: "des", seed: 1 })
    expect(relative(ra.cost!.total, rd.cost!.total)).toBeLessThan(0.05)
    // p50s are not compared: the analytic engine evaluates latency at the peak, the simulation over the whole day.
    for (const m of ["ttft", "tpot"] as const) expect(relative(r.latency[m].quantile(0.99), d.latency[m].quantile(0.99)), m).toBeLessThan(0.15)
  })
})
