/**
 * The analytic engine against the discrete-event engine through the real code path (scenario text
 * → loader → prepareScenario → analyzeScenario / simulate), plus overload, batch, determinism and
 * the report contract (same keys for both engines).
 */
import { describe, expect, it } from "vitest"
import { analyzeScenario } from "../../src/model/analytic/analyze.ts"
import { simulate } from "../../src/model/simulate.ts"
import type { WorkloadServingResult } from "../../src/model/serving/types.ts"
import { buildReport } from "../../src/report/build.ts"
import { prepareText, smallScenario } from "./analytic-helpers.ts"

const rps = (r: WorkloadServingResult) => r.counts.completed / r.spanSeconds
const relative = (a: number, b: number) => Math.abs(a - b) / b

describe("analytic vs discrete-event, Llama-3.1-8B bf16 on one H100, fixed 500/200 tokens", () => {
  // Light load (2/s: a batch of about 3.5): queueing is negligible, both engines see the same step times.
  const light = prepareText(smallScenario("{ pattern: poisson, rate: 2/s }"))
  const a = analyzeScenario(light).result.workloads[0]!
  const d = simulate(light, { seed: 1 }).workloads[0]!

  it("throughput within 10%", () => expect(relative(rps(a), rps(d))).toBeLessThan(0.1))
  it("mean TPOT within 10%", () => expect(relative(a.latency.tpot.mean, d.latency.tpot.mean)).toBeLessThan(0.1))
  it("mean TTFT within 10% (prefill of 500 tokens plus the rest of the iteration in progress)", () =>
    expect(relative(a.latency.ttft.mean, d.latency.ttft.mean)).toBeLessThan(0.1))
  it("mean e2e within 10%", () => expect(relative(a.latency.e2e.mean, d.latency.e2e.mean)).toBeLessThan(0.1))

  it("at 20/s (a batch of about 20) mean TPOT and TTFT still within 10%", () => {
    const p = prepareText(smallScenario("{ pattern: poisson, rate: 20/s }", { horizon: "20m" }))
    const x = analyzeScenario(p).result.workloads[0]!
    const y = simulate(p, { seed: 2 }).workloads[0]!
    expect(relative(x.latency.tpot.mean, y.latency.tpot.mean)).toBeLessThan(0.1)
    expect(relative(x.latency.ttft.mean, y.latency.ttft.mean)).toBeLessThan(0.1)
    expect(relative(rps(x), rps(y))).toBeLessThan(0.1)
  })
})

describe("overload", () => {
  // 200/s is about 4× what one H100 serves with these lengths.
  const p = prepareText(smallScenario("{ pattern: poisson, rate: 200/s }", { horizon: "10m", slo: "{ ttft: { p99: 2s } }" }))
  const run = analyzeScenario(p)
  const w = run.result.workloads[0]!

  it("is reported as such: flagged, a note naming the limit, requests left in flight, SLO missed", () => {
    expect(run.workloads[0]!.overloaded).toBe(true)
    expect(run.notes.some((n) => n.value.startsWith("overloaded:") && /no steady state/.test(n.source))).toBe(true)
    expect(w.counts.completed).toBeLessThan(w.counts.arrived * 0.5)
    expect(w.counts.inFlightAtEnd).toBe(w.counts.arrived - w.counts.completed)
    const report = buildReport(p, run.result, { version: "test", engine: "analytic", seed: 1 })
    expect(report.inference[0]!.slo.met).toBe(false)
    expect(report.inference[0]!.slo.attainment).toBeLessThan(0.05)
  })

  it("latencies stay finite (a fluid queue over the 10-minute horizon), TTFT p99 near the last arrival's wait", () => {
    const capacity = run.workloads[0]!.capacityPerSecond
    expect(Number.isFinite(w.latency.ttft.quantile(0.99))).toBe(true)
    // Waits uniform on [0, 600·(1 − capacity/200)].
    expect(relative(w.latency.queue.quantile(0.99), 0.99 * 600 * (1 - capacity / 200))).toBeLessThan(0.05)
  })

  it("throughput at capacity within 25% of the discrete-event engine (the analytic one is optimistic at saturation)", () => {
    const d = simulate(p, { seed: 1 }).workloads[0]!
    expect(relative(rps(w), rps(d))).toBeLessThan(0.25)
  })
})

