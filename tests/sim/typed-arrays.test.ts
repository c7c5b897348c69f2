import { describe, expect, it } from "vitest"
import { grown } from "../../src/sim/typed-arrays.ts"

describe("grown", () => {
  it("keeps the type and the contents, zero-fills the rest", () => {
    const a = grown(Float64Array.of(1.5, -2), 4)
    expect(a).toBeInstanceOf(Float64Array)
    expect([...a]).toEqual([1.5, -2, 0, 0])
    const b = grown(Uint8Array.of(7), 3)
    expect(b).toBeInstanceOf(Uint8Array)
    expect([...b]).toEqual([7, 0, 0])
  })
})
