/**
 * `gpuplan run --sensitivity`: every input is moved alone and its rows move the way the physics
 * says (more demand, longer prompts or slower GPUs → later first tokens); prices scale cost exactly.
 */
import { Effect } from "effect"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { describe, expect, it } from "vitest"
import { loadScenario } from "../../src/app/load-scenario.ts"
import { runScenario } from "../../src/app/run.ts"
import { runSensitivity } from "../../src/app/sensitivity.ts"
import { renderSensitivity } from "../../src/report/sensitivity.ts"

// One H100 near saturation with an 8B model: every simulated input visibly moves p99 TTFT.
const TEXT = `name: sensitivity test
seed: 2
horizon: 2m
models: [{ name: m, preset: llama-3.1-8b }]
pools: [{ name: p, gpu: H100-SXM, gpusPerNode: 1, nodes: 1, pricing: { kind: on-demand, perGpuHour: 3 } }]
inference:
  - name: chat
    model: m
    replica: { tensorParallel: 1 }
    pools: [p]
    arrivals: { pattern: poisson, rate: 30/s }
    promptTokens: { distribution: lognormal, mean: 1000, p99: 4000 }
    outputTokens: { distribution: lognormal, mean: 200, p99: 800 }
    slo: { ttft: { p99: 500ms } }
`

describe("sensitivity", () => {
  it("moves each input alone; TTFT follows demand, lengths and efficiency; prices scale cost by ±10%", async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "gpuplan-sens-")), "s.yaml")
    fs.writeFileSync(file, TEXT)
    const loaded = await Effect.runPromise(loadScenario(file))
    const base = await Effect.runPromise(runScenario(loaded))
    const s = await Effect.runPromise(runSensitivity(TEXT, file, loaded.scenario, base, {}))
    const row = (name: string) => s.rows.find((r) => r.input === name)!
    expect(s.rows.map((r) => r.input).sort()).toEqual(["GPU efficiency", "GPU prices", "demand", "failure rate", "output length", "prompt length"])
    for (const name of ["demand", "prompt length", "output length"]) expect(row(name).high!.ttftP99).toBeGreaterThan(row(name).low!.ttftP99)
    expect(row("GPU efficiency").high!.ttftP99).toBeLessThan(row("GPU efficiency").low!.ttftP99)
    expect(row("GPU prices").high!.cost / s.base.cost).toBeCloseTo(1.1, 9)
    expect(row("GPU prices").low!.cost / s.base.cost).toBeCloseTo(0.9, 9)
    // A tornado: the first row swings SLO attainment at least as much as the last.
    const swing = (r: (typeof s.rows)[number]) => Math.abs(r.high!.sloAttainment - r.low!.sloAttainment)
    expect(swing(s.rows[0]!)).toBeGreaterThanOrEqual(swing(s.rows[s.rows.length - 1]!))
    expect(renderSensitivity(s, "USD")).toMatch(/^SENSITIVITY/)
  }, 30_000)
})
