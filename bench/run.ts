/**
 * `npm run bench`: every benchmark, each in its own process (so peak RSS is its own), then one table
 * (figure, unit, target, measured, pass/fail) and bench/results.json. Never part of `npm test`.
 *
 *   npm run bench            # everything (the 30-day run takes about a minute)
 *   npm run bench -- --quick # skip the 30-day run
 */
import { spawnSync } from "node:child_process"
import { writeFileSync } from "node:fs"
import * as os from "node:os"
import type { BenchResult } from "./result.ts"

const quick = process.argv.includes("--quick")
const benches: Array<{ name: string; args: string[] }> = [
  { name: "kernel", args: ["bench/kernel.ts"] },
  { name: "peer M/M/c vs SimPy", args: ["bench/peers/run.ts"] },
  { name: "serving (engine alone, 1 day)", args: ["bench/serving.ts", "1"] },
  { name: "scenario 1 day", args: ["bench/scenario-run.ts", "bench/scenarios/chat-20rps.yaml", "1d"] },
  { name: "scenario 1 day, autoscaling and failures on", args: ["bench/scenario-run.ts", "bench/scenarios/chat-20rps-dynamic.yaml", "1d"] },
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
  process.stderr.write(`running ${b.name}…\n`)
  const run = spawnSync(process.execPath, ["bin/run-ts.js", ...b.args], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 })
  if (run.status !== 0 && run.status !== 1) process.stderr.write(`  ${b.name} failed (exit ${run.status}):\n${run.stderr}\n`)
  for (const line of run.stdout.split("\n")) {
    if (line.startsWith("RESULT ")) results.push({ bench: b.name, ...(JSON.parse(line.slice(7)) as BenchResult) })
    else if (line.trim() !== "") process.stderr.write(`  ${line}\n`)
  }
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
