/**
 * A real (short) serving run priced end to end: usage from the simulation, prices from the scenario
 * with catalog fallback, the report's cost and quote sections.
 */
import { Effect } from "effect"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { loadScenario } from "../../src/app/load-scenario.ts"
import { prepare } from "../../src/app/run.ts"
import { usageFromServing } from "../../src/cost/from-simulation.ts"
import { capacityUse } from "../../src/model/capacity-share.ts"
import { simulate } from "../../src/model/simulate.ts"
import { costSections } from "../../src/report/cost-report.ts"

const scenarios = join(import.meta.dirname, "..", "..", "scenarios")
const HOUR = 3600

const run = async (file: string) => {
  const loaded = await Effect.runPromise(loadScenario(join(scenarios, file)))
  const prepared = await Effect.runPromise(prepare(loaded))
  const result = simulate(prepared, { seed: 1, horizonSeconds: HOUR })
  return { loaded, prepared, result }
}

describe("rented H200, one hour", async () => {
  const { loaded, prepared, result } = await run("rented-h200.yaml")
  const s = costSections(prepared, result, { today: "2026-12-04", explicitPaths: loaded.explicitPaths })

  it("pays the reservation: 64 GPUs × 1 h × $2.30 = $147.20", () => {
    expect(s.cost.total).toBeCloseTo(147.2, 6)
    expect(s.pools[0]!.cost).toBeCloseTo(147.2, 6)
    expect(s.pools[0]!.committedGpus).toBe(64)
  })

  it("splits it into workload and idle with nothing left over", () => {
    expect(s.cost.byWorkload.api! + s.cost.idle).toBeCloseTo(s.cost.total, 3)
  })

  it("takes usage from the run: provisioned 64 GPU-hours, busy = the replicas' busy time × 2 GPUs", () => {
    const u = usageFromServing(prepared, result)
    expect(u.pools[0]!.provisionedGpuSeconds.serving).toBe(64 * HOUR)
    const busy = result.workloads[0]!.replicas.reduce((a, r) => a + r.busySeconds * 2, 0)
    expect(u.pools[0]!.busyGpuSeconds).toBeCloseTo(busy, 6)
    expect(u.workloads[0]!.outputTokens).toBe(result.workloads[0]!.outputTokensCompleted)
    expect(u.workloads[0]!.inputShareOfGpuTime).toBeGreaterThan(0)
    expect(u.workloads[0]!.inputShareOfGpuTime).toBeLessThan(1)
  })

  it("lists the catalog overflow price with its date, stale on 2026-12-04, and says so in the assumptions", () => {
    const overflow = s.quote.prices.find((p) => p.item === "overflowPerGpuHour")!
    expect(overflow).toMatchObject({ value: 3.5, asOf: "2025-06-01", builtIn: true, stale: true })
    expect(s.quote.prices.find((p) => p.item === "perGpuHour")).toMatchObject({ value: 2.3, builtIn: false, stale: false })
    expect(s.assumptions.find((a) => a.path === "pools[0].pricing.overflowPerGpuHour")?.source).toMatch(/STALE/)
  })

  it("does not write the date it checked against into the report (same seed, same bytes on another day)", () => {
    expect(JSON.stringify(s)).not.toContain("2026-12-04")
  })

  it("quotes margin 30% from the scenario and does not list it as a default", () => {
    expect(s.quote.margin).toBe(0.3)
    expect(s.quote.perGpuHour).toBeCloseTo(2.3 / 0.7, 4)
    expect(s.assumptions.map((a) => a.path)).not.toContain("quote.margin")
  })
})

describe("owned H200, one hour", async () => {
  const { loaded, prepared, result } = await run("owned-h200.yaml")
  const s = costSections(prepared, result, { today: "2026-12-04", explicitPaths: loaded.explicitPaths })

  it("depreciation 45,000 × 64 × 1 h / 5 y, colocation 81.6 kW × $180 × 1 h / 720 h, energy from the run at PUE 1.3 × $0.0806", () => {
    const b = s.pools[0]!.costBreakdown!
    expect(b.depreciation).toBeCloseTo((45_000 * 64) / (5 * 365 * 24), 3)
    expect(b.colocation).toBeCloseTo((81.6 * 180) / 720, 4)
    expect(b.energy).toBeCloseTo(s.pools[0]!.energyKwh * 1.3 * 0.0806, 3)
    expect(b.rental).toBe(0)
  })

  it("energy lies between all-idle (75 W) and all-busy (700 W) for 64 GPU-hours", () => {
    expect(s.pools[0]!.energyKwh).toBeGreaterThan(64 * 0.075)
    expect(s.pools[0]!.energyKwh).toBeLessThanOrEqual(64 * 0.7)
  })

  it("treats the scenario's electricity price as given, not built-in", () => {
    expect(s.quote.prices.find((p) => p.item === "electricityPerKwh")).toMatchObject({ value: 0.0806, builtIn: false, stale: false })
  })
})

describe("with a fleet result", async () => {
  const { prepared, result } = await run("rented-h200.yaml")
  const fleet = {
    endSeconds: HOUR,
    pools: [{ name: "rented", provisionedGpuSeconds: { serving: 48 * HOUR, booting: 8 * 300, loading: 8 * 90, draining: 0 }, occupancy: [{ gpus: 48, seconds: HOUR }], busyGpuSeconds: 40 * HOUR }],
    workloads: [{ name: "api", busyGpuSecondsByPool: { rented: 30 * HOUR } }],
    training: [{ name: "ft", gpuHours: 8, pool: "rented" }, { name: "never-ran", gpuHours: 0, pool: null }],
  }
  const u = usageFromServing(prepared, { ...result, fleet })

  it("takes provisioned time by state, occupancy and busy time from the fleet, not the starting nodes", () => {
    expect(u.pools[0]!.provisionedGpuSeconds).toEqual(fleet.pools[0]!.provisionedGpuSeconds)
    expect(u.pools[0]!.busyGpuSeconds).toBe(40 * HOUR)
    // A workload is charged for the capacity it used: the fleet's batch-running time × its load factor.
    const { loadFactor } = capacityUse(prepared.workloads[0]!, result.workloads[0]!)
    expect(loadFactor).toBeGreaterThan(0)
    expect(loadFactor).toBeLessThan(1)
    expect(u.workloads[0]!.busyGpuSecondsByPool.rented).toBeCloseTo(30 * HOUR * loadFactor, 6)
  })

  it("prices each training job on the GPU-seconds its gang held", () => {
    expect(u.training).toEqual([{ name: "ft", gpuSecondsByPool: { rented: 8 * HOUR } }, { name: "never-ran", gpuSecondsByPool: {} }])
  })
})

