/** Every pricing kind against a ledger computed by hand. */
import { describe, expect, it } from "vitest"
import { gpuEnergyKwh, nodePeakKw } from "../../src/cost/energy.ts"
import { poolCost } from "../../src/cost/pool-cost.ts"
import { book, DAY, HOUR, poolPrices, price, steadyPool } from "./fixtures.ts"

const facility = book([]).facility // PUE 1.3, $0.08/kWh

describe("reserved", () => {
  it("4 H100 nodes at $1.85 for 7 days cost 4·8·1.85·168 = $9,945.60, busy or not", () => {
    const prices = poolPrices("r", { kind: "reserved", perGpuHour: price(1.85), overflowPerGpuHour: price(2.99), termSeconds: 360 * DAY })
    const busy = poolCost(steadyPool("r", 32, 7 * DAY, 1), prices, facility, 7 * DAY)
    const idle = poolCost(steadyPool("r", 32, 7 * DAY, 0), prices, facility, 7 * DAY)
    expect(busy.total).toBeCloseTo(9945.6, 6)
    expect(idle.total).toBeCloseTo(9945.6, 6)
    expect(busy.committedGpus).toBe(32)
    expect(busy.lines.overflow).toBe(0)
  })

  it("commits the min nodes and pays overflow above them: 2 of up to 4 nodes, 2 days at 4 nodes", () => {
    // rental 16 GPUs × 168 h × 1.85 = 4,972.80; overflow 16 GPUs × 48 h × 2.99 = 2,296.32
    const u = steadyPool("r", 16, 5 * DAY, 0.5, {
      nodes: { min: 2, max: 4, initial: 2 },
      provisionedGpuSeconds: { serving: 16 * 5 * DAY + 32 * 2 * DAY, booting: 0, loading: 0, draining: 0 },
      occupancy: [{ gpus: 16, seconds: 5 * DAY }, { gpus: 32, seconds: 2 * DAY }],
    })
    const c = poolCost(u, poolPrices("r", { kind: "reserved", perGpuHour: price(1.85), overflowPerGpuHour: price(2.99), termSeconds: 360 * DAY }), facility, 7 * DAY)
    expect(c.lines.rental).toBeCloseTo(4972.8, 6)
    expect(c.lines.overflow).toBeCloseTo(2296.32, 6)
    expect(c.overflowGpuSeconds).toBe(16 * 2 * DAY)
    expect(c.total).toBeCloseTo(7269.12, 6)
  })
})

describe("on-demand and spot", () => {
  it("on-demand pays booting and loading time: 16 GPUs × (10 h + 5 min + 90 s) × $2.99 = $483.58", () => {
    const u = steadyPool("od", 16, 10 * HOUR, 1, {
      provisionedGpuSeconds: { serving: 16 * 10 * HOUR, booting: 16 * 300, loading: 16 * 90, draining: 0 },
      occupancy: [{ gpus: 16, seconds: 10 * HOUR + 390 }],
    })
    const c = poolCost(u, poolPrices("od", { kind: "on-demand", perGpuHour: price(2.99) }), facility, 10 * HOUR + 390)
    // 16 × 36,390 s = 582,240 GPU-s = 161.7333 GPU-h
    expect(c.total).toBeCloseTo(161.733333 * 2.99, 4)
    expect(c.total).toBeCloseTo(483.5827, 3)
  })

  it("spot: 8 GPUs for a day at $1.20 = $230.40; energy is reported but not paid", () => {
    const c = poolCost(steadyPool("s", 8, DAY, 0.5), poolPrices("s", { kind: "spot", perGpuHour: price(1.2) }), facility, DAY)
    expect(c.total).toBeCloseTo(230.4, 6)
    expect(c.lines.energy).toBe(0)
    // (70 W × 8 × 24 h + 630 W × 8 × 12 h) / 1000 = 13.44 + 60.48 = 73.92 kWh
    expect(c.energyKwh).toBeCloseTo(73.92, 9)
  })
})

describe("owned", () => {
  const h200 = { name: "H200", tdpWatts: 700, idleWatts: 75 }
  const owned = poolPrices("o", { kind: "owned", capexPerGpu: price(45_000), depreciationSeconds: 5 * 365 * DAY, colocationPerKwMonth: price(180) })

  it("8 H200 busy half a day: energy (75 W·24 h + 625 W·12 h)·8 = 74.4 kWh × PUE 1.3 × $0.08 = $7.7376", () => {
    expect(gpuEnergyKwh(h200, 8 * DAY, 8 * DAY * 0.5)).toBeCloseTo(74.4, 9)
    const c = poolCost(steadyPool("o", 8, DAY, 0.5, { gpu: h200 }), owned, facility, DAY)
    expect(c.energyKwh).toBeCloseTo(74.4, 9)
    expect(c.lines.energy).toBeCloseTo(7.7376, 9)
  })

  it("depreciation 45,000 × 8 / (5 × 365 days) per day = $197.26; colocation 10.2 kW × $180 / 30 = $61.20", () => {
    const c = poolCost(steadyPool("o", 8, DAY, 0.5, { gpu: h200 }), owned, facility, DAY)
    expect(nodePeakKw(700, 8)).toBeCloseTo(10.2, 9)
    expect(c.colocationKw).toBeCloseTo(10.2, 9)
    expect(c.lines.depreciation).toBeCloseTo(360_000 / 1825, 9)
    expect(c.lines.colocation).toBeCloseTo(61.2, 9)
    expect(c.total).toBeCloseTo(197.260274 + 7.7376 + 61.2, 5)
  })

  it("an elastic owned pool owns its max nodes but powers only what is provisioned", () => {
    const u = steadyPool("o", 8, DAY, 0, { gpu: h200, nodes: { min: 1, max: 3, initial: 1 } })
    const c = poolCost(u, owned, facility, DAY)
    expect(c.committedGpus).toBe(24)
    expect(c.lines.depreciation).toBeCloseTo((45_000 * 24) / 1825, 9)
    expect(c.energyKwh).toBeCloseTo((75 * 8 * 24) / 1000, 9)
  })
})