describe("batch", () => {
  it("makespan = requests / capacity + one request's service; every request completes", () => {
    const p = prepareText(smallScenario("{ pattern: batch, requests: 3000 }", { horizon: "10m" }))
    const run = analyzeScenario(p)
    const w = run.result.workloads[0]!
    const capacity = run.workloads[0]!.capacityPerSecond
    expect(w.counts.completed).toBe(3000)
    expect(w.spanSeconds).toBeCloseTo(3000 / capacity + run.workloads[0]!.latencyState.e2eMeanSeconds, 6)
    expect(w.latency.queue.quantile(0.5)).toBeGreaterThan(0.4 * (3000 / capacity))
  })
})

describe("closed loop", () => {
  it("throughput solves X = N/(e2e + think): Little's law on the loop holds", () => {
    const p = prepareText(smallScenario("{ pattern: closed, concurrency: 16, thinkTime: 1s }", { horizon: "10m" }))
    const run = analyzeScenario(p)
    const x = run.workloads[0]!.servedPerSecond
    expect(x * (run.workloads[0]!.latencyState.e2eMeanSeconds + 1)).toBeCloseTo(16, 3)
  })
})

describe("determinism and the report contract", () => {
  const text = smallScenario("{ pattern: diurnal, meanRate: 5/s, peakToMean: 1.8, peakAt: '14:00' }", {
    prompt: "{ distribution: lognormal, mean: 1200, p99: 8000, max: 32k }",
    output: "{ distribution: lognormal, mean: 280, p99: 1500, max: 4k }",
    slo: "{ ttft: { p99: 2s }, tpot: { p99: 150ms } }",
  })

  it("two analyses of the same scenario give byte-identical reports", () => {
    const one = JSON.stringify(buildReport(prepareText(text), analyzeScenario(prepareText(text)).result, { version: "t", engine: "analytic", seed: 1 }))
    const two = JSON.stringify(buildReport(prepareText(text), analyzeScenario(prepareText(text)).result, { version: "t", engine: "analytic", seed: 1 }))
    expect(one).toBe(two)
  })

  it("the analytic report has exactly the keys of the discrete-event report", () => {
    const keys = (v: unknown, prefix = ""): string[] => {
      if (Array.isArray(v)) return v.length > 0 && typeof v[0] === "object" ? keys(v[0], `${prefix}[]`) : [prefix]
      if (v === null || typeof v !== "object") return [prefix]
      return Object.entries(v).flatMap(([k, x]) => [`${prefix}.${k}`, ...keys(x, `${prefix}.${k}`)])
    }
    const p = prepareText(text)
    const analytic = buildReport(p, analyzeScenario(p, { horizonSeconds: 600 }).result, { version: "t", engine: "analytic", seed: 1 })
    const des = buildReport(p, simulate(p, { seed: 1, horizonSeconds: 600 }), { version: "t", engine: "des", seed: 1 })
    // The fleet simulation's additions (node states, failures, scaling) exist only when the DES
    // runs a fleet; the analytic engine keeps the starting placement and has no fleet result yet.
    // Every other key must match; shrink this list when the analytic engine reports a static fleet.
    const fleetOnly = /^\.(pools\[\]\.fleet|pools\[\]\.nodes\.maxObserved|inference\[\]\.replicas\.(lostToFailures|scaledDown)|timeline\.series\.p\.(nodes|servingNodes))/
    const shared = (r: object) => keys(r).filter((k) => !fleetOnly.test(k)).sort()
    expect(shared(analytic)).toEqual(shared(des))
    expect(shared(analytic).length).toBeGreaterThan(100)
    expect(analytic.timeline.series["w.queue"]?.length).toBe(des.timeline.series["w.queue"]?.length)
  })

  it("diurnal latency is evaluated at the peak: a note says so", () => {
    const run = analyzeScenario(prepareText(text))
    expect(run.notes.some((n) => n.path === "inference[0].arrivals" && n.value === "latency at 9.00 req/s")).toBe(true)
  })
})
