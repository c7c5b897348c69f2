/** The input/output split of GPU time, on a timing whose iterations cost 10 ms + 0.1 ms per prompt token + 1 ms per sequence. */
import { describe, expect, it } from "vitest"
import type { ReplicaTiming } from "../../src/perf/replica-timing.ts"
import { decodeSecondsPerToken, inputShareOfGpuTime, prefillSecondsPerRequest } from "../../src/cost/token-split.ts"

const timing: ReplicaTiming = {
  kvCapacityTokens: 1e6,
  iterationSeconds: (n, b) => 0.01 + 1e-4 * n + 1e-3 * b,
  decodeComputeSeconds: () => 0,
  decodeMemoryBaseSeconds: 0,
  decodeMemorySecondsPerToken: 0,
  decodeOverheadSeconds: () => 0,
}

describe("token split", () => {
  it("prefills 1,000 tokens in chunks of 512 and 488: 0.0612 + 0.0588 = 0.12 s", () => {
    expect(prefillSecondsPerRequest(timing, 1000, 512)).toBeCloseTo(0.12, 12)
  })
  it("a decode step of 10 sequences (20 ms) costs 2 ms per output token", () => {
    expect(decodeSecondsPerToken(timing, 10, 1050)).toBeCloseTo(0.002, 12)
  })
  it("input share = 0.12 / (0.12 + 100 × 0.002) = 37.5%", () => {
    expect(inputShareOfGpuTime({ timing, meanPromptTokens: 1000, meanOutputTokens: 100, meanBatch: 10, prefillChunk: 512 })).toBeCloseTo(0.375, 12)
  })
  it("a larger batch makes output cheaper: at 50 sequences 0.12 / (0.12 + 100 × 0.0012) = 50%", () => {
    expect(inputShareOfGpuTime({ timing, meanPromptTokens: 1000, meanOutputTokens: 100, meanBatch: 50, prefillChunk: 512 })).toBeCloseTo(0.5, 12)
  })
})
