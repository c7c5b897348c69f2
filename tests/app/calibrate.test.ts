/**
 * `gpuplan calibrate`: benchmark files in, a fit through the engine, refusals for what cannot be
 * fitted honestly, the calibration file, and drift.
 */
import { Effect, Exit } from "effect"
import { execFile } from "node:child_process"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { parseBenchmarkJson } from "../../src/app/benchmark-json.ts"
import { parseBenchmarkCsv, type BenchmarkRow } from "../../src/app/benchmark-rows.ts"
import { calibrate, calibrationYaml, type Calibration, checkDrift, inconsistencies, readBenchmarks, readCalibration } from "../../src/app/calibrate.ts"
import { defaultsOf, evaluate, type Params } from "../../src/app/calibration-fit.ts"
import { formatDiagnostic, InvalidInput } from "../../src/app/diagnostics.ts"

const FIX = path.resolve("tests/fixtures/benchmarks")
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gpuplan-cal-"))
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

const rowsOf = (csv: string): BenchmarkRow[] => {
  const r = parseBenchmarkCsv(csv, "t.csv")
  if (!r.ok) throw new Error(JSON.stringify(r.errors))
  return r.rows
}
const failureOf = async <A>(e: Effect.Effect<A, InvalidInput>): Promise<string[]> => {
  const exit = await Effect.runPromiseExit(e)
  if (Exit.isSuccess(exit)) throw new Error("expected a failure")
  const f = exit.cause.reasons.find((r) => r._tag === "Fail")
  return ((f as { error: InvalidInput }).error.diagnostics ?? []).map(formatDiagnostic)
}

/** The first three rows of the customer fixture and their calibration, computed once for the tests that share them. */
let customerFit: Promise<{ few: BenchmarkRow[]; c: Calibration }> | undefined
const customer = () =>
  (customerFit ??= (async () => {
    const rows = await Effect.runPromise(readBenchmarks([path.join(FIX, "customer-h100-70b.csv")], { gpu: "", model: "", tensorParallel: 1, precision: "bf16" }))
    const few = rows.slice(0, 3)
    return { few, c: await Effect.runPromise(calibrate(few, ["customer.csv"], { gpu: "H100-SXM" })) }
  })())

/** Three operating points of Llama-3.1-8B BF16 on one H100: batch-1 long prompt, mid batch, a big compute-bound batch. */
const SYNTHETIC = `gpu,model,tensorParallel,precision,concurrency,requests,promptTokens,outputTokens,ttftSeconds,tpotSeconds,outputTokensPerSecond
H100-SXM,llama-3.1-8b,1,bf16,1,10,2048,128,1,1,1
H100-SXM,llama-3.1-8b,1,bf16,32,96,512,256,1,1,1
H100-SXM,llama-3.1-8b,1,bf16,256,512,64,256,1,1,1
`

describe("the fit", () => {
  it("recovers known efficiencies and overheads within 2% from a benchmark gpuplan generated with them", async () => {
    const start = defaultsOf("H100-SXM")!
    const truth: Params = { ...start, prefillCompute: 0.5, decodeCompute: 0.42, memory: 0.68, step: 2.2e-3 }
    const template = rowsOf(SYNTHETIC)
    const generated = await Effect.runPromise(evaluate(template, truth))
    const rows = template.map((r, i) => ({ ...r, measured: generated.predicted[i]! }))
    const c = await Effect.runPromise(calibrate(rows, ["synthetic.csv"], { gpu: "H100-SXM", model: "llama-3.1-8b" }))
    for (const k of ["prefillCompute", "decodeCompute", "memory", "step"] as const) expect(Math.abs(c.result.fitted[k] / truth[k] - 1), k).toBeLessThan(0.02)
    expect(c.result.before.mare).toBeGreaterThan(0.1) // the catalog defaults were far off
    expect(c.result.after.mare).toBeLessThan(0.005)
    // TP1: the all-reduce parameters are held, not invented.
    expect(c.result.held.map((h) => h.key)).toEqual(expect.arrayContaining(["interconnect", "allReduceLatency"]))
    expect(c.result.fitted.interconnect).toBe(start.interconnect)
  }, 30_000)

  it("is deterministic: the same rows give the same calibration file", async () => {
    const { few, c } = await customer()
    const again = await Effect.runPromise(calibrate(few, ["customer.csv"], { gpu: "H100-SXM" }))
    expect(calibrationYaml(again)).toBe(calibrationYaml(c))
    expect(c.result.after.mare).toBeLessThan(c.result.before.mare / 3)
  }, 30_000)
})

