/**
 * The loader under fuzzing: valid scenarios, mutated (keys dropped, values replaced by wrong types,
 * random strings and numbers including NaN, infinities and 1e400, random bytes spliced in,
 * truncation, duplicated lines), never make it throw or hang. Every answer is a scenario or at least
 * one diagnostic, and every diagnostic has a line and column ≥ 1 inside the file and a message.
 */
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { isPair, isScalar, LineCounter, parse, parseDocument, stringify, visit } from "yaml"
import type { Diagnostic } from "../../src/app/diagnostics.ts"
import { decodeScenarioBytes, decodeScenarioText, type FileProbe } from "../../src/app/load-scenario.ts"

/** The complete example of SCENARIO.md, with a training gang that fits its pool (32 of 32 GPUs). */
const COMPLETE = `name: Acme chat assistant — Llama 3.1 70B on H100
description: 20 req/s average, daily peak at 14:00, p99 TTFT under 2 s.
seed: 7
horizon: 7d
replications: 3
currency: USD
gpus:
  H100-SXM: { efficiency: { memory: 0.75 } }
models:
  - name: acme-70b
    preset: llama-3.1-70b
pools:
  - name: reserved
    gpu: H100-SXM
    gpusPerNode: 8
    nodes: 4
    pricing: { kind: reserved, perGpuHour: 1.85, term: 12mo }
  - name: burst
    gpu: H100-SXM
    nodes: { min: 0, max: 12, initial: 0 }
    provisioning: { nodeBoot: 5m, modelLoad: 90s }
    failures: { perGpuDay: 4.7e-4, repair: 4h }
    pricing: { kind: on-demand, perGpuHour: 2.99 }
  - name: spot
    gpu: H100-SXM
    nodes: { min: 0, max: 8 }
    pricing: { kind: spot, perGpuHour: 1.20, interruptionsPerNodeDay: 0.5 }
  - name: owned
    gpu: H200
    nodes: 8
    pricing: { kind: owned, capexPerGpu: 32000, depreciation: 5y, colocationPerKwMonth: 180 }
facility: { pue: 1.3, electricityPerKwh: 0.08 }
inference:
  - name: chat
    model: acme-70b
    weights: fp8
    kvCache: fp8
    replica: { tensorParallel: 2 }
    pools: [reserved, burst]
    arrivals:
      pattern: diurnal
      meanRate: 20/s
      peakToMean: 1.8
      peakAt: "14:00"
    promptTokens: { distribution: lognormal, mean: 1200, p99: 8000 }
    outputTokens: { distribution: lognormal, mean: 280, p99: 1500 }
    slo: { ttft: { p99: 2s }, tpot: { p99: 150ms } }
    engine: { maxBatch: 256, prefillChunk: 2048, memoryUtilization: 0.9 }
training:
  - name: acme-finetune
    model: llama-3.1-8b
    tokens: 200e9
    gpus: 32
    pools: [reserved]
    priority: background
    start: 0h
    deadline: 5d
    mfu: 0.40
    parallelism: { tensor: 8, pipeline: 4, zeroStage: 1 }
    checkpoint: { every: auto, write: 2m, restart: 10m }
autoscaling:
  - name: chat-burst
    workload: chat
    pools: [burst]
    metric: queueDepth
    target: 8
    interval: 15s
    scaleDownAfter: 5m
quote:
  margin: 30%
  commitment: 12mo
`

/** Training only: a model given by its architecture, a new GPU on a built-in base. */
const TRAINING = `name: Pre-training on owned B200
horizon: 30d
gpus:
  B200-air: { base: B200, tdp: 700, memory: 180GB, mfu: 35% }
models:
  - { name: tiny, params: 1.1B, layers: 22, hidden: 2048, heads: 32, kvHeads: 4, ffn: 5632, vocab: 32000 }
pools:
  - name: cluster
    gpu: B200-air
    gpusPerNode: 8
    nodes: 16
    failures: { perGpuDay: 1e-3, repair: 6h, hotSpares: 1 }
    pricing: { kind: owned, capexPerGpu: 45000, depreciation: 6y }
training:
  - name: pretrain
    model: tiny
    tokens: 2T
    gpus: 128
    parallelism: { tensor: 4, pipeline: 2, zeroStage: 3 }
    checkpoint: { every: 1h, write: 90s, restart: 15m }
    restarts: 20
quote: { margin: 0.25, commitment: 3mo, inputOutputSplit: 40% }
`

