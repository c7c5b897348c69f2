/** The quote's arithmetic and its break-even formulas, by hand. */
import { describe, expect, it } from "vitest"
import { buildLedger } from "../../src/cost/ledger.ts"
import { buildQuote, reservedVsOnDemand } from "../../src/cost/quote.ts"
import type { Usage } from "../../src/cost/usage.ts"
import { book, DAY, poolPrices, price, steadyPool, workload } from "./fixtures.ts"

const reserved = poolPrices("r", { kind: "reserved", perGpuHour: price(1.85), overflowPerGpuHour: price(2.99), termSeconds: 360 * DAY }, 2.99, 1.85)
const gpuSeconds = 32 * 7 * DAY
// $9,945.60 over 7 days on 32 GPUs busy 75%, all of it one workload: 2,000 M input, 500 M output tokens.
const usage: Usage = {
  spanSeconds: 7 * DAY,
  pools: [steadyPool("r", 32, 7 * DAY, 0.75)],
  workloads: [workload("api", { r: 0.75 * gpuSeconds }, 2e9, 0.5e9, 0.25)],
  training: [],
}
const prices = book([reserved])
const ledger = buildLedger(usage, prices)
const q = buildQuote(ledger, prices, { margin: 0.3, commitmentSeconds: 12 * 30 * DAY })

describe("quote", () => {
  it("prices the span at cost / (1 − margin): 9,945.60 / 0.7 = $14,208", () => {
    expect(q.price).toBeCloseTo(14208, 6)
  })

  it("per GPU-hour: the blended $1.85 / 0.7 = $2.642857", () => {
    expect(q.blendedCostPerGpuHour).toBeCloseTo(1.85, 9)
    expect(q.perGpuHour).toBeCloseTo(2.642857, 6)
  })

  it("monthly: 9,945.60 / 7 days × 30 days / 0.7 = $60,891.43; 12 months $730,697.14", () => {
    expect(q.monthly).toBeCloseTo(60891.428571, 5)
    expect(q.commitmentMonths).toBe(12)
    expect(q.commitmentTotal).toBeCloseTo(730697.142857, 4)
  })

  it("per 1M tokens: 25% of the loaded cost on input (2,486.40 / 2,000 M / 0.7 = $1.776), 75% on output ($21.312)", () => {
    expect(q.perMillionInputTokens).toBeCloseTo(1.776, 9)
    expect(q.perMillionOutputTokens).toBeCloseTo(21.312, 9)
    expect(q.inputShareOfGpuTime).toBeCloseTo(0.25, 12)
  })

  it("the token prices times the tokens served bring in exactly the quoted price (idle recovered)", () => {
    expect(q.perMillionInputTokens! * 2000 + q.perMillionOutputTokens! * 500).toBeCloseTo(q.price, 6)
  })

  it("the scenario's inputOutputSplit overrides the measured one: 50% → $3.552 input, $14.208 output", () => {
    const q2 = buildQuote(ledger, prices, { margin: 0.3, commitmentSeconds: 30 * DAY, inputShareOfGpuTime: 0.5 })
    expect(q2.perMillionInputTokens).toBeCloseTo(3.552, 9)
    expect(q2.perMillionOutputTokens).toBeCloseTo(14.208, 9)
  })

  it("break-even utilization: revenue ∝ busy time, so 75% × (1 − 0.3) = 52.5%", () => {
    expect(q.utilization).toBeCloseTo(0.75, 12)
    expect(q.breakEvenUtilization).toBeCloseTo(0.525, 12)
    // at 52.5% the token revenue is 0.525/0.75 of the quoted price = the cost
    expect((q.price * q.breakEvenUtilization) / q.utilization).toBeCloseTo(ledger.total, 6)
  })

  it("reserved vs on-demand: reserving $1.85 beats on-demand $2.99 above 1.85 / 2.99 = 61.87% utilization", () => {
    const [r] = reservedVsOnDemand(prices)
    expect(r!.breakEvenUtilization).toBeCloseTo(0.618729, 6)
    expect(q.reservedVsOnDemand[0]!.onDemandPerGpuHour).toBe(2.99)
  })

  it("with no tokens served the token prices are null, not zero", () => {
    const idle = buildLedger({ ...usage, workloads: [] }, prices)
    const qi = buildQuote(idle, prices, { margin: 0.3, commitmentSeconds: 30 * DAY })
    expect(qi.perMillionInputTokens).toBeNull()
    expect(qi.perMillionOutputTokens).toBeNull()
    expect(qi.perGpuHour).toBeCloseTo(2.642857, 6)
  })

  it("blends a mixed pool set: 32 reserved GPUs at $1.85 and 16 on-demand at $2.99 for a week = $2.23 per GPU-hour", () => {
    const od = poolPrices("od", { kind: "on-demand", perGpuHour: price(2.99) })
    const mixed: Usage = { ...usage, pools: [...usage.pools, steadyPool("od", 16, 7 * DAY, 0.5)] }
    const qm = buildQuote(buildLedger(mixed, book([reserved, od])), book([reserved, od]), { margin: 0, commitmentSeconds: 30 * DAY })
    // (32 × 1.85 + 16 × 2.99) / 48 = (59.2 + 47.84) / 48 = 2.23
    expect(qm.blendedCostPerGpuHour).toBeCloseTo(2.23, 9)
    expect(qm.perGpuHour).toBeCloseTo(2.23, 9)
  })
})
