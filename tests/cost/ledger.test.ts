/** Attribution: workloads pay for the GPU-seconds they kept busy, idle is its own line, and the parts sum to the total. */
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { buildLedger } from "../../src/cost/ledger.ts"
import type { Usage } from "../../src/cost/usage.ts"
import { book, DAY, poolPrices, price, steadyPool, workload } from "./fixtures.ts"

const reserved = poolPrices("r", { kind: "reserved", perGpuHour: price(1.85), overflowPerGpuHour: price(2.99), termSeconds: 360 * DAY })
const onDemand = poolPrices("od", { kind: "on-demand", perGpuHour: price(2.99) })
const gpuSeconds = 32 * 7 * DAY

describe("ledger", () => {
  // $9,945.60 over 7 days on 32 reserved GPUs; A keeps 60% of the GPU-seconds busy, B 15%.
  const usage: Usage = {
    spanSeconds: 7 * DAY,
    pools: [steadyPool("r", 32, 7 * DAY, 0.75)],
    workloads: [workload("a", { r: 0.6 * gpuSeconds }, 4e9, 1e9), workload("b", { r: 0.15 * gpuSeconds }, 1e9, 0.5e9)],
    training: [],
  }
  const l = buildLedger(usage, book([reserved]))

  it("attributes by busy GPU-seconds: a 60% = $5,967.36, b 15% = $1,491.84, idle 25% = $2,486.40", () => {
    expect(l.total).toBeCloseTo(9945.6, 6)
    expect(l.workloads[0]!.cost).toBeCloseTo(5967.36, 6)
    expect(l.workloads[1]!.cost).toBeCloseTo(1491.84, 6)
    expect(l.idle).toBeCloseTo(2486.4, 6)
  })

  it("gives per-workload unit cost on attributed cost and the fleet's on the total", () => {
    expect(l.workloads[0]!.perMillionOutputTokens).toBeCloseTo(5.96736, 9) // 5,967.36 / 1,000 M
    expect(l.workloads[0]!.perMillionTokens).toBeCloseTo(1.193472, 9) // / 5,000 M
    expect(l.perMillionOutputTokens).toBeCloseTo(9945.6 / 1500, 9)
    expect(l.perMillionTokens).toBeCloseTo(9945.6 / 6500, 9)
  })

  it("loads idle onto the pool's consumers by busy share: a 0.6/0.75, b 0.15/0.75 of the pool", () => {
    expect(l.workloads[0]!.loadedCost).toBeCloseTo(7956.48, 6)
    expect(l.workloads[1]!.loadedCost).toBeCloseTo(1989.12, 6)
  })

  it("a pool nobody used is all idle, and its cost is loaded onto every consumer by attributed cost", () => {
    const u2: Usage = { ...usage, pools: [...usage.pools, steadyPool("od", 8, 7 * DAY, 0)] }
    const l2 = buildLedger(u2, book([reserved, onDemand]))
    const unused = 8 * 168 * 2.99 // 4,018.56
    expect(l2.pools[1]!.total).toBeCloseTo(unused, 6)
    expect(l2.idle).toBeCloseTo(2486.4 + unused, 6)
    expect(l2.workloads[0]!.loadedCost).toBeCloseTo(7956.48 + unused * 0.8, 6)
    expect(l2.byKind["on-demand"]).toBeCloseTo(unused, 6)
    expect(l2.byKind.reserved).toBeCloseTo(9945.6, 6)
  })

  it("reports every pool's GPU energy but pays only owned pools' electricity", () => {
    // 32 GPUs × 7 days: 70 W idle + 630 W × 75% busy = 542.5 W → 32 × 0.5425 kW × 168 h = 2,916.48 kWh
    expect(l.energyKwh).toBeCloseTo(2916.48, 6)
    expect(l.energyCost).toBe(0)
  })

  it("workloads + training + idle = total, and loaded costs = total, for any usage", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 8 }), fc.double({ min: 0, max: 1, noNaN: true })), { minLength: 1, maxLength: 3 }),
        fc.array(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 3 }),
        (pools, shares) => {
          const names = pools.map((_, i) => `p${i}`)
          const ps = pools.map(([nodes, busy], i) => steadyPool(names[i]!, nodes * 8, DAY, busy))
          // each workload takes a share of what is left busy in each pool
          const left = ps.map((p) => p.busyGpuSeconds)
          const ws = shares.map((s, k) => {
            const byPool: Record<string, number> = {}
            names.forEach((n, i) => {
              const take = left[i]! * s[i % 3]!
              left[i]! -= take
              byPool[n] = take
            })
            return workload(`w${k}`, byPool, 1e6, 1e6)
          })
          const u: Usage = { spanSeconds: DAY, pools: ps, workloads: ws, training: [{ name: "t", gpuSecondsByPool: { p0: left[0]! } }] }
          const led = buildLedger(u, book(names.map((n) => poolPrices(n, { kind: "on-demand", perGpuHour: price(2) }))))
          const parts = led.workloads.reduce((a, w) => a + w.cost, 0) + led.training.reduce((a, t) => a + t.cost, 0) + led.idle
          const loaded = led.workloads.reduce((a, w) => a + w.loadedCost, 0) + led.training.reduce((a, t) => a + t.loadedCost, 0)
          expect(parts).toBeCloseTo(led.total, 6)
          const anyBusy = led.workloads.some((w) => w.cost > 0) || led.training.some((t) => t.cost > 0)
          if (anyBusy) expect(loaded).toBeCloseTo(led.total, 6)
          expect(led.idle).toBeGreaterThanOrEqual(-1e-9)
        },
      ),
    )
  })
})
