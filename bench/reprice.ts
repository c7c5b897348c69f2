/**
 * Re-pricing a finished run never re-simulates: simulate the chat example (scenarios/
 * chat-h100-burst.yaml) for 7 days once, then re-price it 1,000 times, alternating a new margin and
 * a changed reserved price, through the same function the report uses (usage → ledger → quote →
 * report sections). Prints the simulation time and the median / p99 re-pricing latency.
 * Target: median < 10 ms.
 *
 *   node bin/run-ts.js bench/reprice.ts [days] [repetitions]
 */
import { Effect } from "effect"
import { performance } from "node:perf_hooks"
import { priceBookOf, quoteTermsOf, usageFromServing, type PriceBook } from "../src/cost/index.ts"
import { loadScenario } from "../src/app/load-scenario.ts"
import { prepare } from "../src/app/run.ts"
import { simulate } from "../src/model/simulate.ts"
import { pricedSections } from "../src/report/cost-report.ts"
import { result as benchResult } from "./result.ts"

const days = Number(process.argv[2] ?? 7)
const repetitions = Number(process.argv[3] ?? 1000)
const TODAY = "2026-12-04"

const loaded = await Effect.runPromise(loadScenario("scenarios/chat-h100-burst.yaml"))
const prepared = await Effect.runPromise(prepare(loaded))
const t0 = performance.now()
const result = simulate(prepared, { seed: loaded.scenario.seed, horizonSeconds: days * 86_400 })
const simulateMs = performance.now() - t0

const usage = usageFromServing(prepared, result)
const book = priceBookOf(prepared, (p) => loaded.explicitPaths.has(p))
const terms = quoteTermsOf(loaded.scenario)

/** The book with every reserved pool's price multiplied by `factor`. */
const withReservedPrice = (b: PriceBook, factor: number): PriceBook => ({
  ...b,
  pools: b.pools.map((p) =>
    p.pricing.kind === "reserved" ? { ...p, pricing: { ...p.pricing, perGpuHour: { ...p.pricing.perGpuHour, value: p.pricing.perGpuHour.value * factor } } } : p,
  ),
})

const base = pricedSections(usage, book, terms, loaded.scenario.currency, TODAY)
const samples: number[] = []
let checksum = 0
for (let i = 0; i < repetitions; i++) {
  const margin = 0.2 + (i % 20) / 100 // 20%…39%
  const factor = 1 + (i % 7) / 100 // reserved price +0…6%
  const start = performance.now()
  const s = pricedSections(usage, i % 2 === 0 ? book : withReservedPrice(book, factor), { ...terms, margin }, loaded.scenario.currency, TODAY)
  samples.push(performance.now() - start)
  checksum += s.quote.perGpuHour
}
samples.sort((a, b) => a - b)
const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))]!

const w = result.workloads[0]!
console.log(`chat example, ${days} days simulated once in ${(simulateMs / 1000).toFixed(1)} s: ${w.counts.completed.toLocaleString("en-US")} requests`)
console.log(`cost $${base.cost.total.toLocaleString("en-US")} · quote $${base.quote.perGpuHour}/GPU-hour at margin ${terms.margin}`)
console.log(`re-pricing (margin and reserved price changed) × ${repetitions}: median ${at(0.5).toFixed(4)} ms · p99 ${at(0.99).toFixed(4)} ms · max ${samples[samples.length - 1]!.toFixed(4)} ms (target: median < 10 ms)`)
console.log(`(checksum ${checksum.toFixed(2)})`)
benchResult({ figure: `re-pricing a finished ${days}-day run (margin and a price changed)`, unit: "ms", target: "< 10", measured: at(0.5), pass: at(0.5) < 10 })
