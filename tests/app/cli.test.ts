/**
 * The command line as a user meets it: `node bin/gpuplan.js …` in a child process, checking exit
 * codes, which stream the words go to, and that user mistakes never show a stack trace.
 */
import { execFile } from "node:child_process"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { afterAll, describe, expect, it } from "vitest"

const BIN = path.resolve("bin/gpuplan.js")

/** Run the CLI in a child process (in parallel with the other tests: each start costs ~0.6 s). */
const gpuplan = (...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> =>
  new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { encoding: "utf8", env: { ...process.env, CI: "true", NO_COLOR: "1" }, timeout: 30_000 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === "number" ? error.code : null
      resolve({ code, stdout, stderr })
    })
  })

/** A stack trace line, as Node prints them: four spaces, "at ". */
const STACK_LINE = /^\s{4}at /m

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gpuplan-cli-"))
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

const GOOD = path.join(dir, "good.yaml")
fs.writeFileSync(
  GOOD,
  [
    "name: Two pools, one chat",
    "horizon: 2d",
    "pools:",
    "  - { name: main, gpu: H100-SXM, nodes: 2, pricing: { kind: on-demand, perGpuHour: 2.99 } }",
    "  - { name: burst, gpu: H100-SXM, nodes: { min: 0, max: 4 }, pricing: { kind: spot } }",
    "inference:",
    "  - name: chat",
    "    model: llama-3.1-8b",
    "    arrivals: { pattern: poisson, rate: 5/s }",
    "    promptTokens: { distribution: fixed, value: 500 }",
    "    outputTokens: { distribution: fixed, value: 100 }",
    "",
  ].join("\n"),
)

describe.concurrent("gpuplan (the command line)", { timeout: 60_000 }, () => {
  it("--help lists the commands and exit codes on stdout, exit 0", async () => {
    const r = await gpuplan("--help")
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^Usage: gpuplan <command>/m)
    expect(r.stdout).toMatch(/^\s+validate\s+check a scenario file/m)
    expect(r.stdout).toMatch(/^\s+schema\s+/m)
    expect(r.stdout).toContain("Exit codes: 0 success, 1 the run failed, 2 invalid input or usage.")
    expect(r.stderr).toBe("")
  })

  it("--version prints the package version, exit 0", async () => {
    const r = await gpuplan("--version")
    const version = (JSON.parse(fs.readFileSync("package.json", "utf8")) as { version: string }).version
    expect(r.code).toBe(0)
    expect(r.stdout.trim()).toBe(version)
  })

  it("validate <good file> prints a one-line summary on stdout, exit 0", async () => {
    const r = await gpuplan("validate", GOOD)
    expect(r.code).toBe(0)
    expect(r.stderr).toBe("")
    const lines = r.stdout.trim().split("\n")
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(new RegExp(`^${GOOD.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: ok — "Two pools, one chat" · `))
    expect(lines[0]).toContain("2 pools")
    expect(lines[0]).toContain("1 inference workload")
    expect(lines[0]).toContain("horizon 2d")
  })

  it("validate <bad file> prints every diagnostic on stderr and a count, exit 2, no stack trace", async () => {
    const r = await gpuplan("validate", "tests/fixtures/bad/several-problems.yaml")
    expect(r.code).toBe(2)
    expect(r.stdout).toBe("")
    const expected = fs.readFileSync("tests/fixtures/bad/several-problems.expected", "utf8").trim().split("\n")
    expect(r.stderr.trim().split("\n")).toEqual([...expected, `${expected.length} problems found`])
    expect(r.stderr).not.toMatch(STACK_LINE)
  })

  it.each(["tests/fixtures/bad/binary-nul.yaml", "tests/fixtures/bad/alias-bomb.yaml", "tests/fixtures/bad/directory.yaml", "tests/fixtures/bad/missing-file.yaml"])(
    "validate %s: a hostile or missing file is a diagnostic, exit 2, no stack trace",
    async (file) => {
      const r = await gpuplan("validate", file)
      expect(r.code).toBe(2)
      expect(r.stderr).toMatch(new RegExp(`^${file.replace(/[.]/g, "\\.")}:\\d+:\\d+: `))
      expect(r.stderr).toContain("1 problem found")
      expect(r.stderr).not.toMatch(STACK_LINE)
    },
  )

  it("validate of a good and a bad file reports both and exits 2", async () => {
    const r = await gpuplan("validate", GOOD, "tests/fixtures/bad/duplicate-key.yaml")
    expect(r.code).toBe(2)
    expect(r.stdout).toContain(": ok — ")
    expect(r.stderr).toContain('duplicate key "horizon"')
  })

  it("an unknown command exits 2 with a did-you-mean", async () => {
    const r = await gpuplan("validte", GOOD)
    expect(r.code).toBe(2)
    expect(r.stdout).toBe("")
    expect(r.stderr).toContain('unknown command "validte" — did you mean "validate"?')
    expect(r.stderr).not.toMatch(STACK_LINE)
  })

  it("an unknown flag exits 2, naming the flag, with the command's usage", async () => {
    const r = await gpuplan("validate", "--strict", GOOD)
    expect(r.code).toBe(2)
    expect(r.stderr).toContain("unknown option --strict")
    expect(r.stderr).toContain("Usage: gpuplan validate")
    expect(r.stderr).not.toMatch(STACK_LINE)
  })

  it("a misspelled flag gets a did-you-mean", async () => {
    const r = await gpuplan("validate", "--hlep")
    expect(r.code).toBe(2)
    expect(r.stderr).toContain("did you mean --help?")
  })

  it("validate with no file is a usage error, exit 2", async () => {
    const r = await gpuplan("validate")
    expect(r.code).toBe(2)
    expect(r.stderr).toContain("validate needs a scenario file")
    expect(r.stderr).not.toMatch(STACK_LINE)
  })

  it("schema prints a JSON Schema that parses and describes pools", async () => {
    const r = await gpuplan("schema")
    expect(r.code).toBe(0)
    const schema = JSON.parse(r.stdout) as { type?: string; properties?: Record<string, { description?: string }>; required?: string[] }
    expect(schema.type).toBe("object")
    expect(schema.properties?.pools).toBeDefined()
    expect(schema.properties?.pools?.description).toMatch(/pool/i)
    expect(schema.required).toEqual(expect.arrayContaining(["name", "pools"]))
  })
})
