/**
 * gpuplan against published measurements: every row of reference/calibration.md's inference table
 * (tests/validation/inference/) and training table (tests/validation/training/), reproduced as a
 * scenario and run through the real engine (loadScenario → runScenario, DES), must land within
 * its group's tolerance: inference ±25%, training ±15%. A row the defaults were known to miss would
 * carry `knownMiss` and be tested for the documented size of its miss; today there is none.
 * docs/calibration.md lists each row's error; `npm run validate:published` prints the table.
 */
import { describe, expect, it } from "vitest"
import { meanAbsoluteRelativeError, PUBLISHED_ROWS, relativeError, TOLERANCE, type Group, type PublishedRow } from "./validation/published.ts"

const message = (row: PublishedRow, predicted: number, err: number) =>
  `${row.id} (${row.setup}): predicted ${predicted.toFixed(2)} ${row.unit}, published ${row.published} ${row.unit} (${row.source}), error ${(err * 100).toFixed(1)}%`

const rowsOf = (group: Group) => PUBLISHED_ROWS.filter((r) => r.group === group)

describe.each([
  ["inference", 0.25, 0.1],
  ["training", 0.15, 0.1],
] as const)("predicted vs published (%s, ±%d)", (group, tolerance, maxMape) => {
  const rows = rowsOf(group)
  const hits = rows.filter((r) => r.knownMiss === undefined)

  it("the group's tolerance is the issue's", () => {
    expect(TOLERANCE[group]).toBe(tolerance)
  })

  it.each(hits.map((r) => [r.id, r] as const))("%s", async (_id, row) => {
    const predicted = await row.predict()
    const err = relativeError(predicted, row.published)
    expect(Math.abs(err), message(row, predicted, err)).toBeLessThanOrEqual(tolerance)
  })

  it(`the mean absolute error of the rows within tolerance stays at most ${maxMape * 100}%`, async () => {
    const pairs = await Promise.all(hits.map(async (r) => ({ predicted: await r.predict(), published: r.published })))
    expect(meanAbsoluteRelativeError(pairs), `${group} MAPE`).toBeLessThanOrEqual(maxMape)
  })
})

describe("known misses", () => {
  it("there are none: every published row is within its group's tolerance", () => {
    expect(PUBLISHED_ROWS.filter((r) => r.knownMiss !== undefined).map((r) => r.id)).toEqual([])
  })

  it("Megatron's 140 TFLOP/s with full recompute is MFU 140·(6/8)/312 ≈ 0.337 = the A100 default 0.45 × 3/4 within 1%", () => {
    const impliedMfu = (140 * 6) / 8 / 312
    expect(impliedMfu / (0.45 * 0.75) - 1).toBeLessThan(0.01)
  })
})

describe("the published table", () => {
  it("every row has a unique id and a positive published figure", () => {
    const ids = PUBLISHED_ROWS.map((r) => r.id)
    expect(new Set(ids).size).toBe(ids.length)
    expect(PUBLISHED_ROWS.filter((r) => !(r.published > 0))).toEqual([])
  })

  it("holds every row of reference/calibration.md", () => {
    // 10 TensorRT-LLM rows, 4 kipply figures, 2 vLLM rows.
    expect(rowsOf("inference")).toHaveLength(16)
    // LLaMA-1 65B (GPU-hours and days), Llama 2 7B/13B/70B GPU-hours, Megatron GPT-3 projection (days).
    expect(rowsOf("training")).toHaveLength(6)
  })
})
