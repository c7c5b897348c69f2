/**
 * The key property of the engine: jumping over decode steps in closed form changes nothing. On
 * random small workloads (tight KV caches so that preemption happens, small batches and chunks,
 * both routers) every request's TTFT and e2e equal those of the step-by-step reference.
 */
import { describe, expect, it } from "vitest"
import { simulateServing } from "../../../src/model/serving/index.ts"
import { Rng } from "../../../src/sim/rng.ts"
import { listSource, makeTestTiming, poissonList, uniformInt, type TimingNumbers } from "./helpers.ts"
import { runNaive, type NaiveConfig } from "./naive-reference.ts"

const randomCase = (seed: number) => {
  const rng = new Rng(seed)
  const numbers: TimingNumbers = {
    kvCapacityTokens: uniformInt(rng, 400, 4000),
    computePerToken: 1e-5 * (1 + rng.next() * 300), // up to 3 ms/token: compute-bound at large batches
    memoryBase: 0.001 + rng.next() * 0.02,
    memoryPerToken: rng.next() < 0.2 ? 0 : 1e-7 * (1 + rng.next() * 1000),
    stepOverhead: rng.next() * 0.003,
    perSequence: rng.next() * 1e-4,
    prefillOverhead: rng.next() * 0.002,
  }
  const cfg: NaiveConfig = {
    timing: makeTestTiming(numbers),
    replicas: uniformInt(rng, 1, 3),
    maxBatch: uniformInt(rng, 1, 12),
    prefillChunk: uniformInt(rng, 16, 512),
    blockTokens: rng.next() < 0.5 ? 16 : uniformInt(rng, 1, 24),
    router: rng.next() < 0.5 ? "least-outstanding" : "round-robin",
  }
  const maxPrompt = uniformInt(rng, 1, 600)
  const maxOutput = uniformInt(rng, 1, 300)
  const rate = 1 + rng.next() * 40
  const requests = poissonList(seed + 1000, rate, 150, (r) => uniformInt(r, 1, maxPrompt), (r) => uniformInt(r, 1, maxOutput))
  return { cfg, requests }
}

describe("closed-form engine vs step-by-step reference", () => {
  it("gives the same TTFT and e2e for every request on 60 random workloads (within 1e-9 s)", () => {
    let preemptions = 0
    let compared = 0
    for (let seed = 1; seed <= 60; seed++) {
      const { cfg, requests } = randomCase(seed)
      const horizon = 1e6
      const naive = runNaive(cfg, requests, horizon)
      const ttft = requests.map(() => NaN)
      const e2e = requests.map(() => NaN)
      const result = simulateServing({
        horizonSeconds: horizon,
        workloads: [{ name: "w", timing: cfg.timing, replicas: cfg.replicas, maxBatch: cfg.maxBatch, prefillChunk: cfg.prefillChunk, blockTokens: cfg.blockTokens, router: cfg.router, source: listSource(requests) }],
        onRequestComplete: (_w, id, _a, t, e) => {
          ttft[id] = t
          e2e[id] = e
        },
      })
      const w = result.workloads[0]!
      expect(w.counts.rejected, `seed ${seed}`).toBe(naive.rejected)
      expect(w.counts.preempted, `seed ${seed}`).toBe(naive.preempted)
      expect(w.counts.completed + w.counts.rejected, `seed ${seed}`).toBe(requests.length)
      for (let i = 0; i < requests.length; i++) {
        if (Number.isNaN(naive.e2e[i]!)) {
          expect(e2e[i], `seed ${seed} request ${i}`).toBeNaN()
          continue
        }
        expect(Math.abs(ttft[i]! - naive.ttft[i]!), `seed ${seed} request ${i} ttft`).toBeLessThan(1e-9)
        expect(Math.abs(e2e[i]! - naive.e2e[i]!), `seed ${seed} request ${i} e2e`).toBeLessThan(1e-9)
        compared++
      }
      preemptions += naive.preempted
    }
    // The cases must actually exercise preemption and compare many requests, or the test is weak.
    expect(preemptions).toBeGreaterThan(50)
    expect(compared).toBeGreaterThan(5000)
  })
})
