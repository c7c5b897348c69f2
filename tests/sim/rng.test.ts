import { describe, expect, it } from "vitest"
import { Rng } from "../../src/sim/rng.ts"

describe("Rng", () => {
  it("same seed gives the same sequence", () => {
    const a = new Rng(42), b = new Rng(42)
    for (let i = 0; i < 1000; i++) expect(a.next()).toBe(b.next())
  })

  it("different seeds give different sequences", () => {
    const a = new Rng(1), b = new Rng(2)
    let same = 0
    for (let i = 0; i < 100; i++) if (a.next() === b.next()) same++
    expect(same).toBeLessThan(2)
  })

  it("is uniform on [0,1): mean 1/2 and variance 1/12 within sampling error", () => {
    const r = new Rng(3)
    const n = 200_000
    let s = 0, s2 = 0
    for (let i = 0; i < n; i++) {
      const u = r.next()
      expect(u >= 0 && u < 1).toBe(true)
      s += u
      s2 += u * u
    }
    const mean = s / n
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.005)
    expect(Math.abs(s2 / n - mean * mean - 1 / 12)).toBeLessThan(0.002)
  })

  it("nextOpen never returns 0 or 1", () => {
    const r = new Rng(9)
    for (let i = 0; i < 10_000; i++) {
      const u = r.nextOpen()
      expect(u > 0 && u < 1).toBe(true)
    }
  })
})