describe("refusals", () => {
  const base = rowsOf(SYNTHETIC.split("\n").slice(0, 2).join("\n").replace(/,1,1,1$/, ",0.08,0.007,140"))

  it("refuses a single operating point", async () => {
    const msgs = await failureOf(calibrate(base, ["one.csv"], { gpu: "H100-SXM" }))
    expect(msgs.at(-1)).toMatch(/^one\.csv:1:1: refusing to fit: one operating point cannot separate/)
  })

  it("refuses when there are fewer measured values than parameters the rows move", async () => {
    const rows = rowsOf(`gpu,model,tensorParallel,precision,concurrency,requests,promptTokens,outputTokens,tpotSeconds
H100-SXM,llama-3.1-8b,1,bf16,1,10,2048,128,0.007
H100-SXM,llama-3.1-8b,1,bf16,256,512,64,256,0.02`)
    const msgs = await failureOf(calibrate(rows, ["few.csv"], { gpu: "H100-SXM" }))
    expect(msgs.at(-1)).toMatch(/refusing to fit: 2 measured values for \d parameters the rows move/)
  }, 30_000)

  it("refuses two measurements of the same setup that disagree by more than 10%", () => {
    const rows = rowsOf(`gpu,model,tensorParallel,precision,concurrency,promptTokens,outputTokens,tpotSeconds
H100-SXM,llama-3.1-8b,1,bf16,8,512,128,0.010
H100-SXM,llama-3.1-8b,1,bf16,8,512,128,0.0125`)
    expect(inconsistencies(rows).map(formatDiagnostic)).toEqual([
      "t.csv:3:1: inconsistent: tpotSeconds 12.5 ms here, 10.0 ms at t.csv:2 for the same setup (+25.0%; more than ±10% apart)",
    ])
  })

  it("refuses a closed-loop row whose throughput breaks Little's law", () => {
    // 8 clients, 128 tokens each in 0.1 + 127 × 0.01 s = 1.37 s → at most 747 tok/s; 2000 claimed.
    const rows = rowsOf(`gpu,model,tensorParallel,precision,concurrency,promptTokens,outputTokens,ttftSeconds,tpotSeconds,outputTokensPerSecond
H100-SXM,llama-3.1-8b,1,bf16,8,512,128,0.1,0.01,2000`)
    expect(inconsistencies(rows).map(formatDiagnostic)[0]).toMatch(/^t\.csv:2:1: inconsistent: 2000 output tok\/s measured, but 8 clients .* can produce only 747/)
  })

  it("refuses a GPU that is not built in, and rows of none of the requested GPU", async () => {
    expect((await failureOf(calibrate(base, ["x.csv"], { gpu: "H100-SMX" }))).at(-1)).toMatch(/not a built-in GPU/)
    expect((await failureOf(calibrate(base, ["x.csv"], { gpu: "H200" }))).at(-1)).toMatch(/no row for GPU H200 \(1 rows read, for H100-SXM\/llama-3.1-8b\)/)
  })
})

