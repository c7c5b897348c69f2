/**
 * Sweep throughput on 1 vs 2 worker threads: a 12-point grid over bench/scenarios/chat-20rps.yaml
 * (3 node counts × 4 demand levels, DES, 12 hours each). Points per second for each worker
 * count, and the speed-up (issue 7: "sweep throughput scales with workers": more than 1×, with the
 * same bytes; 1.44–1.54× measured on 2 cores, where each worker thread spends about a second
 * loading the TypeScript).
 * Also checks the two outputs are the same bytes.
 *
 *   node bin/run-ts.js bench/sweep.ts
 */
import * as fs from "node:fs"
import * as path from "node:path"
import { parseVary, sweepPoints, type Vary } from "../src/app/sweep.ts"
import { runSweep } from "../src/app/sweep-run.ts"
import { result } from "./result.ts"

const file = path.resolve(import.meta.dirname, "scenarios/chat-20rps.yaml")
const text = fs.readFileSync(file, "utf8")
const varies = ["pools[0].nodes=3,4,6", "inference[0].arrivals.rate=10,15,20,25"].map((s) => parseVary(s) as Vary)
const points = sweepPoints(varies)
// Worker count N = this thread + N−1 threads; a thread spends about a second loading the TypeScript.
const time = async (workers: number) => {
  const t0 = performance.now()
  const out = await runSweep({ text, file, varies, points, total: points.length, opts: { engine: "des", horizonSeconds: 43200 }, workers })
  return { seconds: (performance.now() - t0) / 1000, out }
}
const one = await time(1)
const two = await time(2)
console.log(`${points.length} points: 1 worker ${one.seconds.toFixed(1)} s, 2 workers ${two.seconds.toFixed(1)} s; same bytes: ${one.out === two.out}`)
result({ figure: `sweep, ${points.length} DES points (12 h each): 1 worker`, unit: "points/s", target: "", measured: points.length / one.seconds, pass: null })
result({ figure: `sweep, ${points.length} DES points (12 h each): 2 workers`, unit: "points/s", target: "", measured: points.length / two.seconds, pass: null })
result({ figure: "sweep speed-up, 2 workers vs 1 (output identical)", unit: "×", target: "> 1", measured: one.seconds / two.seconds, pass: one.seconds / two.seconds > 1 && one.out === two.out })
