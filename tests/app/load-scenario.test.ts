/**
 * The scenario loader against a corpus of broken files: every `tests/fixtures/bad/<name>.expected`
 * holds the exact diagnostics `loadScenario("tests/fixtures/bad/<name>.yaml")` must report, one
 * `file:line:col: path: message` per line, checked by hand to point at the right place (a bad
 * value at the value, an unknown key at the key, a missing key at the mapping that lacks it).
 * Absolute paths of referenced files are written `<fixtures>` in the expected files.
 * `<name>.yaml` may be missing (a missing scenario) or a directory (a directory given as scenario).
 */
import { Effect, Exit } from "effect"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { formatDiagnostic, InvalidInput } from "../../src/app/diagnostics.ts"
import { decodeScenarioText, loadScenario, MAX_SCENARIO_BYTES, type FileProbe } from "../../src/app/load-scenario.ts"

const FIXTURES = "tests/fixtures/bad"
const fixturesAbs = path.resolve(FIXTURES)

/** The diagnostics of loading `file`, formatted; fails the test if the file loads. */
const diagnosticsOf = async (file: string): Promise<string[]> => {
  const exit = await Effect.runPromiseExit(loadScenario(file))
  if (Exit.isSuccess(exit)) throw new Error(`${file} loaded, but it is broken`)
  const reason = exit.cause.reasons.find((r) => r._tag === "Fail")
  const error = reason?._tag === "Fail" ? reason.error : undefined
  if (!(error instanceof InvalidInput)) throw new Error(`${file}: expected InvalidInput, got ${String(exit.cause)}`)
  return error.diagnostics.map(formatDiagnostic).map((line) => line.split(fixturesAbs).join("<fixtures>"))
}

const names = fs
  .readdirSync(FIXTURES)
  .filter((f) => f.endsWith(".expected"))
  .map((f) => f.slice(0, -".expected".length))
  .sort()

describe("the corpus of broken scenarios", () => {
  it("has a fixture for every rule and hostile input (at least 45)", () => {
    expect(names.length).toBeGreaterThanOrEqual(45)
  })

  it.each(names)("%s: reports exactly the expected diagnostics", async (name) => {
    const expected = fs.readFileSync(path.join(FIXTURES, `${name}.expected`), "utf8").split("\n").filter((l) => l !== "")
    expect(expected.length).toBeGreaterThan(0)
    expect(await diagnosticsOf(`${FIXTURES}/${name}.yaml`)).toEqual(expected)
  })
})

describe("hostile input is refused fast", () => {
  it("a billion-laughs alias bomb is answered within a second of CPU time", async () => {
    // CPU, not wall time: on a shared CI machine wall time mostly measures the neighbours.
    const started = process.cpuUsage()
    const lines = await diagnosticsOf(`${FIXTURES}/alias-bomb.yaml`)
    const used = process.cpuUsage(started)
    expect((used.user + used.system) / 1000).toBeLessThan(1_000)
    expect(lines).toHaveLength(1)
  })

  it("nesting 10,000 levels deep is a diagnostic, not a stack overflow", () => {
    const text = `name: deep\ndescription: ${"[".repeat(10_000)}${"]".repeat(10_000)}\n`
    const result = decodeScenarioText(text, "deep.yaml", ".", () => ({ kind: "missing" }))
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.diagnostics.length).toBeGreaterThan(0)
  })
})

describe("wide input stays fast", () => {
  it("a mapping of 20,000 keys (all unknown) is answered within 3 s of CPU time, not quadratically", () => {
    const text = `name: wide\n${Array.from({ length: 20_000 }, (_, i) => `k${i}: 1\n`).join("")}`
    const started = process.cpuUsage()
    const result = decodeScenarioText(text, "wide.yaml", ".", () => ({ kind: "missing" }))
    const used = process.cpuUsage(started)
    expect((used.user + used.system) / 1000).toBeLessThan(3_000)
    expect(result.ok ? [] : result.diagnostics.filter((d) => d.message.startsWith('unknown key "k'))).toHaveLength(20_000)
  })
})

