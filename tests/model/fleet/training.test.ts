/**
 * Training on the simulated fleet: gang scheduling, background jobs preempted by inference and
 * resumed, failures with checkpoints; and the public training runs of calibration.md through the
 * simulation path (default MFU, Llama 3 failure rate, spares), ±15%.
 */
import { describe, expect, it } from "vitest"
import { simulate } from "../../../src/model/simulate.ts"
import { prepareText } from "../analytic-helpers.ts"

// A 2-node pool shared by a chat service (autoscaled on it) and a 1-node background fine-tune of
// about 2 hours. The chat has nothing to do until 3,000 requests arrive at 1 h: inference takes the
// job's node back, and returns it once the backlog is served and the 5-minute stabilization is over.
const shared = (withPeak: boolean) => `
name: background job vs inference peak
horizon: 12h
pools:
  - name: p
    gpu: H100-SXM
    nodes: { min: 2, max: 2 }
    provisioning: { nodeBoot: 2m, modelLoad: 30s }
    failures: { perGpuDay: 0 }
    pricing: { kind: reserved, perGpuHour: 1.85 }
inference:
  - name: chat
    model: llama-3.1-8b
    weights: bf16
    replica: { tensorParallel: 1 }
    arrivals: { pattern: batch, requests: ${withPeak ? 30000 : 1}, at: 1h }
    promptTokens: { distribution: fixed, value: 1000 }
    outputTokens: { distribution: fixed, value: 500 }
training:
  - name: tune
    model: llama-3.1-8b
    tokens: 450e6
    gpus: 8
    pools: [p]
    priority: background
    checkpoint: { every: 10m, write: 30s, restart: 3m }
autoscaling:
  - { name: chat-up, workload: chat, pools: [p], metric: queueDepth, target: 8 }
`

describe("background training shares the fleet", () => {
  const calm = simulate(prepareText(shared(false)), { seed: 1 }).fleet!.training[0]!
  const peak = simulate(prepareText(shared(true)), { seed: 1 }).fleet!.training[0]!

  it("without a peak it runs on an idle node once the chat has scaled in, and finishes", () => {
    expect(calm.completed).toBe(true)
    expect(calm.preemptions).toBe(0)
    expect(calm.waitingSeconds).toBeGreaterThan(0) // it waited for the chat's nodes to be scaled in
  })

  it("an inference peak preempts it (it checkpoints, waits, restarts), yet it finishes, later", () => {
    expect(peak.completed).toBe(true)
    expect(peak.preemptions).toBeGreaterThanOrEqual(1)
    expect(peak.lostComputeSeconds).toBe(0) // checkpoint on preemption: only failures lose work
    expect(peak.wallClockSeconds).toBeGreaterThan(calm.wallClockSeconds + 600)
    expect(peak.ettr).toBeLessThan(calm.ettr)
  })

  it("achieved MFU = configured MFU × ETTR (kept FLOPs / GPU time held)", () => {
    expect(calm.achievedMfu).toBeCloseTo(0.4 * calm.ettr, 6)
    // Checkpoints only: ETTR = τ/(τ+δ) up to the last cycle = 600/630 ≈ 0.952 (a little more: no write after the last compute).
    expect(calm.ettr).toBeGreaterThan(600 / 630 - 1e-9)
    expect(calm.ettr).toBeLessThan(0.97)
  })
})

const run = (model: string, tokens: string, gpus: number, sequenceLength: number) => `
name: public run
horizon: 60d
${model.startsWith("llama-1") ? "models:\n  - { name: llama-1-65b, preset: llama-2-70b, params: 65.2B, kvHeads: 64, ffn: 22016 }\n" : ""}${model.startsWith("gpt-3") ? "models:\n  - { name: gpt-3-175b, params: 174.6B, layers: 96, hidden: 12288, heads: 96, kvHeads: 96, ffn: 49152, vocab: 50257 }\n" : ""}pools:
  - name: cluster
    gpu: A100-80GB
    nodes: ${gpus / 8}
    failures: { hotSpares: 4 }
    pricing: { kind: owned }
training:
  - name: pretrain
    model: ${model}
    tokens: ${tokens}
    gpus: ${gpus}
    sequenceLength: ${sequenceLength}
    checkpoint: { write: 30s, restart: 3m }
${model.startsWith("gpt-3") ? "    parallelism: { tensor: 8, pipeline: 16, zeroStage: 0, recompute: full }\n" : ""}`

const within = (got: number, want: number, tolerance: number) => expect(Math.abs(got / want - 1)).toBeLessThan(tolerance)

