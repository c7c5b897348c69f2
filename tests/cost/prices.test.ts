/** Prices come from the scenario or the catalog with source and date; built-in ones older than 180 days are flagged. */
import { describe, expect, it } from "vitest"
import { GPUS } from "../../src/domain/catalog/index.ts"
import { resolvePriceBook } from "../../src/cost/price-book.ts"
import { costAssumptions, pricesUsed } from "../../src/cost/prices-used.ts"
import { ageDays, isStale } from "../../src/cost/stale.ts"

const h100 = GPUS["H100-SXM"]!
const h200 = GPUS.H200!

describe("stale", () => {
  it("counts whole days and flags strictly more than 180", () => {
    expect(ageDays("2026-06-07", "2026-12-04")).toBe(180)
    expect(isStale("2026-06-07", "2026-12-04")).toBe(false)
    expect(isStale("2026-06-06", "2026-12-04")).toBe(true)
  })
  it("is unknown (null) without a date to check against or a date on the price", () => {
    expect(isStale("2025-06-01", undefined)).toBeNull()
    expect(isStale(null, "2026-12-04")).toBeNull()
  })
})

describe("price book", () => {
  const explicit = (paths: string[]) => (p: string) => paths.includes(p)
  const b = resolvePriceBook({
    pools: [
      { name: "burst", gpu: h100, pricing: { kind: "on-demand" } },
      { name: "reserved", gpu: h100, pricing: { kind: "reserved", perGpuHour: 1.85, term: 360 * 86_400 } },
      { name: "owned", gpu: h200, pricing: { kind: "owned", depreciation: 5 * 365 * 86_400, colocationPerKwMonth: 180 } },
    ],
    facility: { pue: 1.3, electricityPerKwh: 0.0806 },
    explicit: explicit(["facility.pue"]),
  })

  it("falls back to the catalog with its source and as-of date", () => {
    const od = b.pools[0]!.pricing
    expect(od.kind === "on-demand" && od.perGpuHour).toMatchObject({ value: 2.99, asOf: "2026-03-01", builtIn: true })
    const r = b.pools[1]!.pricing
    expect(r.kind === "reserved" && r.perGpuHour).toMatchObject({ value: 1.85, source: "scenario", asOf: null, builtIn: false })
    expect(r.kind === "reserved" && r.overflowPerGpuHour.value).toBe(2.99)
    const o = b.pools[2]!.pricing
    expect(o.kind === "owned" && o.capexPerGpu).toMatchObject({ value: 55_000, asOf: "2025-06-01", builtIn: true })
    expect(b.facility.electricityPerKwh).toMatchObject({ value: 0.0806, asOf: "2023-12-31", builtIn: true })
    expect(b.facility.pueBuiltIn).toBe(false)
  })

  it("flags built-in prices older than 180 days on the given date, never the scenario's", () => {
    const on = (today: string) => pricesUsed(b, today).map((p) => `${p.pool}.${p.item}:${p.stale}`)
    expect(on("2026-06-01")).toEqual([
      "burst.perGpuHour:false",
      "burst.referenceReservedPerGpuHour:false",
      "reserved.perGpuHour:false",
      "reserved.overflowPerGpuHour:false",
      "owned.capexPerGpu:true",
      "owned.colocationPerKwMonth:false",
      "null.electricityPerKwh:true",
    ])
    expect(on("2026-09-01")[0]).toBe("burst.perGpuHour:true") // 184 days after 2026-03-01
  })

  it("lists every built-in price used, and the stale ones say so, in the assumptions", () => {
    const a = costAssumptions(b, pricesUsed(b, "2026-12-04"), true)
    const capex = a.find((x) => x.path === "pools[2].pricing.capexPerGpu")!
    expect(capex.value).toBe("55000")
    expect(capex.source).toMatch(/as of 2025-06-01; STALE: older than 180 days/)
    expect(a.map((x) => x.path)).toEqual(
      expect.arrayContaining(["pools[0].pricing.perGpuHour", "pools[1].pricing.overflowPerGpuHour", "facility.electricityPerKwh", "cost.nodePowerPerGpuPower", "pools[1].pricing.committedNodes", "quote.inputOutputSplit"]),
    )
    expect(a.map((x) => x.path)).not.toContain("pools[1].pricing.perGpuHour") // the scenario gave it
    expect(a.map((x) => x.path)).not.toContain("facility.pue") // explicit
  })
})
