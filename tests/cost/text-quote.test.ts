/** The text report's COST AND QUOTE section shows the cost, idle, unit prices and flags stale built-in prices. */
import { Effect } from "effect"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { loadScenario } from "../../src/app/load-scenario.ts"
import { prepare } from "../../src/app/run.ts"
import { simulate } from "../../src/model/simulate.ts"
import { buildReport } from "../../src/report/build.ts"
import { renderText } from "../../src/report/text.ts"

describe("COST AND QUOTE", async () => {
  const loaded = await Effect.runPromise(loadScenario(join(import.meta.dirname, "..", "..", "scenarios", "rented-h200.yaml")))
  const prepared = await Effect.runPromise(prepare(loaded))
  const result = simulate(prepared, { seed: 1, horizonSeconds: 3600 })
  const text = (today: string) =>
    renderText(buildReport(prepared, result, { version: "test", engine: "des", seed: 1, today, explicitPaths: loaded.explicitPaths }))
      .split("\n")
      .filter((l) => /^COST AND QUOTE|^ {2}(cost|pools|price|break-even|prices) |^ {14}\S/.test(l))

  it("reads: cost with idle, pools, price per token and GPU-hour, break-evens, prices with provenance", () => {
    const lines = text("2026-12-04")
    expect(lines[0]).toBe("COST AND QUOTE")
    expect(lines[1]).toMatch(/^ {2}cost {8}\$147\.20 over 1h · idle \$[\d.]+ \([\d.]+%\) · \$[\d.]+ per 1M output tokens/)
    expect(lines[2]).toBe("  pools       rented (reserved) $147.20 · $2.30 per provisioned GPU-hour")
    expect(lines.find((l) => l.startsWith("  price"))).toMatch(/\/ 1M input · \$[\d.]+ \/ 1M output · \$3\.29 \/ GPU-hour · \$151,405\.71 \/ month · \$5,450,605\.71 for 36 months \(margin 30%\)/)
    expect(lines.find((l) => l.startsWith("  break-even"))).toMatch(/reserving beats on-demand above 65\.7% \(\$2\.30 vs \$3\.50 \/ GPU-hour\)/)
    expect(lines.at(-1)).toBe("              rented overflowPerGpuHour $3.50 (catalog, as of 2025-06-01, STALE: older than 180 days)")
  })

  it("does not flag the same catalog price within 180 days of its date", () => {
    expect(text("2025-09-01").at(-1)).toBe("              rented overflowPerGpuHour $3.50 (catalog, as of 2025-06-01)")
  })
})
