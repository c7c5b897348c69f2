/**
 * `gpuplan run --sensitivity`: every input is moved alone and its rows move the way the physics
 * says (more demand, longer prompts or slower GPUs → later first tokens); prices scale cost exactly.
 */
import { Effect } from "effect"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { describe, expect, it, vi } from "vitest"
import { loadScenario } from "../../src/app/load-scenario.ts"
import { runScenario } from "../../src/app/run.ts"
import { runSensitivity } from "../../src/app/sensitivity.ts"
import { main } from "../../src/cli.ts"
import { COST_TORNADO_TITLE, renderSensitivity, SLO_TORNADO_TITLE } from "../../src/report/sensitivity.ts"

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

  it("run --sensitivity --format html|md|csv carries it: tornado charts, the table, the sensitivity.* rows", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gpuplan-sens-cli-"))
    const file = path.join(dir, "s.yaml")
    fs.writeFileSync(file, TEXT)
    const quiet = vi.spyOn(process.stderr, "write").mockImplementation(() => true)
    const read = async (format: string) => {
      const out = path.join(dir, `r.${format}`)
      // The analytic engine: the base and ten variants in well under a second.
      expect(await main(["run", file, "--engine", "analytic", "--sensitivity", "--format", format, "--out", out])).toBe(0)
      return fs.readFileSync(out, "utf8")
    }
    try {
      const html = await read("html")
      expect(html).toContain('<section id="sensitivity">')
      expect(html).toContain(`aria-label="${COST_TORNADO_TITLE}"`)
      expect(html).toContain(`aria-label="${SLO_TORNADO_TITLE}"`)
      for (const input of ["demand", "prompt length", "output length", "GPU efficiency", "failure rate", "GPU prices"]) expect(html).toContain(`class="bar-label" text-anchor="end">${input}<`)
      const md = await read("md")
      expect(md).toContain("## Sensitivity")
      expect(md).toContain("| input | low / high | cost low … high | SLO attainment low … high | p99 TTFT low … high |")
      expect(md).toMatch(/\| GPU prices \| −10% \/ \+10% \| −10\.0% … \+10\.0% \|/)
      const csv = await read("csv")
      expect(csv).toMatch(/\r\nsensitivity\.base\.cost,0\.1\r\n/)
      expect(csv.match(/\r\nsensitivity\.rows\[\d\]\.input,/g)).toHaveLength(6)
    } finally {
      quiet.mockRestore()
      fs.rmSync(dir, { recursive: true, force: true })
    }
  }, 60_000)
})
