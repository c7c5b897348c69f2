/**
 * `gpuplan size` on a problem small enough to simulate every candidate: the search (analytic screen,
 * then a few DES verifications) finds the configuration brute force finds, and the fleet it reports
 * as meeting the SLOs does when its written scenario is run again.
 */
import { Effect } from "effect"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { parse } from "yaml"
import { describe, expect, it } from "vitest"
import { loadScenario } from "../../src/app/load-scenario.ts"
import { runScenario } from "../../src/app/run.ts"
import { candidatesOf, rankVerified, sizeScenario, verifyCandidate, type Verified } from "../../src/app/size.ts"
import { runSizeCommand } from "../../src/app/size-command.ts"

const SMALL = `name: small sizing problem
seed: 3
horizon: 1d
models: [{ name: m, preset: llama-3.1-70b }]
pools: [{ name: p, gpu: H100-SXM, nodes: 1, pricing: { kind: on-demand } }]
inference:
  - name: chat
    model: m
    weights: fp8
    kvCache: fp8
    replica: { tensorParallel: 2 }
    pools: [p]
    arrivals: { pattern: poisson, rate: 40/s }
    promptTokens: { distribution: lognormal, mean: 800, p99: 4000, max: 8k }
    outputTokens: { distribution: lognormal, mean: 150, p99: 800, max: 2k }
    slo: { ttft: { p99: 2s }, tpot: { p99: 100ms } }
search:
  gpus: [A100-80GB, H100-SXM, H200]
  tensorParallel: [2, 4]
  baseline: { pricing: [{ kind: on-demand }], nodes: { min: 1, max: 3 } }
  verify: 2
  replications: 2
  horizon: 2m
`

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "gpuplan-size-"))
const write = (dir: string, text: string) => {
  const file = path.join(dir, "small.yaml")
  fs.writeFileSync(file, text)
  return file
}

/** A demand ramp one reserved H200 node serves at first; the end needs more (a burst pool, H100 or H200). */
const MIXED = `name: small mixed sizing problem
seed: 3
horizon: 1d
models: [{ name: m, preset: llama-3.1-70b }]
pools: [{ name: p, gpu: H200, nodes: 1, pricing: { kind: reserved } }]
inference:
  - name: chat
    model: m
    weights: fp8
    kvCache: fp8
    replica: { tensorParallel: 2 }
    pools: [p]
    arrivals: { pattern: ramp, from: 5/s, to: 55/s, over: 10m }
    promptTokens: { distribution: lognormal, mean: 800, p99: 4000, max: 8k }
    outputTokens: { distribution: lognormal, mean: 150, p99: 800, max: 2k }
    slo: { ttft: { p99: 2s }, tpot: { p99: 60ms } }
search:
  gpus: [H200]
  tensorParallel: [2]
  baseline: { pricing: [{ kind: reserved }], nodes: { min: 1, max: 2 } }
  burst:
    gpus: [H100-SXM, H200]
    pricing: [{ kind: on-demand }, { kind: spot }]
    maxNodes: [0, 1]
    targets: [24]
    provisioning: { nodeBoot: 0s, modelLoad: 0s }
  verify: 3
  replications: 2
  horizon: 10m
`

