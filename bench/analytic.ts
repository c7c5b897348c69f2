/**
 * Analytic engine speed: every scenarios/*.yaml is loaded and prepared once, then
 * `analyzeScenario` is timed — 5 warm-up runs, then the median of 50. Target (DESIGN.md: "steady
 * state per workload in milliseconds", instant what-if feedback in the TUI): < 5 ms per run.
 *
 *   node bin/run-ts.js bench/analytic.ts
 */
import { Effect } from "effect"
import * as fs from "node:fs"
import * as path from "node:path"
import { loadScenario } from "../src/app/load-scenario.ts"
import { prepare } from "../src/app/run.ts"
import { analyzeScenario } from "../src/model/analytic/analyze.ts"
import { result } from "./result.ts"

const TARGET_MS = 5
const WARMUP = 5
const RUNS = 50

const dir = path.resolve(import.meta.dirname, "../scenarios")
const files = fs.readdirSync(dir).filter((f) => f.endsWith(".yaml")).sort()
let worst = 0
console.log("scenario                                   median ms   max ms   workloads")
for (const f of files) {
  const prepared = await Effect.runPromise(Effect.flatMap(loadScenario(path.join(dir, f)), prepare))
  for (let i = 0; i < WARMUP; i++) analyzeScenario(prepared)
  const times: number[] = []
  let check = 0
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now()
    const run = analyzeScenario(prepared)
    times.push(performance.now() - t0)
    check += run.result.workloads.length
  }
  times.sort((a, b) => a - b)
  const median = times[RUNS >> 1]!
  worst = Math.max(worst, median)
  console.log(`${f.padEnd(42)} ${median.toFixed(3).padStart(9)} ${times[RUNS - 1]!.toFixed(3).padStart(8)}   ${check / RUNS}`)
}
console.log(`worst median ${worst.toFixed(3)} ms — target < ${TARGET_MS} ms: ${worst < TARGET_MS ? "met" : "MISSED"}`)
result({ figure: "analytic engine, worst example scenario (median of runs)", unit: "ms", target: `< ${TARGET_MS}`, measured: worst, pass: worst < TARGET_MS })
