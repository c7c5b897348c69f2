/**
 * `gpuplan sweep`: the grid and its order, and the promise that the output is the same bytes
 * whether it ran on one thread, on two worker threads, or as shards merged afterwards.
 */
import { Effect } from "effect"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { describe, expect, it } from "vitest"
import { mergeSweepLines, parseShard, parseVary, shardPoints, sweepPoints, type Vary } from "../../src/app/sweep.ts"
import { runSweep } from "../../src/app/sweep-run.ts"
import { sweepCommand } from "../../src/app/sweep-command.ts"

const BASE = `name: sweep base
seed: 5
horizon: 90s
models: [{ name: m, preset: llama-3.1-8b }]
pools: [{ name: p, gpu: H100-SXM, nodes: 1, pricing: { kind: on-demand, perGpuHour: 2.5 } }]
inference:
  - name: chat
    model: m
    replica: { tensorParallel: 1 }
    pools: [p]
    arrivals: { pattern: poisson, rate: 20/s }
    promptTokens: { distribution: lognormal, mean: 600, p99: 3000 }
    outputTokens: { distribution: lognormal, mean: 120, p99: 600 }
    slo: { ttft: { p99: 1s } }
`

const varies = (): Vary[] => ["pools[0].gpu=H100-SXM,A100-80GB", "inference[0].arrivals.rate=10/s,40/s,80"].map((s) => parseVary(s) as Vary)

describe("sweep grid", () => {
  it("reads paths with indices and values as YAML scalars", () => {
    expect(parseVary("inference[0].arrivals.rate=10/s,40")).toEqual({ label: "inference[0].arrivals.rate", path: ["inference", 0, "arrivals", "rate"], values: ["10/s", 40] })
    expect(parseVary("nodes")).toMatch(/path=v1,v2/)
    expect(parseShard("1/3")).toEqual({ shard: 1, shards: 3 })
    expect(parseShard("3/3")).toMatch(/0 ≤ i < n/)
  })

  it("is the cartesian product, the last --vary fastest, and shards partition it", () => {
    const points = sweepPoints(varies())
    expect(points.map((p) => p.vary.map(([, v]) => v).join(" "))).toEqual(["H100-SXM 10/s", "H100-SXM 40/s", "H100-SXM 80", "A100-80GB 10/s", "A100-80GB 40/s", "A100-80GB 80"])
    const shards = [0, 1, 2, 3].map((i) => shardPoints(points, i, 4).map((p) => p.index))
    expect(shards.flat().sort()).toEqual([0, 1, 2, 3, 4, 5])
  })
})

describe("sweep output", () => {
  it("is byte-identical on one thread, with worker threads, and as three shards merged", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gpuplan-sweep-"))
    const file = path.join(dir, "base.yaml")
    fs.writeFileSync(file, BASE)
    const v = varies()
    const all = sweepPoints(v)
    const run = (points = all, workers = 1, runHere = true) => runSweep({ text: BASE, file, varies: v, points, total: all.length, opts: { engine: "des" }, workers, runHere })
    const one = await run()
    const lines = one.trim().split("\n").map((l) => JSON.parse(l))
    expect(lines.map((l) => l.index)).toEqual([0, 1, 2, 3, 4, 5])
    expect(lines.every((l) => l.ok)).toBe(true)
    // The variants really differ: more demand, more completed requests on the same GPU.
    expect(lines[1].summary.inference[0].completed).toBeGreaterThan(lines[0].summary.inference[0].completed)
    expect(lines[3].summary.pools[0].gpu).toBe("A100-80GB")
    expect(await run(all, 2)).toBe(one)
    // Every point on worker threads (two of them, taking points as they free up): the same bytes.
    expect(await run(all, 2, false)).toBe(one)
    const shards = await Promise.all([0, 1, 2].map((i) => run(shardPoints(all, i, 3))))
    const merged = mergeSweepLines(shards.map((text, i) => ({ file: `s${i}`, text })))
    expect(merged).toEqual({ ok: true, text: one })
    const missing = mergeSweepLines([{ file: "s0", text: shards[0]! }, { file: "s2", text: shards[2]! }])
    expect(missing.ok ? [] : missing.problems).toEqual(["missing 2 of 6 points (1, 4): a shard is missing or incomplete"])
    const twice = mergeSweepLines([{ file: "s0", text: shards[0]! }, { file: "s0b", text: shards[0]! }])
    expect(twice.ok).toBe(false)
  }, 60_000)

  it("an impossible variant is a line with ok: false and the problem, not a crash", async () => {
    const bad = [parseVary("pools[0].nodes.max=2") as Vary, parseVary("pools[0].gpu=H100-SMX") as Vary]
    for (const v of bad) {
      const out = await runSweep({ text: BASE, file: "base.yaml", varies: [v], points: sweepPoints([v]), total: 1, opts: { engine: "analytic" }, workers: 1 })
      const line = JSON.parse(out)
      expect(line.ok).toBe(false)
      expect(line.problems.length).toBeGreaterThan(0)
    }
  })

  it("takes the shard from JOB_COMPLETION_INDEX with --shards", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gpuplan-sweep-"))
    const file = path.join(dir, "base.yaml")
    fs.writeFileSync(file, BASE)
    const r = await sweepCommand([file], { vary: ["pools[0].nodes=1,2,3"], shards: "3", engine: "analytic", workers: "1" }, { JOB_COMPLETION_INDEX: "2" })
    if (!("effect" in r)) throw new Error(r.usage)
    const text = await Effect.runPromise(r.effect)
    expect(text.trim().split("\n").map((l) => JSON.parse(l).index)).toEqual([2])
    const bad = await sweepCommand([file], { vary: ["pools[0].nodes=1,2"], shards: "2" }, {})
    expect("usage" in bad ? bad.usage : "").toMatch(/JOB_COMPLETION_INDEX/)
  })
})
