/** Every example scenario runs through the analytic engine to a report of finite numbers (JSON has no Infinity or NaN). */
import { Effect } from "effect"
import * as fs from "node:fs"
import * as path from "node:path"
import { describe, expect, it } from "vitest"
import { loadScenario } from "../../src/app/load-scenario.ts"
import { prepare } from "../../src/app/run.ts"
import { analyzeScenario } from "../../src/model/analytic/analyze.ts"
import { buildReport } from "../../src/report/build.ts"

const dir = path.resolve(import.meta.dirname, "../../scenarios")
const files = fs.readdirSync(dir).filter((f) => f.endsWith(".yaml")).sort()

const nonFinite = (v: unknown, at = ""): string[] => {
  if (typeof v === "number") return Number.isFinite(v) ? [] : [at]
  if (Array.isArray(v)) return v.flatMap((x, i) => nonFinite(x, `${at}[${i}]`))
  if (v !== null && typeof v === "object") return Object.entries(v).flatMap(([k, x]) => nonFinite(x, `${at}.${k}`))
  return []
}

describe("analytic engine on the example scenarios", () => {
  it.each(files)("%s: a report with every inference number finite and every request accounted for", async (f) => {
    const prepared = await Effect.runPromise(Effect.flatMap(loadScenario(path.join(dir, f)), prepare))
    const run = analyzeScenario(prepared)
    const report = buildReport(prepared, run.result, { version: "t", engine: "analytic", seed: 1 } as Parameters<typeof buildReport>[2])
    expect(report.scenario.engine).toBe("analytic")
    expect(nonFinite(report.inference)).toEqual([])
    expect(nonFinite(report.pools)).toEqual([])
    for (const w of report.inference) {
      expect(w.requests.completed + w.requests.rejected + w.requests.inFlightAtEnd).toBe(w.requests.arrived)
      expect(w.latency.ttft.p50).toBeLessThanOrEqual(w.latency.ttft.p99)
      expect(w.latency.tpot.mean).toBeGreaterThan(0)
    }
  })
})