describe("benchmark files", () => {
  it("points every problem of a malformed CSV at file:row:column", async () => {
    const file = path.join(FIX, "bad-benchmark.csv")
    expect(await failureOf(readBenchmarks([file], { gpu: "", model: "", tensorParallel: 1, precision: "bf16" }))).toEqual([
      `${file}:3:24: tensorParallel: expected a positive integer, found "two"`,
      `${file}:4:26: precision: expected one of bf16, fp16, fp8, int8, int4, found "fp9"`,
      `${file}:4:48: tpotSeconds: expected a positive number, found "-0.027"`,
      `${file}:5:1: 9 cells, the header has 10`,
      `${file}:6:1: no measurement: give at least one of ttftSeconds, tpotSeconds, outputTokensPerSecond`,
    ])
  })

  it("names a missing column and an unknown one in the header", () => {
    const r = parseBenchmarkCsv("gpu,model,precision,concurrency,promptTokens,outputTokens,ttft\nH100-SXM,m,bf16,1,1,1,1\n", "h.csv")
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.errors.map((e) => `${e.row}:${e.column}: ${e.message}`)).toEqual([
      expect.stringMatching(/^1:59: unknown column "ttft"; expected gpu, model/),
      '1:1: missing column "tensorParallel"',
      "1:1: no measured column: expected at least one of ttftSeconds, tpotSeconds, outputTokensPerSecond",
    ])
  })

  it("reads vLLM --save-result JSON: closed loop at max_concurrency, mean lengths from the totals, ms → s", () => {
    const text = fs.readFileSync(path.join(FIX, "vllm-save-result.json"), "utf8")
    const r = parseBenchmarkJson(text, "v.json", { gpu: "H100-SXM", model: "llama-3.1-70b", tensorParallel: 2, precision: "fp8" })
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.rows[0]).toMatchObject({
      gpu: "H100-SXM", model: "llama-3.1-70b", tensorParallel: 2, precision: "fp8",
      load: { kind: "concurrency", concurrency: 16 }, requests: 160, promptTokens: 1024, outputTokens: 256,
      measured: { ttftSeconds: expect.closeTo(0.3569, 9), tpotSeconds: expect.closeTo(0.02688, 9), outputTokensPerSecond: 573.8 },
    })
  })

  it("reads AIPerf and genai-perf profile exports (avg with its unit; load from input_config)", () => {
    const d = { gpu: "H100-SXM", model: "llama-3.1-70b", tensorParallel: 2, precision: "fp8" } as const
    const a = parseBenchmarkJson(fs.readFileSync(path.join(FIX, "aiperf-profile-export.json"), "utf8"), "a.json", d)
    const g = parseBenchmarkJson(fs.readFileSync(path.join(FIX, "genai-perf-profile-export.json"), "utf8"), "g.json", d)
    expect(a.ok && a.rows[0]).toMatchObject({ load: { kind: "concurrency", concurrency: 16 }, requests: 160, promptTokens: 1024, outputTokens: 256, measured: { ttftSeconds: expect.closeTo(0.3578, 9), tpotSeconds: expect.closeTo(0.0269, 9), outputTokensPerSecond: 572.9 } })
    expect(g.ok && g.rows[0]).toMatchObject({ load: { kind: "concurrency", concurrency: 1 }, promptTokens: 1024, outputTokens: 256, measured: { ttftSeconds: expect.closeTo(0.0881, 9), tpotSeconds: expect.closeTo(0.0226, 9), outputTokensPerSecond: 44.5 } })
  })

  it("points a broken JSON value at its line and column", () => {
    const text = '{\n  "completed": 10,\n  "total_input_tokens": 1000,\n  "total_output_tokens": -5,\n  "mean_ttft_ms": 80\n}'
    const r = parseBenchmarkJson(text, "v.json", { gpu: "H100-SXM", model: "llama-3.1-8b", tensorParallel: 1, precision: "bf16" })
    expect(r.ok ? [] : r.errors).toEqual([{ row: 4, column: 3, message: "total_output_tokens: expected a positive number, found -5" }])
  })
})

describe("calibration file and drift", () => {
  it("round-trips through the file, holds on its own rows and reports drift when throughput doubles", async () => {
    const { few, c } = await customer()
    const file = path.join(dir, "cal.yaml")
    fs.writeFileSync(file, calibrationYaml(c))
    const cal = await Effect.runPromise(readCalibration(file))
    expect(cal.gpu).toBe("H100-SXM")
    expect(cal.rows).toBe(3)
    for (const k of c.result.free) expect(Math.abs(cal.params[k] / c.result.fitted[k] - 1)).toBeLessThan(1e-5)
    const same = await Effect.runPromise(checkDrift(cal, few, undefined))
    expect(same.drifted).toBe(false)
    // An engine upgrade: twice the throughput, half the TPOT.
    const faster = few.map((r) => ({ ...r, measured: { ttftSeconds: r.measured.ttftSeconds! / 2, tpotSeconds: r.measured.tpotSeconds! / 2, outputTokensPerSecond: r.measured.outputTokensPerSecond! * 2 } }))
    const drift = await Effect.runPromise(checkDrift(cal, faster, undefined))
    expect(drift.drifted).toBe(true)
    expect(drift.text).toMatch(/DRIFTED/)
  }, 30_000)
})

