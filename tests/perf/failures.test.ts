import { describe, expect, it } from "vitest"
import {
  DEFAULT_FAILURES_PER_GPU_DAY,
  expectedEttr,
  expectedInterruptions,
  jobMtbfSeconds,
  youngCheckpointIntervalSeconds,
} from "../../src/perf/failures.ts"

describe("failure rate", () => {
  it("the default reproduces Llama 3 405B: 16,384 H100 for 54 days → ≈ 419 unexpected interruptions", () => {
    expect(DEFAULT_FAILURES_PER_GPU_DAY).toBeCloseTo(419 / (54 * 16_384), 5)
    expect(expectedInterruptions(16_384, 54 * 86_400)).toBeCloseTo(419, -1)
  })

  it("mean time between interruptions of a 16,384-GPU job: 86,400/(16,384·4.7e-4) ≈ 11,220 s (3.1 h)", () => {
    expect(jobMtbfSeconds(16_384)).toBeCloseTo(86_400 / (16_384 * 4.7e-4), 6)
    expect(jobMtbfSeconds(16_384) / 3600).toBeCloseTo(3.12, 2)
  })
})

describe("checkpointing and ETTR", () => {
  it("Young's interval sqrt(2·δ·MTBF): δ = 30 s, MTBF = 11,200 s → 819.8 s", () => {
    expect(youngCheckpointIntervalSeconds(30, 11_200)).toBeCloseTo(Math.sqrt(672_000), 12)
    expect(youngCheckpointIntervalSeconds(30, 11_200)).toBeCloseTo(819.76, 2)
  })

  it("ETTR by hand: τ = 1000, δ = 100, R = 450, MTBF = 10,000 → 1000/1100 · (1 − (550 + 450)/10,000) = 0.8182", () => {
    // 16,384 GPUs at a rate chosen to make MTBF exactly 10,000 s
    const rate = 86_400 / (10_000 * 16_384)
    const e = expectedEttr({ gpus: 16_384, failuresPerGpuDay: rate, checkpointWriteSeconds: 100, restartSeconds: 450, checkpointIntervalSeconds: 1000 })
    expect(e.mtbfSeconds).toBeCloseTo(10_000, 6)
    expect(e.ettr).toBeCloseTo((1000 / 1100) * 0.9, 12)
  })

  it("with the defaults the Llama 3 405B run (16,384 H100) keeps ETTR above 90%, as Meta reports", () => {
    const e = expectedEttr({ gpus: 16_384 })
    expect(e.ettr).toBeGreaterThan(0.9)
    expect(e.ettr).toBeLessThan(0.95)
  })

  it("bigger jobs lose more: ETTR falls with the GPU count", () => {
    expect(expectedEttr({ gpus: 1024 }).ettr).toBeGreaterThan(expectedEttr({ gpus: 16_384 }).ettr)
  })

  it("Young's interval is the best one: nearby intervals give lower ETTR", () => {
    const best = expectedEttr({ gpus: 4096 })
    for (const f of [0.5, 0.8, 1.25, 2])
      expect(expectedEttr({ gpus: 4096, checkpointIntervalSeconds: best.checkpointIntervalSeconds * f }).ettr).toBeLessThan(best.ettr)
  })

  it("ETTR is 0, not negative, when the job fails faster than it can restart", () => {
    expect(expectedEttr({ gpus: 1_000_000, failuresPerGpuDay: 1 }).ettr).toBe(0)
  })
})
