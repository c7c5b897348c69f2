import { describe, expect, it } from "vitest"
import { DEFAULT_OUTPUT_TOKENS, DEFAULT_PROMPT_TOKENS } from "../../../src/model/demand/lengths.ts"
import { makeRequestSource, type RequestSourceOptions } from "../../../src/model/demand/make-source.ts"
import type { RequestSource } from "../../../src/model/demand/source.ts"
import { Rng } from "../../../src/sim/rng.ts"
import { source } from "./helpers.ts"

const requests = (src: RequestSource, n: number): Array<[number, number, number]> => {
  const out: Array<[number, number, number]> = []
  for (let i = 0; i < n && src.peekTime() !== Infinity; i++) {
    const t = src.peekTime()
    src.take()
    out.push([t, src.promptTokens, src.outputTokens])
  }
  return out
}

const poisson = {
  arrivals: { pattern: "poisson", rate: 20 },
  promptTokens: { distribution: "lognormal", mean: 1200, p99: 8000 },
  outputTokens: { distribution: "lognormal", mean: 280, p99: 1500 },
  horizonSeconds: 86_400,
} as const

const problem = (opts: Omit<RequestSourceOptions, "rng">) => {
  const r = makeRequestSource({ ...opts, rng: new Rng(1) })
  return r.ok ? undefined : { path: r.path.join("."), message: r.message }
}

describe("makeRequestSource", () => {
  it("the same seed gives the same requests; another seed does not", () => {
    const a = requests(source({ ...poisson, seed: 7 }), 1000)
    const b = requests(source({ ...poisson, seed: 7 }), 1000)
    const c = requests(source({ ...poisson, seed: 8 }), 1000)
    expect(a).toEqual(b)
    expect(a).not.toEqual(c)
  })

  it("lengths are integers ≥ 1 with the specified means (SE ≈ 3.8 and 1.1 over 200k; tolerances ≈ 5 SE)", () => {
    const rs = requests(source({ ...poisson, horizonSeconds: 20_000 }), 200_000)
    expect(rs.length).toBe(200_000)
    let p = 0, o = 0
    for (const [, prompt, output] of rs) {
      if (!Number.isInteger(prompt) || !Number.isInteger(output) || prompt < 1 || output < 1) throw new Error(`bad ${prompt} ${output}`)
      p += prompt
      o += output
    }
    expect(Math.abs(p / rs.length - 1200)).toBeLessThan(20)
    // output sd = 280·√(e^{σ²} − 1) with σ = 0.8883 → 293; SE 0.66
    expect(Math.abs(o / rs.length - 280)).toBeLessThan(4)
  })

  it("arrival times do not depend on the length distributions (separate random streams)", () => {
    const a = requests(source(poisson), 500).map((r) => r[0])
    const b = requests(source({ ...poisson, outputTokens: { distribution: "uniform", min: 1, max: 10 } }), 500).map((r) => r[0])
    expect(a).toEqual(b)
  })

  it("samples an empirical length file and applies fixed lengths", () => {
    const rs = requests(
      source({
        arrivals: { pattern: "constant", rate: 1 },
        promptTokens: { distribution: "empirical", file: "p.csv" },
        outputTokens: { distribution: "fixed", value: 64 },
        empirical: { prompt: Float64Array.of(10, 20, 30) },
        horizonSeconds: 300,
      }),
      300,
    )
    expect(new Set(rs.map((r) => r[1]))).toEqual(new Set([10, 20, 30]))
    expect(rs.every((r) => r[2] === 64)).toBe(true)
  })

  it("uses the Azure-conversation defaults when no lengths are given", () => {
    expect(DEFAULT_PROMPT_TOKENS).toEqual({ distribution: "lognormal", mean: 1155, p99: 4142 })
    expect(DEFAULT_OUTPUT_TOKENS).toEqual({ distribution: "lognormal", mean: 211, p99: 601 })
    const rs = requests(source({ arrivals: { pattern: "poisson", rate: 100 }, horizonSeconds: 2000 }), 100_000)
    const mean = rs.reduce((s, r) => s + r[2], 0) / rs.length
    expect(Math.abs(mean - 211)).toBeLessThan(3) // sd ≈ 211·0.77 = 163; SE 0.5
  })

  it("returns Infinity beyond the horizon, and take() then throws (an engine bug, not a user error)", () => {
    const src = source({ arrivals: { pattern: "constant", rate: 1 }, horizonSeconds: 2.5 })
    expect(requests(src, 10).map((r) => r[0])).toEqual([1, 2])
    expect(src.peekTime()).toBe(Infinity)
    expect(() => src.take()).toThrow(/no request pending/)
  })

  it("names the field at fault, with a message saying what would work", () => {
    expect(problem({ ...poisson, promptTokens: { distribution: "lognormal", mean: 1200, p99: 900 } })).toEqual({
      path: "promptTokens.p99",
      message: expect.stringContaining("must be greater than the mean"),
    })
    expect(problem({ ...poisson, outputTokens: { distribution: "lognormal", mean: 280 } })?.path).toBe("outputTokens.mean")
    expect(problem({ ...poisson, outputTokens: { distribution: "lognormal", mean: 280, p99: 900, sigma: 1 } })?.path).toBe(
      "outputTokens.sigma",
    )
    expect(problem({ ...poisson, promptTokens: { distribution: "empirical", file: "p.csv" } })).toEqual({
      path: "promptTokens.file",
      message: "the values of p.csv were not loaded",
    })
    expect(problem({ ...poisson, arrivals: { pattern: "poisson", rate: -1 } })?.path).toBe("arrivals.rate")
    expect(problem({ ...poisson, arrivals: { pattern: "diurnal", meanRate: 5, peakToMean: 0.5, peakAt: 0 } })).toEqual({
      path: "arrivals.peakToMean",
      message: "peakToMean must be at least 1 (the peak cannot be below the mean), found 0.5",
    })
    expect(problem({ ...poisson, arrivals: { pattern: "diurnal", meanRate: 5, peakToMean: 101, peakAt: 0 } })?.message).toContain(
      "at most 100",
    )
    expect(problem({ ...poisson, arrivals: { pattern: "diurnal", meanRate: 5, peakToMean: 100, peakAt: 0 } })).toBeUndefined()
    expect(problem({ ...poisson, arrivals: { pattern: "closed", concurrency: 0 } })?.path).toBe("arrivals.concurrency")
    expect(problem({ ...poisson, arrivals: { pattern: "batch", requests: 2.5 } })?.path).toBe("arrivals.requests")
    expect(problem({ ...poisson, arrivals: { pattern: "trace", file: "t.csv" } })?.path).toBe("arrivals.file")
    expect(problem({ ...poisson, arrivals: { pattern: "trace", file: "t.csv", rateScale: 0 } })?.path).toBe("arrivals.rateScale")
    const oneRow = { time: Float64Array.of(0), promptTokens: Float64Array.of(5), outputTokens: Float64Array.of(5), spanSeconds: 0, rows: 1 }
    expect(problem({ ...poisson, arrivals: { pattern: "trace", file: "t.csv", loop: true }, trace: oneRow })?.path).toBe("arrivals.loop")
    expect(problem(poisson)).toBeUndefined()
  })
})