/** Inference variety: trace replay, closed loop, batch and ramp, uniform and empirical lengths. */
const SERVING = `name: Serving patterns
seed: 42
pools:
  - { name: a100, gpu: A100-80GB, nodes: { min: 1, max: 6 }, pricing: { kind: spot } }
  - { name: l40s, gpu: L40S, nodes: 3, pricing: { kind: on-demand, perGpuHour: 1.1 } }
inference:
  - name: replay
    model: llama-2-13b
    weights: int4
    arrivals: { pattern: trace, file: traces/azure.csv, rateScale: 2, loop: true }
  - name: bench
    model: llama-3.1-8b
    pools: [l40s]
    arrivals: { pattern: closed, concurrency: 64, thinkTime: 2s, requests: 10k }
    promptTokens: { distribution: uniform, min: 100, max: 4k }
    outputTokens: { distribution: empirical, file: lengths/out.csv, max: 2048 }
  - name: nightly
    model: mixtral-8x7b
    replica: { tensorParallel: 4 }
    pools: [a100]
    arrivals: { pattern: batch, requests: 50000, at: 2h }
    promptTokens: { distribution: fixed, value: 800 }
    outputTokens: { distribution: lognormal, mean: 200, sigma: 0.7 }
  - name: launch
    model: llama-3.1-8b
    arrivals: { pattern: ramp, from: 1/s, to: 3000/min, over: 6h }
    promptTokens: { distribution: fixed, value: 300 }
    outputTokens: { distribution: fixed, value: 60 }
    slo: { e2e: { p50: 3s, p99.9: 20s }, attainment: 95% }
autoscaling:
  - name: a100-up
    workload: nightly
    pools: [a100]
    metric: kvUtilization
    target: 0.8
    schedule: [{ from: "22:00", to: "02:00", minNodes: 2 }]
`

const BASES = { complete: COMPLETE, training: TRAINING, serving: SERVING } as const
const baseTexts = Object.values(BASES)

/** Every referenced file exists and has a plain trace header. */
const probe: FileProbe = () => ({ kind: "file", firstLine: "time,promptTokens,outputTokens" })

/**
 * Per-case guard against a blow-up (an alias bomb, a quadratic scan), not a speed target — those are
 * benchmarks (bench/loader.ts). The worst case of every repeated-line mutation is about 120 ms on a
 * quiet 2-core machine; 500 ms failed once under a loaded full suite, so the guard allows 2 s.
 */
const BUDGET_MS = 2000

/** Load `text` and check the loader's promises about its answer; returns the answer. */
const checkAnswer = (text: string): ReturnType<typeof decodeScenarioText> => {
  const started = performance.now()
  const result = decodeScenarioText(text, "fuzz.yaml", "/scenarios", probe)
  const elapsed = performance.now() - started
  expect(elapsed, "time to answer, ms").toBeLessThan(BUDGET_MS)
  if (!result.ok) checkDiagnostics(result.diagnostics, text)
  return result
}

const checkDiagnostics = (diagnostics: ReadonlyArray<Diagnostic>, text: string): void => {
  expect(diagnostics.length).toBeGreaterThan(0)
  const lines = text.split(/\r\n|\r|\n/)
  for (const d of diagnostics) {
    expect(d.file).toBe("fuzz.yaml")
    expect(Number.isInteger(d.line) && d.line >= 1, `line of ${JSON.stringify(d)}`).toBe(true)
    expect(Number.isInteger(d.column) && d.column >= 1, `column of ${JSON.stringify(d)}`).toBe(true)
    expect(d.line, `line inside the file: ${JSON.stringify(d)}`).toBeLessThanOrEqual(lines.length + 1)
    expect(d.message.trim().length, `message of ${JSON.stringify(d)}`).toBeGreaterThan(0)
  }
}

/** Paths to every value of a plain YAML tree. */
const pathsOf = (value: unknown, prefix: Array<string | number> = []): Array<Array<string | number>> => {
  const out: Array<Array<string | number>> = [prefix]
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...pathsOf(v, [...prefix, i])))
  else if (typeof value === "object" && value !== null) for (const [k, v] of Object.entries(value)) out.push(...pathsOf(v, [...prefix, k]))
  return out
}