describe("gpuplan calibrate (CLI)", () => {
  const gpuplan = (...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> =>
    new Promise((resolve) => {
      execFile(process.execPath, [path.resolve("bin/gpuplan.js"), ...args], { encoding: "utf8", env: { ...process.env, CI: "true", NO_COLOR: "1" }, timeout: 60_000 }, (error, stdout, stderr) => {
        resolve({ code: error === null ? 0 : typeof error.code === "number" ? error.code : null, stdout, stderr })
      })
    })

  it("exits 2 on a malformed file, and never writes over an existing --out", async () => {
    const bad = await gpuplan("calibrate", path.join(FIX, "bad-benchmark.csv"), "--gpu", "H100-SXM", "--out", path.join(dir, "never.yaml"))
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/bad-benchmark\.csv:3:24: tensorParallel/)
    expect(fs.existsSync(path.join(dir, "never.yaml"))).toBe(false)
    const existing = path.join(dir, "existing.yaml")
    fs.writeFileSync(existing, "keep me")
    const r = await gpuplan("calibrate", path.join(FIX, "genai-perf-profile-export.json"), path.join(FIX, "aiperf-profile-export.json"), "--gpu", "H100-SXM", "--model", "llama-3.1-70b", "--tp", "2", "--precision", "fp8", "--out", existing)
    expect(r.stderr).toMatch(/existing\.yaml:1:1: already exists; not overwriting it/)
    expect(r.code).toBe(2)
    expect(fs.readFileSync(existing, "utf8")).toBe("keep me")
  }, 60_000)

  it("--check exits 1 and says DRIFTED when new results are twice as fast as the calibration", async () => {
    const { c } = await customer()
    const cal = path.join(dir, "drift-cal.yaml")
    fs.writeFileSync(cal, calibrationYaml(c))
    const v = JSON.parse(fs.readFileSync(path.join(FIX, "vllm-save-result.json"), "utf8"))
    const upgraded = path.join(dir, "vllm-upgraded.json")
    fs.writeFileSync(upgraded, JSON.stringify({ ...v, output_throughput: v.output_throughput * 2, mean_tpot_ms: v.mean_tpot_ms / 2, mean_ttft_ms: v.mean_ttft_ms / 2 }))
    const r = await gpuplan("calibrate", "--check", cal, upgraded, "--model", "llama-3.1-70b", "--tp", "2", "--precision", "fp8")
    expect(r.stdout).toMatch(/DRIFTED/)
    expect(r.code).toBe(1)
  }, 60_000)
})

describe("calibrations: in a scenario", () => {
  const scenario = (calibrations: string) =>
    [
      "name: Customer 70B on H100, calibrated",
      "horizon: 1h",
      `calibrations: ${calibrations}`,
      "pools:",
      "  - { name: main, gpu: H100-SXM, nodes: 2, pricing: { kind: on-demand, perGpuHour: 2.99 } }",
      "inference:",
      "  - { name: chat, model: llama-3.1-70b, weights: fp8, replica: { tensorParallel: 2 }, arrivals: { pattern: poisson, rate: 4/s },",
      "      promptTokens: { distribution: fixed, value: 1024 }, outputTokens: { distribution: fixed, value: 256 } }",
      "",
    ].join("\n")

  it("applies the calibration's figures to its GPU and names it as their source in the report", async () => {
    const { c } = await customer()
    fs.writeFileSync(path.join(dir, "cust-cal.yaml"), calibrationYaml(c))
    const file = path.join(dir, "calibrated.yaml")
    fs.writeFileSync(file, scenario("[cust-cal.yaml]"))
    const { loadScenario } = await import("../../src/app/load-scenario.ts")
    const { runScenario } = await import("../../src/app/run.ts")
    const { renderText } = await import("../../src/report/text.ts")
    const loaded = await Effect.runPromise(loadScenario(file))
    expect(loaded.scenario.gpus?.["H100-SXM"]?.overheads?.step).toBeCloseTo(c.result.fitted.step, 6)
    const report = await Effect.runPromise(runScenario(loaded, { engine: "analytic" }))
    const eff = report.assumptions.find((a) => a.path === "gpus.H100-SXM.efficiency")!
    expect(eff.source).toBe(`customer calibration cust-cal.yaml (3 rows of customer.csv, fit error ${(c.result.after.mare * 100).toFixed(1)}%)`)
    expect(renderText(report)).toMatch(/^CALIBRATION\n  gpus\.H100-SXM\.efficiency = .*\[customer calibration cust-cal\.yaml/m)
  }, 30_000)

  it("points a missing calibration file at its place in the scenario", async () => {
    const file = path.join(dir, "missing-cal.yaml")
    fs.writeFileSync(file, scenario("[nope.yaml]"))
    const { loadScenario } = await import("../../src/app/load-scenario.ts")
    expect(await failureOf(loadScenario(file))).toEqual([`${file}:3:16: calibrations[0]: no such file: ${path.join(dir, "nope.yaml")}`])
  })
})
