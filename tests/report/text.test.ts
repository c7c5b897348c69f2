/**
 * The text report says what the fleet did: re-queued requests (none lost) on the workload line, and
 * a FLEET section with failures and the GPU-hours paid but not serving — numbers that must match
 * the JSON report they are rendered from.
 */
import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { decodeScenarioText } from "../../src/app/load-scenario.ts"
import { runScenario } from "../../src/app/run.ts"
import { renderText } from "../../src/report/text.ts"

// Two 1-GPU nodes failing about every 7 minutes each under a 3,000-request batch (as in the fleet tests).
const text = `
name: failures under a batch
horizon: 6h
pools:
  - name: p
    gpu: H100-SXM
    gpusPerNode: 1
    nodes: 2
    failures: { perGpuDay: 200, repair: 5m }
    pricing: { kind: on-demand, perGpuHour: 2 }
inference:
  - name: w
    model: llama-3.1-8b
    weights: bf16
    arrivals: { pattern: batch, requests: 3000 }
    promptTokens: { distribution: fixed, value: 2000 }
    outputTokens: { distribution: fixed, value: 1000 }
`

describe("text report", async () => {
  const decoded = decodeScenarioText(text, "f.yaml", "/tmp", () => ({ kind: "missing" }))
  if (!decoded.ok) throw new Error(JSON.stringify(decoded.diagnostics))
  const loaded = { scenario: decoded.scenario, locate: decoded.locate, explicitPaths: decoded.explicitPaths, file: "f.yaml", baseDir: "/tmp" }
  const report = await Effect.runPromise(runScenario(loaded, { seed: 3 }))
  const out = renderText(report)
  const fleet = report.pools[0]!.fleet!

  it("the run has failures and re-queues to show (so the checks below can fail)", () => {
    expect(fleet.failures).toBeGreaterThan(0)
    expect(report.inference[0]!.requests.requeued).toBeGreaterThan(0)
  })

  it("the workload line counts the re-queued requests", () => {
    expect(out).toContain(`${report.inference[0]!.requests.requeued.toLocaleString("en-US")} re-queued from lost or removed replicas (none lost)`)
  })

  it("the FLEET section names the failures of the pool", () => {
    const line = out.split("\n").find((l) => l.startsWith("  p: "))
    expect(out).toContain("\nFLEET\n")
    expect(line).toContain(`${fleet.failures} failure${fleet.failures === 1 ? "" : "s"}`)
    expect(line).toContain("booting/loading/draining/repairing (paid, not serving)")
  })
})
