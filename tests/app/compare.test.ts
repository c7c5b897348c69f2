/**
 * `gpuplan compare`: the verdict names the cheapest scenario that meets every SLO. Three tiny
 * scenarios, ten simulated minutes each: "cheap" (2 reserved GPUs at $1.50) and "dear" (the same on
 * demand at $3.00) both hold a light load; "tiny" (1 GPU at $1.00) is the cheapest by far but is
 * swamped by ten times the load and misses its SLO.
 */
import { Effect } from "effect"
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { beforeAll, describe, expect, it, vi } from "vitest"
import { compareScenarios } from "../../src/app/compare.ts"
import { main } from "../../src/cli.ts"
import { buildComparison, verdictOf, type Comparison, type Headline } from "../../src/report/compare-build.ts"
import { renderComparison } from "../../src/report/formats.ts"

const dir = mkdtempSync(join(tmpdir(), "gpuplan-compare-"))

const scenario = (name: string, kind: string, perGpuHour: number, gpus: number, rate: number) =>
  [
    `name: ${name}`,
    "seed: 3",
    "horizon: 10m",
    "pools:",
    "  - name: p",
    "    gpu: H100-SXM",
    `    gpusPerNode: ${gpus}`,
    "    nodes: 1",
    `    pricing: { kind: ${kind}, perGpuHour: ${perGpuHour}${kind === "reserved" ? ", term: 12mo" : ""} }`,
    "inference:",
    "  - name: api",
    "    model: llama-3.1-8b",
    "    replica: { tensorParallel: 1 }",
    `    arrivals: { pattern: constant, rate: ${rate}/s }`,
    "    promptTokens: { distribution: fixed, value: 2000 }",
    "    outputTokens: { distribution: fixed, value: 200 }",
    "    slo: { ttft: { p99: 1s }, tpot: { p99: 100ms } }",
    "",
  ].join("\n")

const file = (name: string, text: string) => {
  const f = join(dir, `${name}.yaml`)
  writeFileSync(f, text)
  return f
}
const cheap = file("cheap", scenario("cheap", "reserved", 1.5, 2, 4))
const dear = file("dear", scenario("dear", "on-demand", 3.0, 2, 4))
const tiny = file("tiny", scenario("tiny", "on-demand", 1.0, 1, 40))

const compare = (files: string[]) => Effect.runPromise(compareScenarios(files))

let both: Comparison
let withMiss: Comparison
beforeAll(async () => {
  both = await compare([dear, cheap])
  withMiss = await compare([cheap, dear, tiny])
}, 120_000)

