/**
 * How long `loadScenario` takes on a big scenario: 1,000 pools and 1,000 inference workloads (each
 * on its own pool, distinct names), plus one autoscaler per tenth workload. Target: under 1 s.
 *
 *   node bin/run-ts.js bench/loader.ts [pools=1000] [workloads=1000]
 *
 * Prints the file size, then the median of 5 timed loads after 2 warm-up loads; then the same for
 * workloads without `pools:` (every pool a candidate: the rules must not check workload × pool).
 */
import { Effect, Exit } from "effect"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { formatDiagnostic, InvalidInput } from "../src/app/diagnostics.ts"
import { loadScenario } from "../src/app/load-scenario.ts"
import { result } from "./result.ts"

const TARGET_MS = 1_000
const pools = Number(process.argv[2] ?? 1_000)
const workloads = Number(process.argv[3] ?? 1_000)

/** A valid scenario with `poolCount` pools and `workloadCount` workloads, as YAML text. */
export const bigScenario = (poolCount: number, workloadCount: number, listPools = true): string => {
  const gpus = ["H100-SXM", "H200", "A100-80GB", "B200"]
  const lines = ["name: loader benchmark", "horizon: 1d", "pools:"]
  for (let i = 0; i < poolCount; i++) {
    const elastic = i % 2 === 1
    lines.push(
      `  - name: pool-${i}`,
      `    gpu: ${gpus[i % gpus.length]}`,
      elastic ? `    nodes: { min: 0, max: ${4 + (i % 8)}, initial: 1 }` : `    nodes: ${1 + (i % 4)}`,
      `    provisioning: { nodeBoot: 5m, modelLoad: 90s }`,
      `    pricing: { kind: ${elastic ? "on-demand" : "reserved"}, perGpuHour: ${(1.5 + (i % 10) / 10).toFixed(2)} }`,
    )
  }
  lines.push("inference:")
  for (let i = 0; i < workloadCount; i++) {
    lines.push(
      `  - name: chat-${i}`,
      `    model: ${i % 3 === 0 ? "llama-3.1-70b" : "llama-3.1-8b"}`,
      `    replica: { tensorParallel: ${i % 3 === 0 ? 4 : 1} }`,
      ...(listPools ? [`    pools: [pool-${i % poolCount}]`] : []),
      `    arrivals: { pattern: diurnal, meanRate: ${1 + (i % 20)}/s, peakAt: "14:00" }`,
      `    promptTokens: { distribution: lognormal, mean: 1200, p99: 8000 }`,
      `    outputTokens: { distribution: lognormal, mean: 280, p99: 1500 }`,
      `    slo: { ttft: { p99: 2s }, tpot: { p99: 150ms } }`,
    )
  }
  const scalers = [...Array(workloadCount).keys()].filter((i) => i % 10 === 1 && (i % poolCount) % 2 === 1)
  if (scalers.length > 0) {
    lines.push("autoscaling:")
    for (const i of scalers) lines.push(`  - { name: scale-${i}, workload: chat-${i}, pools: [pool-${i % poolCount}], target: 8 }`)
  }
  return lines.join("\n") + "\n"
}

/** Wall and CPU milliseconds of one load (CPU time stays meaningful on a busy machine). */
const timeLoad = async (file: string): Promise<{ wall: number; cpu: number }> => {
  const started = performance.now()
  const cpuStarted = process.cpuUsage()
  const exit = await Effect.runPromiseExit(loadScenario(file))
  const cpu = process.cpuUsage(cpuStarted)
  const elapsed = { wall: performance.now() - started, cpu: (cpu.user + cpu.system) / 1000 }
  if (Exit.isFailure(exit)) {
    const reason = exit.cause.reasons.find((r) => r._tag === "Fail")
    const error = reason?._tag === "Fail" ? reason.error : undefined
    const lines = error instanceof InvalidInput ? error.diagnostics.slice(0, 5).map(formatDiagnostic) : [String(exit.cause)]
    throw new Error(`the benchmark scenario does not load:\n${lines.join("\n")}`)
  }
  return elapsed
}

const median5 = (xs: number[]): number => [...xs].sort((a, b) => a - b)[2]!

/**
 * Median of 5 timed loads of `text`, after 2 warm-up loads. The target is judged on CPU time: on
 * an idle machine wall time is the same, on a shared one wall time mostly measures the neighbours.
 */
const measure = async (label: string, text: string, dir: string): Promise<number> => {
  const file = path.join(dir, "big.yaml")
  fs.writeFileSync(file, text)
  for (let i = 0; i < 2; i++) await timeLoad(file)
  const runs: Array<{ wall: number; cpu: number }> = []
  for (let i = 0; i < 5; i++) runs.push(await timeLoad(file))
  const wall = median5(runs.map((r) => r.wall)), cpu = median5(runs.map((r) => r.cpu))
  process.stdout.write(
    `${label} (${text.split("\n").length - 1} lines, ${(text.length / 1024).toFixed(0)} KiB): loadScenario median of 5 — ` +
      `CPU ${cpu.toFixed(0)} ms, wall ${wall.toFixed(0)} ms; target < ${TARGET_MS} ms: ${cpu < TARGET_MS ? "met" : "MISSED"}\n`,
  )
  return cpu
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gpuplan-bench-"))
try {
  const listed = await measure(`${pools} pools, ${workloads} workloads each on one pool`, bigScenario(pools, workloads), dir)
  const open = await measure(`${pools} pools, ${workloads} workloads, no pools: lists`, bigScenario(pools, workloads, false), dir)
  result({ figure: `loader: ${pools} pools + ${workloads} workloads (median CPU)`, unit: "ms", target: `< ${TARGET_MS}`, measured: Math.max(listed, open), pass: Math.max(listed, open) < TARGET_MS })
} finally {
  fs.rmSync(dir, { recursive: true, force: true })
}