type Mutation = { readonly kind: "drop" } | { readonly kind: "replace"; readonly value: unknown } | { readonly kind: "rename"; readonly key: string }

/** Apply `mutation` at `path` (not the root) of a deep copy of `tree`. */
const mutate = (tree: unknown, path: ReadonlyArray<string | number>, mutation: Mutation): unknown => {
  const copy = structuredClone(tree)
  const parentPath = path.slice(0, -1)
  const last = path[path.length - 1]!
  let parent: any = copy
  for (const seg of parentPath) parent = parent[seg]
  if (mutation.kind === "replace") parent[last] = mutation.value
  else if (Array.isArray(parent)) parent.splice(last as number, 1)
  else if (mutation.kind === "drop") delete parent[last]
  else {
    const value = parent[last]
    delete parent[last]
    Object.defineProperty(parent, mutation.key, { value, enumerable: true, writable: true, configurable: true })
  }
  return copy
}

/** Values of every wrong (and some right) kind, including the numbers YAML can hardly hold. */
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, true, false, 0, -1, -0.5, 1.5, Number.NaN, Infinity, -Infinity, Number.MAX_VALUE, 1e-320, 2 ** 53 + 1),
  fc.constantFrom("", " ", "1e400", "-1e400s", "1e400/s", "$3", "30%", "101%", "-5", "0x10", "1_000_000", "7d", "25:00", "p100", "~", ".nan", ".inf", "__proto__", "constructor", "&a", "*a", "{", "[", "- x", "a: b", "llama-3.1-8b", "H100-SXM", "burst", "reserved", "chat"),
  fc.integer(),
  fc.double(),
  fc.string(),
  fc.string({ unit: "binary", maxLength: 20 }),
  fc.array(fc.oneof(fc.integer(), fc.string({ maxLength: 8 })), { maxLength: 4 }),
  fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), fc.oneof(fc.integer(), fc.string({ maxLength: 8 })), { maxKeys: 3 }),
)

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 2, arbitrary: fc.constant({ kind: "drop" } as const) },
  { weight: 5, arbitrary: hostileValue.map((value) => ({ kind: "replace", value }) as const) },
  { weight: 1, arbitrary: fc.oneof(fc.string({ minLength: 1, maxLength: 12 }), fc.constantFrom("__proto__", "constructor", "prototype", "nodse", "Name")).map((key) => ({ kind: "rename", key }) as const) },
)

const trees = baseTexts.map((t) => parse(t) as unknown)

describe("the fuzzing bases", () => {
  it.each(Object.entries(BASES))("%s is a valid scenario (so mutations start from a scenario that loads)", (_, text) => {
    const result = checkAnswer(text)
    expect(result.ok ? [] : result.diagnostics).toEqual([])
  })
})