/** Default A100 MFU 0.45, failures 4.7e-4 per GPU-day with 4 hot spares, Young checkpoints. */
describe("public training runs through the simulation path (±15%)", () => {
  const simulated = (text: string) => {
    const r = simulate(prepareText(text), { seed: 1 }).fleet!.training[0]!
    expect(r.completed).toBe(true)
    expect(r.failures).toBeGreaterThan(0) // ~20 failures over a 2,048-GPU, 3-week run
    return r
  }

  it("LLaMA-1 65B, 1.4T tokens, 2,048 A100-80GB, T = 2048: ≈ 21 days, 1,022,362 GPU-hours (LLaMA paper)", () => {
    const r = simulated(run("llama-1-65b", "1.4T", 2048, 2048))
    within(r.gpuHours, 1_022_362, 0.15)
    within(r.wallClockSeconds / 86_400, 21, 0.15)
  })

  it.each([
    ["llama-2-7b", 184_320],
    ["llama-2-13b", 368_640],
    ["llama-2-70b", 1_720_320],
  ])("%s, 2T tokens on 2,048 A100-80GB (assumed, as LLaMA-1), T = 4096: %d GPU-hours (model card)", (model, hours) => {
    within(simulated(run(model, "2T", 2048, 4096)).gpuHours, hours, 0.15)
  })

  it("Megatron's GPT-3 175B projection (1,024 A100, tensor 8 × pipeline 16, full recompute): 34 days within 15%", () => {
    // Full recomputation: 8·N·D hardware FLOPs per 6·N·D model FLOPs, so the default A100 MFU 0.45
    // becomes 0.34 (perf/training.ts FULL_RECOMPUTE_MFU_FACTOR) — what Megatron's 140 TFLOP/s implies.
    const r = simulated(run("gpt-3-175b", "300B", 1024, 2048))
    within(r.wallClockSeconds / 86_400, 34, 0.15)
  })
})

describe("dedicated training keeps its GPUs", () => {
  it("its gang's nodes are kept from inference placement, so it starts at once and is never preempted", () => {
    const text = `
name: dedicated next to chat
horizon: 1d
pools:
  - name: p
    gpu: H100-SXM
    nodes: 3
    failures: { perGpuDay: 0 }
    pricing: { kind: reserved, perGpuHour: 1.85 }
inference:
  - name: chat
    model: llama-3.1-8b
    weights: bf16
    replica: { tensorParallel: 1 }
    arrivals: { pattern: poisson, rate: 5/s }
    promptTokens: { distribution: fixed, value: 500 }
    outputTokens: { distribution: fixed, value: 100 }
training:
  - { name: tune, model: llama-3.1-8b, tokens: 450e6, gpus: 16, pools: [p], priority: dedicated, checkpoint: { every: 10m, write: 30s, restart: 3m } }
`
    const p = prepareText(text)
    expect(p.workloads[0]!.replicas).toBe(8) // one node of 8 GPUs left for the chat
    const r = simulate(p, { seed: 1 }).fleet!.training[0]!
    expect(r.completed).toBe(true)
    expect(r.waitingSeconds).toBe(0)
    expect(r.preemptions).toBe(0)
    // 2 nodes (16 GPUs), ~1 h of compute: 450e6 tokens · (6·8.03e9 + attention) / (16 · 989e12 · 0.4), plus checkpoints.
    expect(r.gpuHours).toBeCloseTo((16 * r.wallClockSeconds) / 3600, 6)
  })
})

describe("dedicated training on an elastic pool", () => {
  it("requests its gang's nodes and starts once all have booted (gang scheduling), then releases them", () => {
    const text = `
name: dedicated on demand
horizon: 1d
pools:
  - name: cloud
    gpu: H100-SXM
    nodes: { min: 0, max: 4 }
    provisioning: { nodeBoot: 10m }
    failures: { perGpuDay: 0 }
    pricing: { kind: on-demand, perGpuHour: 2.99 }
training:
  - { name: tune, model: llama-3.1-8b, tokens: 450e6, gpus: 16, pools: [cloud], start: 1h, checkpoint: { every: 10m, write: 30s, restart: 3m } }
`
    const r = simulate(prepareText(text), { seed: 1 }).fleet!
    const job = r.training[0]!
    const pool = r.pools[0]!
    expect(job.completed).toBe(true)
    expect(job.waitingSeconds).toBeCloseTo(600, 6) // the 10-minute boot of its two nodes
    expect(pool.nodesRequested).toBe(2)
    expect(pool.stateGpuSeconds.booting).toBeCloseTo(16 * 600, 6)
    // Paid: booting + the run; released when done, so the day's mean is well under 2 nodes.
    expect(pool.stateGpuSeconds.upTraining).toBeCloseTo(16 * (job.wallClockSeconds - 600), 3)
    expect(pool.meanNodes).toBeCloseTo((2 * job.wallClockSeconds) / 86_400, 6)
  })
})