describe("compare", () => {
  it("both meet their SLOs: the cheaper one is the verdict, with its saving against the other", () => {
    expect(both.headline.map((h) => h.sloMet)).toEqual([true, true])
    expect(both.headline[1]!.costTotal!).toBeLessThan(both.headline[0]!.costTotal!)
    expect(both.verdict.cheapest).toBe(1)
    expect(both.verdict.basis).toBe("costPerMillionOutputTokens")
    expect(both.verdict.text).toMatch(/^B "cheap" is the cheapest that meets every SLO: \$[\d.]+ per 1M output tokens, 50\.0% below A "dear"/)
  })

  it("the cheapest that misses an SLO is passed over, and the verdict says so", () => {
    const [c, d, t] = withMiss.headline
    expect(t!.sloMet).toBe(false)
    expect(t!.costPerMillionOutputTokens!).toBeLessThan(c!.costPerMillionOutputTokens!)
    expect(c!.sloMet && d!.sloMet).toBe(true)
    expect(withMiss.verdict.cheapest).toBe(0)
    expect(withMiss.verdict.meetsSlo).toEqual([true, true, false])
    expect(withMiss.verdict.text).toContain(`C "tiny"`)
    expect(withMiss.verdict.text).toMatch(/is cheaper but misses an SLO\.$/)
  })

  it("deltas are against the first scenario: zero for it, cost doubled for on-demand at twice the price", () => {
    expect(withMiss.deltas[0]!.costTotal).toEqual({ absolute: 0, relative: 0 })
    expect(withMiss.deltas[1]!.costTotal.relative).toBeCloseTo(1, 6)
    expect(withMiss.deltas[2]!.gpus.absolute).toBe(-1)
  })

  it("JSON is { schemaVersion: 1, scenarios: [report…], deltas, verdict }", () => {
    const json = JSON.parse(renderComparison(both, "json"))
    expect(json.schemaVersion).toBe(1)
    expect(json.scenarios.map((r: { scenario: { name: string } }) => r.scenario.name)).toEqual(["dear", "cheap"])
    expect(json.scenarios[0].inference[0].latency.ttft.p99).toBeGreaterThan(0)
    expect(json.deltas).toHaveLength(2)
    expect(json.verdict.cheapest).toBe(1)
  })

  it("text shows the table with deltas and the better value marked, then the verdict", () => {
    const text = renderComparison(withMiss, "text")
    expect(text).toMatch(/^COMPARE — 3 scenarios/)
    expect(text).toMatch(/cost over the horizon +\$0\.5000 +\$1\.00 \(\+100\.0%\) +\$0\.1667 \(−66\.7%\) ★/)
    expect(text).toMatch(/SLOs +met +met +MISSED/)
    expect(text).toMatch(/SLO attainment \(worst workload\) +100\.0% ★ +100\.0% \(±0\.0%\) ★/)
    expect(text.trimEnd().split("\n").at(-1)).toBe(`VERDICT  ${withMiss.verdict.text}`)
  })

  it("every other format renders the verdict", () => {
    expect(renderComparison(withMiss, "md")).toContain("## Verdict")
    const html = renderComparison(withMiss, "html")
    expect(html).toContain('data-chart="compare-cost"')
    expect(html).not.toMatch(/<script/)
    expect(renderComparison(withMiss, "csv")).toContain("verdict.cheapest,0\r\n")
  })

  it("verdict without any scenario meeting its SLO, or without cost", () => {
    const h = withMiss.headline[2]!
    const none = verdictOf([h, { ...h, name: "other", costPerMillionOutputTokens: 5 }])
    expect(none.cheapest).toBeNull()
    expect(none.text).toMatch(/^No scenario meets every SLO\. The cheapest, A "tiny"/)
    const noCost: Headline = { ...h, costTotal: null, costPerHour: null, costPerMillionOutputTokens: null }
    expect(verdictOf([noCost, noCost]).text).toBe("No verdict: these reports have no cost.")
    expect(buildComparison([{ ...withMiss.scenarios[0]!, cost: null, quote: null }], ["x.yaml"]).verdict.cheapest).toBeNull()
  })

  it("gpuplan compare: a usage error with one file, and --out writes the chosen format", async () => {
    const stderr = vi.spyOn(process.stderr, "write").mockImplementation(() => true)
    try {
      expect(await main(["compare", cheap])).toBe(2)
      expect(await main(["compare", cheap, dear, "--format", "pdf"])).toBe(2)
      const out = join(dir, "cmp.md")
      expect(await main(["compare", cheap, dear, "--format", "md", "--out", out])).toBe(0)
      expect(readFileSync(out, "utf8")).toMatch(/^# Comparison: cheap vs dear/)
    } finally {
      stderr.mockRestore()
    }
  }, 60_000)
})

describe("compare with invalid files", () => {
  it("reports every file's problems at once, not only the first invalid file's", async () => {
    const a = join(dir, "bad-a.yaml")
    const b = join(dir, "bad-b.yaml")
    writeFileSync(a, "name: a\nhorizon: 3x\npools: []\n")
    writeFileSync(b, "name: b\nseed: -1\n")
    const exit = await Effect.runPromise(Effect.result(compareScenarios([a, b])))
    expect(exit._tag).toBe("Failure")
    const files = new Set(exit._tag === "Failure" ? exit.failure.diagnostics.map((d) => d.file) : [])
    expect(files).toEqual(new Set([a, b]))
  })
})

describe("compare in parallel", () => {
  it("worker-thread runs give the same comparison as in-process runs, in file order", async () => {
    const files = [join(dir, "cheap.yaml"), join(dir, "dear.yaml")]
    const parallel = await Effect.runPromise(compareScenarios(files))
    // replications: 1 forces the in-process path (an explicit override is not sent to workers).
    const sequential = await Effect.runPromise(compareScenarios(files, { replications: 1 }))
    expect(JSON.stringify(parallel)).toBe(JSON.stringify(sequential))
    expect(parallel.scenarios.map((s) => s.scenario.name)).toEqual(sequential.scenarios.map((s) => s.scenario.name))
  })
})
