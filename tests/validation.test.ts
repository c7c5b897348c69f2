/**
 * gpuplan against published measurements: every row of reference/calibration.md's inference table,
 * reproduced as a scenario (tests/validation/inference/) and run through the real engine
 * (loadScenario → runScenario, DES), must land within ±25% of the published figure.
 * docs/calibration.md lists each row's error; bench/validate-published.ts prints the table.
 */
import { describe, expect, it } from "vitest"
import { meanAbsoluteRelativeError, PUBLISHED_ROWS, relativeError, TOLERANCE } from "./validation/published.ts"

describe("predicted vs published (±25% inference)", () => {
  it.each(PUBLISHED_ROWS.map((r) => [r.id, r] as const))("%s", async (_id, row) => {
    const predicted = await row.predict()
    const err = relativeError(predicted, row.published)
    expect(
      Math.abs(err),
      `${row.id} (${row.setup}): predicted ${predicted.toFixed(2)} ${row.unit}, published ${row.published} ${row.unit} (${row.source}), error ${(err * 100).toFixed(1)}%`,
    ).toBeLessThanOrEqual(TOLERANCE[row.group])
  })

  it("every published row has a unique id and a positive published figure", () => {
    const ids = PUBLISHED_ROWS.map((r) => r.id)
    expect(new Set(ids).size).toBe(ids.length)
    expect(PUBLISHED_ROWS.filter((r) => !(r.published > 0))).toEqual([])
    // reference/calibration.md: 10 TensorRT-LLM rows, 4 kipply figures, 2 vLLM rows.
    expect(PUBLISHED_ROWS.length).toBe(16)
  })

  it("the mean absolute error of the rows stays well inside the per-row tolerance", async () => {
    const pairs = await Promise.all(PUBLISHED_ROWS.map(async (r) => ({ predicted: await r.predict(), published: r.published })))
    expect(meanAbsoluteRelativeError(pairs), "inference MAPE").toBeLessThanOrEqual(0.1)
  })
})