describe("gpuplan size", () => {
  it("finds the configuration that simulating every candidate finds (brute force), and a cheaper one fails", async () => {
    const file = write(tmp(), SMALL)
    const loaded = await Effect.runPromise(loadScenario(file))
    const search = loaded.scenario.search!
    const all = candidatesOf(search)
    expect(all).toHaveLength(18)
    const brute: Verified[] = []
    for (const c of all) brute.push(await Effect.runPromise(verifyCandidate(loaded, parse(SMALL), search, "chat", c, search.horizon!)))
    const best = [...brute].sort(rankVerified)[0]!
    expect(best.passedReplications).toBe(2)
    // The problem is not trivial: the cheapest candidate of the grid misses an SLO.
    const cheapest = [...brute].sort((a, b) => a.totalCost - b.totalCost || a.candidate.index - b.candidate.index)[0]!
    expect(cheapest.passedReplications).toBeLessThan(2)

    const result = await Effect.runPromise(sizeScenario(loaded, SMALL))
    expect(result.winner?.candidate).toEqual(best.candidate)
    expect(result.winner?.totalCost).toBeCloseTo(best.totalCost, 9)
    expect(result.verified.length).toBeLessThan(all.length)
  }, 60_000)

  it("searches mixed fleets (an H100 burst pool behind H200 baseline, on-demand or spot) and finds brute force's winner", async () => {
    const file = write(tmp(), MIXED)
    const loaded = await Effect.runPromise(loadScenario(file))
    const search = loaded.scenario.search!
    const all = candidatesOf(search)
    // Per baseline size: no burst, or burst GPU (2) × pricing (2).
    expect(all).toHaveLength(2 * (1 + 2 * 2))
    expect(all.filter((c) => c.burstGpu === "H100-SXM" && c.burstPricingKind === "spot")).toHaveLength(2)
    const brute: Verified[] = []
    for (const c of all) brute.push(await Effect.runPromise(verifyCandidate(loaded, parse(MIXED), search, "chat", c, search.horizon!)))
    const best = [...brute].sort(rankVerified)[0]!
    expect(best.passedReplications).toBe(2)
    const result = await Effect.runPromise(sizeScenario(loaded, MIXED))
    expect(result.winner?.candidate).toEqual(best.candidate)
    // The cheapest fleet that keeps the promise mixes GPU types: an H100 burst behind one H200.
    expect([best.candidate.gpu, best.candidate.baselineNodes, best.candidate.burstGpu]).toEqual(["H200", 1, "H100-SXM"])
    expect(result.winner!.report.pools.map((p) => [p.name, p.gpu])).toEqual([["baseline", "H200"], ["burst", "H100-SXM"]])
    expect(result.winner!.report.inference[0]!.replicaKinds?.map((k) => k.gpu)).toEqual(["H200", "H100-SXM"])
    // Two reserved H200 nodes also keep the promise, for more.
    const twoH200 = brute.find((v) => v.candidate.baselineNodes === 2 && v.candidate.burstNodes === 0)!
    expect(twoH200.passedReplications).toBe(2)
    expect(twoH200.totalCost).toBeGreaterThan(best.totalCost)
  }, 90_000)

  it("screens out a candidate whose burst GPU cannot hold the weights at its tensor-parallel degree", async () => {
    // L40S (48 GB) cannot hold 70B fp8 on one GPU: TP1 candidates with an L40S burst cannot run.
    const text = MIXED.replace("tensorParallel: [2]", "tensorParallel: [1, 2]").replace("gpus: [H100-SXM, H200]", "gpus: [L40S]")
    const loaded = await Effect.runPromise(loadScenario(write(tmp(), text)))
    const result = await Effect.runPromise(sizeScenario(loaded, text))
    expect(result.winner).not.toBeNull()
    expect(result.verified.some((v) => v.candidate.tensorParallel === 1 && v.candidate.burstGpu === "L40S")).toBe(false)
  }, 60_000)

  it("keeps other workloads' own pools (a batch job on spot) in every candidate, and refuses a clashing pool name", async () => {
    const withBatch = SMALL.replace(
      "pools: [{ name: p, gpu: H100-SXM, nodes: 1, pricing: { kind: on-demand } }]",
      "pools:\n  - { name: p, gpu: H100-SXM, nodes: 1, pricing: { kind: on-demand } }\n  - { name: offline, gpu: H100-SXM, nodes: 1, pricing: { kind: spot } }",
    ).replace(
      "search:",
      `  - name: summaries
    model: m
    weights: fp8
    replica: { tensorParallel: 2 }
    pools: [offline]
    arrivals: { pattern: batch, requests: 300 }
    promptTokens: { distribution: fixed, value: 2000 }
    outputTokens: { distribution: fixed, value: 200 }
search:`,
    )
    const file = write(tmp(), withBatch)
    const r = await Effect.runPromise(runSizeCommand(file, { format: "text" }))
    const winner = r.result.winner!
    expect(winner.report.pools.map((p) => [p.name, p.pricing])).toEqual([["baseline", "on-demand"], ["offline", "spot"]])
    const doc = parse(fs.readFileSync(r.scenarioFile!, "utf8")) as { inference: Array<{ name: string; pools: string[] }> }
    expect(doc.inference.map((w) => [w.name, w.pools])).toEqual([["chat", ["baseline"]], ["summaries", ["offline"]]])
    expect(winner.report.inference[1]!.requests.completed).toBe(300)

    const clash = write(tmp(), withBatch.replaceAll("offline", "burst"))
    const refused = await Effect.runPromise(Effect.result(runSizeCommand(clash, { format: "text" })))
    const d = refused._tag === "Failure" ? refused.failure.diagnostics : []
    expect(d.map((x) => `${x.line}:${x.column} ${x.path}`)).toEqual(["7:13 pools[1].name"])
    expect(d[0]?.message).toMatch(/pool "burst" stays in every candidate .* rename this pool/)
  }, 60_000)

  it("writes the winner as a scenario that meets every SLO when run again, and never overwrites it", async () => {
    const dir = tmp()
    const file = write(dir, SMALL)
    const r = await Effect.runPromise(runSizeCommand(file, { format: "text" }))
    expect(r.scenarioFile).toBe(path.join(dir, "small-sized.yaml"))
    expect(r.output).toContain("RANKED (verified by simulation)")
    const rerun = await Effect.runPromise(Effect.flatMap(loadScenario(r.scenarioFile!), (l) => runScenario(l, { horizonSeconds: 120, replications: 1 })))
    for (let seed = 3; seed < 5; seed++) {
      const report = await Effect.runPromise(Effect.flatMap(loadScenario(r.scenarioFile!), (l) => runScenario(l, { seed, horizonSeconds: 120, replications: 1 })))
      expect(report.inference.every((w) => w.slo.met)).toBe(true)
    }
    expect(rerun.pools.map((p) => p.gpu)).toEqual([r.result.winner!.candidate.gpu])
    // Every runner-up reported as meeting the SLOs does too, run from its own scenario text.
    const passing = r.result.verified.filter((v) => v.passedReplications === v.replications)
    expect(passing.length).toBeGreaterThan(0)
    for (const v of passing) {
      const f = path.join(dir, `verified-${v.candidate.index}.yaml`)
      fs.writeFileSync(f, v.text)
      const report = await Effect.runPromise(Effect.flatMap(loadScenario(f), (l) => runScenario(l, { horizonSeconds: 120, replications: 2 })))
      expect(report.inference.every((w) => w.slo.met)).toBe(true)
      expect(report.cost?.total).toBeCloseTo(v.totalCost, 6)
    }
    // A second run picks the next free name; an explicit existing name is refused.
    const again = await Effect.runPromise(runSizeCommand(file, { format: "json" }))
    expect(again.scenarioFile).toBe(path.join(dir, "small-sized-2.yaml"))
    expect(JSON.parse(again.output).winner.gpu).toBe(r.result.winner!.candidate.gpu)
    const refused = await Effect.runPromise(Effect.result(runSizeCommand(file, { format: "text", scenarioOut: r.scenarioFile! })))
    expect(refused._tag).toBe("Failure")
  }, 60_000)

  it("points at an unknown GPU in the search, with a suggestion", async () => {
    const file = write(tmp(), SMALL.replace("gpus: [A100-80GB, H100-SXM, H200]", "gpus: [A100-80GB, H100-SMX]"))
    const r = await Effect.runPromise(Effect.result(runSizeCommand(file, { format: "text" })))
    const d = r._tag === "Failure" ? r.failure.diagnostics : []
    expect(d.map((x) => `${x.line}:${x.column} ${x.path}`)).toEqual(["18:21 search.gpus[1]"])
    expect(d[0]?.message).toMatch(/unknown GPU "H100-SMX" — did you mean "H100-SXM"\?/)
  })

  it("says what is missing when the scenario has no search: section", async () => {
    const file = write(tmp(), SMALL.slice(0, SMALL.indexOf("search:")))
    const r = await Effect.runPromise(Effect.result(runSizeCommand(file, { format: "text" })))
    expect(r._tag === "Failure" ? r.failure.diagnostics[0]?.message : "").toMatch(/needs a `search:` section/)
  })
})
