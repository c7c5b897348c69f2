/**
 * `npm run bench`: every benchmark, each in its own process (so peak RSS is its own), then one table
 * (figure, unit, target, measured, pass/fail) and bench/results.json. Never part of `npm test`.
 *
 *   npm run bench            # everything (the 30-day run takes about a minute)
 *   npm run bench -- --quick # skip the 30-day run
 *
 * A whole-pipeline benchmark measures one run per process (peak RSS is the run's own); those with
 * `repeat` run in that many processes and report the run whose first figure (wall clock) is the
 * median, so every figure of a row set comes from one run; the spread is printed.
 */
import { spawnSync } from "node:child_process"
import { writeFileSync } from "node:fs"
import * as os from "node:os"
import type { BenchResult } from "./result.ts"

const quick = process.argv.includes("--quick")
const benches: Array<{ name: string; args: string[]; repeat?: number }> = [
  { name: "kernel", args: ["bench/kernel.ts"] },
  { name: "peer M/M/c vs SimPy", args: ["bench/peers/run.ts"] },
  { name: "serving (engine alone, 1 day)", args: ["bench/serving.ts", "1"] },
  { name: "scenario 1 day, after a warm-up", args: ["bench/scenario-run.ts", "bench/scenarios/chat-20rps.yaml", "1d", "des", "--warm"], repeat: 5 },
  { name: "scenario 1 day, fresh process", args: ["bench/scenario-run.ts", "bench/scenarios/chat-20rps.yaml", "1d"], repeat: 5 },
  { name: "scenario 1 day, autoscaling and failures on", args: ["bench/scenario-run.ts", "bench/scenarios/chat-20rps-dynamic.yaml", "1d"], repeat: 5 },
  ...(quick ? [] : [{ name: "scenario 30 days", args: ["bench/scenario-run.ts", "bench/scenarios/chat-20rps.yaml", "30d"] }]),
  { name: "analytic", args: ["bench/analytic.ts"] },
  { name: "loader", args: ["bench/loader.ts"] },
  { name: "re-pricing", args: ["bench/reprice.ts"] },
  { name: "TUI what-if", args: ["bench/tui.ts"] },
  { name: "gpuplan size", args: ["bench/size.ts"] },
  { name: "gpuplan sweep, 1 vs 2 workers", args: ["bench/sweep.ts"] },
]

const results: Array<BenchResult & { bench: string }> = []
for (const b of benches) {
  process.stderr.write(`running ${b.name}${b.repeat ? ` (${b.repeat} runs, median)` : ""}…\n`)
  const runs: BenchResult[][] = []
  for (let i = 0; i < (b.repeat ?? 1); i++) {
    const run = spawnSync(process.execPath, ["bin/run-ts.js", ...b.args], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 })
    if (run.status !== 0 && run.status !== 1) process.stderr.write(`  ${b.name} failed (exit ${run.status}):\n${run.stderr}\n`)
    const found: BenchResult[] = []
    for (const line of run.stdout.split("\n")) {
      if (line.startsWith("RESULT ")) found.push(JSON.parse(line.slice(7)) as BenchResult)
      else if (line.trim() !== "") process.stderr.write(`  ${line}\n`)
    }
    if (found.length > 0) runs.push(found)
  }
  if (runs.length === 0) continue
  const sorted = [...runs].sort((x, y) => x[0]!.measured - y[0]!.measured)
  const median = sorted[Math.floor((sorted.length - 1) / 2)]!
  if (runs.length > 1) process.stderr.write(`  median of ${runs.length} runs by ${median[0]!.figure}: ${sorted.map((r) => r[0]!.measured.toFixed(3)).join(", ")}\n`)
  for (const r of median) results.push({ bench: b.name, ...r })
}

const cpus = os.cpus()
const machine = `${cpus[0]?.model ?? "unknown CPU"} × ${cpus.length}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, load ${os.loadavg()[0]!.toFixed(1)}`
const fmt = (x: number) => (Math.abs(x) >= 100 ? x.toFixed(0) : Math.abs(x) >= 1 ? x.toFixed(2) : x.toPrecision(3))
const rows = results.map((r) => [r.figure, r.unit, r.target, fmt(r.measured), r.pass === null ? "" : r.pass ? "pass" : "FAIL"])
const header = ["figure", "unit", "target", "measured", ""]
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)))
const line = (cells: string[]) => cells.map((c, i) => (i === 3 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join("  ").trimEnd()
console.log(`machine: ${machine}`)
console.log(line(header))
for (const r of rows) console.log(line(r))
writeFileSync("bench/results.json", JSON.stringify({ machine, results }, null, 2) + "\n")
console.log("wrote bench/results.json")
