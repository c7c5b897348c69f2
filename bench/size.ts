/**
 * `gpuplan size` on scenarios/size-chat-50rps.yaml (50 req/s Llama 3.1 70B, p99 TTFT ≤ 2 s, p99
 * TPOT ≤ 100 ms): candidates evaluated by the analytic screen, DES verifications, wall clock.
 * Targets (issue 7): ≥ 500 candidates, < 60 s on this 2-core machine.
 *
 *   node bin/run-ts.js bench/size.ts
 */
import { Effect } from "effect"
import * as fs from "node:fs"
import * as path from "node:path"
import { loadScenario } from "../src/app/load-scenario.ts"
import { describeCandidate, sizeScenario } from "../src/app/size.ts"
import { result } from "./result.ts"

const file = path.resolve(import.meta.dirname, "../scenarios/size-chat-50rps.yaml")
const t0 = performance.now()
const loaded = await Effect.runPromise(loadScenario(file))
const r = await Effect.runPromise(sizeScenario(loaded, fs.readFileSync(file, "utf8")))
const seconds = (performance.now() - t0) / 1000
console.log(`${r.candidates} candidates, ${r.promising} promising, ${r.verified.length} verified; winner ${r.winner ? describeCandidate(r.winner.candidate) : "none"}; ${seconds.toFixed(1)} s`)
result({ figure: "gpuplan size, scenarios/size-chat-50rps.yaml: candidates evaluated", unit: "candidates", target: "≥ 500", measured: r.candidates, pass: r.candidates >= 500 })
result({ figure: "gpuplan size, scenarios/size-chat-50rps.yaml: DES verifications (3 replications × 30m each)", unit: "candidates", target: "", measured: r.verified.length, pass: null })
result({ figure: "gpuplan size, scenarios/size-chat-50rps.yaml: wall clock", unit: "s", target: "< 60", measured: seconds, pass: seconds < 60 })