describe("the loader under fuzzing", { timeout: 120_000 }, () => {
  it("structural mutations (drop a key, a wrong value, a renamed key) give a scenario or positioned diagnostics", () => {
    fc.assert(
      fc.property(fc.nat(baseTexts.length - 1), fc.array(fc.tuple(fc.nat(), mutation), { minLength: 1, maxLength: 3 }), (which, edits) => {
        let tree: unknown = trees[which]
        for (const [pick, m] of edits) {
          const paths = pathsOf(tree).filter((p) => p.length > 0)
          if (paths.length === 0) break
          tree = mutate(tree, paths[pick % paths.length]!, m)
        }
        checkAnswer(stringify(tree))
      }),
      { numRuns: 1000 },
    )
  })

  it("random bytes spliced into the text give a diagnostic, never an exception", () => {
    fc.assert(
      fc.property(fc.nat(baseTexts.length - 1), fc.nat(), fc.nat(4), fc.uint8Array({ minLength: 1, maxLength: 12 }), (which, at, cut, junk) => {
        const bytes = Buffer.from(baseTexts[which]!, "utf8")
        const i = at % bytes.length
        const spliced = Buffer.concat([bytes.subarray(0, i), junk, bytes.subarray(Math.min(bytes.length, i + cut))])
        const decoded = decodeScenarioBytes(spliced, "fuzz.yaml")
        if (!decoded.ok) {
          checkDiagnostics([decoded.diagnostic], spliced.toString("latin1"))
          return
        }
        checkAnswer(decoded.text)
      }),
      { numRuns: 600 },
    )
  })

  it("truncation anywhere gives a scenario or positioned diagnostics", () => {
    fc.assert(
      fc.property(fc.nat(baseTexts.length - 1), fc.nat(), (which, at) => {
        const text = baseTexts[which]!
        checkAnswer(text.slice(0, at % (text.length + 1)))
      }),
      { numRuns: 300 },
    )
  })

  it("a line repeated (duplicate keys, duplicate list entries) gives a scenario or positioned diagnostics", () => {
    fc.assert(
      fc.property(fc.nat(baseTexts.length - 1), fc.nat(), fc.nat(), (which, from, to) => {
        const lines = baseTexts[which]!.split("\n")
        const copy = lines[from % lines.length]!
        lines.splice(to % (lines.length + 1), 0, copy)
        checkAnswer(lines.join("\n"))
      }),
      { numRuns: 300 },
    )
  })

  it("a repeated top-level key is always reported as a duplicate at the second occurrence", () => {
    fc.assert(
      fc.property(fc.nat(baseTexts.length - 1), fc.nat(), (which, pick) => {
        const lines = baseTexts[which]!.split("\n")
        const topLevel = lines.map((l, i) => [l, i] as const).filter(([l]) => /^[A-Za-z]+:/.test(l))
        const [line] = topLevel[pick % topLevel.length]!
        const key = line.slice(0, line.indexOf(":"))
        const text = `${lines.join("\n")}\n${key}: again\n`
        const result = checkAnswer(text)
        expect(result.ok).toBe(false)
        if (result.ok) return
        const secondLine = text.split("\n").length - 1
        expect(result.diagnostics).toContainEqual(expect.objectContaining({ line: secondLine, column: 1, message: expect.stringContaining(`duplicate key "${key}"`) }))
      }),
      { numRuns: 100 },
    )
  })

  it("a misspelling of any key, at any depth, is reported on that key's line (typos are never ignored)", () => {
    // A GPU defined under gpus: is a name, not a field: renamed, it is reported where a pool uses it.
    const definitions = new Set(["B200-air"])
    let checked = 0
    for (const [base, text] of Object.entries(BASES)) {
      const lineCounter = new LineCounter()
      const keys: Array<{ offset: number; name: string }> = []
      visit(parseDocument(text, { lineCounter }), {
        Pair(_, pair) {
          if (isPair(pair) && isScalar(pair.key) && pair.key.range) keys.push({ offset: pair.key.range[0], name: String(pair.key.value) })
        },
      })
      for (const { offset, name } of keys) {
        const typo = `${text.slice(0, offset)}zz${text.slice(offset)}`
        const result = checkAnswer(typo)
        const line = lineCounter.linePos(offset).line
        expect(result.ok, `${base}: ${name} → zz${name} accepted`).toBe(false)
        if (!result.ok && !definitions.has(name)) expect(result.diagnostics.map((d) => d.line), `${base}: zz${name} at line ${line}`).toContain(line)
        checked++
      }
    }
    expect(checked).toBeGreaterThan(150)
  })

  it("any scalar value replaced by a mapping is reported on that value's line (no field takes any value)", () => {
    let checked = 0
    for (const [base, text] of Object.entries(BASES)) {
      const lineCounter = new LineCounter()
      const values: Array<{ start: number; end: number }> = []
      visit(parseDocument(text, { lineCounter }), {
        Pair(_, pair) {
          if (isPair(pair) && isScalar(pair.value) && pair.value.range) values.push({ start: pair.value.range[0], end: pair.value.range[1] })
        },
        Seq(_, seq) {
          for (const item of seq.items) if (isScalar(item) && item.range) values.push({ start: item.range[0], end: item.range[1] })
        },
      })
      for (const { start, end } of values) {
        const wrong = `${text.slice(0, start)}{ zz: 1 }${text.slice(end)}`
        const result = checkAnswer(wrong)
        const line = lineCounter.linePos(start).line
        expect(result.ok, `${base}: ${JSON.stringify(text.slice(start, end))} → a mapping accepted`).toBe(false)
        if (!result.ok) expect(result.diagnostics.map((d) => d.line), `${base}: ${text.slice(start, end)} at line ${line}`).toContain(line)
        checked++
      }
    }
    expect(checked).toBeGreaterThan(150)
  })
})
