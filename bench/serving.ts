/**
 * One simulated day of chat on Llama-70B (fp8 weights and KV) served by 16 TP2 replicas on H100:
 * 20 req/s Poisson, prompts lognormal mean 1200 / p99 8000, outputs mean 280 / p99 1500.
 * Prints wall clock, simulated requests per wall-second (target ≥ 1M/s), events, peak RSS.
 *
 *   node bin/run-ts.js bench/serving.ts [days]
 */
import type { RequestSource } from "../src/model/demand/source.ts"
import { makeRequestSource } from "../src/model/demand/make-source.ts"
import { ServingSimulation } from "../src/model/serving/index.ts"
import type { ReplicaTiming } from "../src/perf/replica-timing.ts"
import { Rng } from "../src/sim/rng.ts"

// --- A hand-built replica timing (a stand-in for perf/makeReplicaTiming) --------------------------
const TP = 2
const PARAMS = 70.6e9
const FLOPS_FP8 = 1979e12 // H100 SXM dense fp8, per GPU
const BW = 3.35e12 // H100 SXM HBM3, bytes/s per GPU
const ETA_MEM = 0.7
const ETA_PREFILL = 0.6
const ETA_DECODE = 0.5
const KV_BYTES_PER_TOKEN = 2 * 80 * 8 * 128 * 1 // 2·L·H_kv·d_h·b_kv at fp8 = 163,840 B
const WEIGHT_BYTES = PARAMS * 1 // fp8
// KV budget: 0.9 · 80 GB · 2 GPUs − weights − 2 × 4 GB runtime/activations ≈ 66 GB → ≈ 400k tokens.
const KV_CAPACITY = Math.floor((0.9 * 80e9 * TP - WEIGHT_BYTES - 8e9) / KV_BYTES_PER_TOKEN)
const memoryBase = WEIGHT_BYTES / (TP * BW * ETA_MEM) // ≈ 15 ms
const memoryPerToken = KV_BYTES_PER_TOKEN / (TP * BW * ETA_MEM) // ≈ 35 ns
const overhead = (b: number) => 0.004 + 80 * 10e-6 + b * 20e-6 // step + per layer + per sequence
const timing: ReplicaTiming = {
  kvCapacityTokens: KV_CAPACITY,
  decodeComputeSeconds: (b) => (2 * PARAMS * b) / (TP * FLOPS_FP8 * ETA_DECODE),
  decodeMemoryBaseSeconds: memoryBase,
  decodeMemorySecondsPerToken: memoryPerToken,
  decodeOverheadSeconds: overhead,
  iterationSeconds: (p, b, c) => {
    const compute = p > 0 ? (2 * PARAMS * (p + b)) / (TP * FLOPS_FP8 * ETA_PREFILL) : (2 * PARAMS * b) / (TP * FLOPS_FP8 * ETA_DECODE)
    return Math.max(compute, memoryBase + c * memoryPerToken) + overhead(b)
  },
}

// --- Demand: the project's own sources (Poisson arrivals, lognormal lengths from mean and p99) ------
const chatSource = (seed: number, ratePerSecond: number, horizonSeconds: number): RequestSource => {
  const made = makeRequestSource({
    arrivals: { pattern: "poisson", rate: ratePerSecond },
    promptTokens: { distribution: "lognormal", mean: 1200, p99: 8000, max: 120_000 },
    outputTokens: { distribution: "lognormal", mean: 280, p99: 1500, max: 8_000 },
    rng: new Rng(seed),
    horizonSeconds,
  })
  if (!made.ok) throw new Error(made.message)
  return made.value
}

// --- Run ---------------------------------------------------------------------------------------------
const days = Number(process.argv[2] ?? 1)
const horizon = days * 86_400
const sim = new ServingSimulation({
  horizonSeconds: horizon,
  workloads: [{ name: "chat", timing, replicas: 16, maxBatch: 256, prefillChunk: 2048, source: chatSource(7, 20, horizon) }],
})
const t0 = performance.now()
const cpu0 = process.cpuUsage()
const result = sim.finish()
const wall = (performance.now() - t0) / 1000
const cpu = process.cpuUsage(cpu0)
const cpuSeconds = (cpu.user + cpu.system) / 1e6
const w = result.workloads[0]!
const ms = (x: number) => `${(x * 1000).toFixed(1)} ms`
console.log(`Llama-70B fp8, 16 × TP2 H100, 20 req/s chat, ${days} simulated day(s)`)
console.log(`  KV capacity ${KV_CAPACITY.toLocaleString("en")} tokens/replica; decode memory base ${ms(memoryBase)}`)
console.log(`  requests: arrived ${w.counts.arrived.toLocaleString("en")}, completed ${w.counts.completed.toLocaleString("en")}, preempted ${w.counts.preempted}, rejected ${w.counts.rejected}`)
console.log(`  TTFT p50 ${ms(w.latency.ttft.quantile(0.5))} p99 ${ms(w.latency.ttft.quantile(0.99))}; TPOT p50 ${ms(w.latency.tpot.quantile(0.5))} p99 ${ms(w.latency.tpot.quantile(0.99))}; e2e p50 ${w.latency.e2e.quantile(0.5).toFixed(2)} s`)
console.log(`  busy ${(w.busySeconds / w.replicaSeconds * 100).toFixed(1)}% of replica time, KV utilization ${(w.kvUtilizationMean * 100).toFixed(1)}%`)
console.log(`  wall clock ${wall.toFixed(2)} s (CPU ${cpuSeconds.toFixed(2)} s), ${(w.counts.completed / wall / 1e6).toFixed(2)} M simulated requests per wall-second`)
console.log(`  events ${sim.eventsProcessed.toLocaleString("en")} (${(sim.eventsProcessed / w.counts.completed).toFixed(2)} per request, ${(sim.eventsProcessed / wall / 1e6).toFixed(2)} M/s)`)
console.log(`  peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`)