describe("files the loader refuses before reading YAML", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gpuplan-loader-"))
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

  it("a file over the size limit is refused without being parsed, naming the limit", async () => {
    const file = path.join(dir, "huge.yaml")
    const filler = `# ${"x".repeat(1021)}\n` // 1 KiB a line
    fs.writeFileSync(file, `name: huge\n${filler.repeat(MAX_SCENARIO_BYTES / 1024 + 1)}`)
    expect(await diagnosticsOf(file)).toEqual([
      `${file}:1:1: the file is 8.0 MiB; a scenario may be at most 8 MiB (put request traces in a CSV and reference it with pattern: trace)`,
    ])
  })

  it("a file of exactly the size limit is read (and judged on its content)", async () => {
    const file = path.join(dir, "limit.yaml")
    const head = "name: at the limit\n"
    fs.writeFileSync(file, head + "#".repeat(MAX_SCENARIO_BYTES - head.length))
    expect((await diagnosticsOf(file)).every((l) => !l.includes("may be at most"))).toBe(true)
  })

  it("CRLF line endings give the same line and column as LF", async () => {
    const lf = fs.readFileSync(`${FIXTURES}/pool-initial-above-max.yaml`, "utf8")
    const file = path.join(dir, "crlf.yaml")
    fs.writeFileSync(file, lf.replaceAll("\n", "\r\n"))
    expect(await diagnosticsOf(file)).toEqual([`${file}:5:39: pools[0].nodes.initial: initial (9) must not exceed max (4)`])
  })

  it("a UTF-8 byte-order mark is skipped, and positions stay those an editor shows", async () => {
    const file = path.join(dir, "bom.yaml")
    fs.writeFileSync(file, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), fs.readFileSync(`${FIXTURES}/duration-malformed.yaml`)]))
    expect(await diagnosticsOf(file)).toEqual([
      `${file}:2:10: horizon: expected a duration (e.g. 90s, 15m, 2h, 7d, 12mo, 250ms, or a number of seconds), found "3 fortnights"`,
    ])
  })
})

describe("referenced files", () => {
  const scenario = (file: string) =>
    [
      "name: replay",
      "pools: [{ name: main, gpu: H100-SXM, nodes: 1, pricing: { kind: on-demand } }]",
      "inference:",
      `  - { name: r, model: llama-3.1-8b, arrivals: { pattern: trace, file: ${file} } }`,
    ].join("\n")

  it("resolve against the scenario's directory, and a readable trace with a known header passes", () => {
    const asked: string[] = []
    const probe: FileProbe = (abs) => (asked.push(abs), { kind: "file", firstLine: "TIMESTAMP,ContextTokens,GeneratedTokens" })
    const result = decodeScenarioText(scenario("traces/azure.csv"), "s.yaml", "/data/scenarios", probe)
    expect(result.ok).toBe(true)
    expect(asked).toEqual(["/data/scenarios/traces/azure.csv"])
  })

  it("an unreadable trace is reported at the file name", () => {
    const result = decodeScenarioText(scenario("secret.csv"), "s.yaml", "/data", () => ({ kind: "unreadable" }))
    expect(result.ok ? [] : result.diagnostics.map(formatDiagnostic)).toEqual(["s.yaml:4:71: inference[0].arrivals.file: cannot read \"secret.csv\" (/data/secret.csv)"])
  })
})

describe("a valid scenario", () => {
  it("without pools:, a replica only has to fit some pool (placement skips the pools it does not fit)", () => {
    const text = [
      "name: mixed node sizes",
      "pools:",
      "  - { name: big, gpu: H100-SXM, nodes: 2, pricing: { kind: on-demand } }",
      "  - { name: small, gpu: H100-SXM, gpusPerNode: 4, nodes: 2, pricing: { kind: on-demand } }",
      "inference:",
      "  - name: chat",
      "    model: llama-3.1-70b",
      "    replica: { tensorParallel: 8 }",
      "    arrivals: { pattern: poisson, rate: 5/s }",
      "    promptTokens: { distribution: fixed, value: 500 }",
      "    outputTokens: { distribution: fixed, value: 100 }",
    ].join("\n")
    const result = decodeScenarioText(text, "mixed.yaml", ".", () => ({ kind: "missing" }))
    expect(result.ok ? [] : result.diagnostics.map(formatDiagnostic)).toEqual([])
  })

  it("loads with the documented defaults applied", async () => {
    const text = [
      "name: minimal",
      "pools: [{ name: main, gpu: H100-SXM, nodes: 2, pricing: { kind: on-demand } }]",
      "inference:",
      "  - name: chat",
      "    model: llama-3.1-8b",
      "    arrivals: { pattern: poisson, rate: 5/s }",
      "    promptTokens: { distribution: fixed, value: 500 }",
      "    outputTokens: { distribution: fixed, value: 100 }",
    ].join("\n")
    const result = decodeScenarioText(text, "minimal.yaml", ".", () => ({ kind: "missing" }))
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.scenario.horizon).toBe(86_400)
    expect(result.scenario.seed).toBe(1)
    expect(result.scenario.replications).toBe(1)
    expect(result.scenario.inference[0]?.arrivals).toEqual({ pattern: "poisson", rate: 5 })
  })
})
