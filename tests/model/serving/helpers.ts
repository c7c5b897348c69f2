/**
 * Test helpers for the serving simulation: a ReplicaTiming built from a few numbers, and tiny
 * request sources (Poisson, fixed list) on the seeded RNG.
 */
import type { ReplicaTiming } from "../../../src/perf/replica-timing.ts"
import type { RequestSource } from "../../../src/model/demand/source.ts"
import { Rng } from "../../../src/sim/rng.ts"

export interface TimingNumbers {
  kvCapacityTokens: number
  /** Compute seconds per token processed (prefill or decode). */
  computePerToken: number
  /** Memory-bound seconds of a step independent of context (weights). */
  memoryBase: number
  /** Memory-bound seconds per token of KV context read. */
  memoryPerToken: number
  /** Per-step overhead. */
  stepOverhead: number
  /** Per-sequence overhead of a step. */
  perSequence: number
  /** Extra overhead of an iteration that carries prefill tokens. */
  prefillOverhead: number
}

/**
 * iteration(P, B, C) = max(computePerToken·(P + B), memoryBase + C·memoryPerToken)
 *                      + stepOverhead + perSequence·B + (P > 0 ? prefillOverhead : 0)
 * which for P = 0 is the ReplicaTiming decomposition with
 * decodeCompute(B) = computePerToken·B and decodeOverhead(B) = stepOverhead + perSequence·B.
 */
export const makeTestTiming = (n: TimingNumbers): ReplicaTiming => ({
  kvCapacityTokens: n.kvCapacityTokens,
  iterationSeconds: (p, b, c) =>
    Math.max(n.computePerToken * (p + b), n.memoryBase + c * n.memoryPerToken) +
    n.stepOverhead +
    n.perSequence * b +
    (p > 0 ? n.prefillOverhead : 0),
  decodeComputeSeconds: (b) => n.computePerToken * b,
  decodeMemoryBaseSeconds: n.memoryBase,
  decodeMemorySecondsPerToken: n.memoryPerToken,
  decodeOverheadSeconds: (b) => n.stepOverhead + n.perSequence * b,
})

/** Round numbers used by the hand-computed tests. */
export const simpleTiming: TimingNumbers = {
  kvCapacityTokens: 100_000,
  computePerToken: 1e-4,
  memoryBase: 0.01,
  memoryPerToken: 1e-6,
  stepOverhead: 0.002,
  perSequence: 1e-4,
  prefillOverhead: 0.001,
}

export interface RequestSpec {
  time: number
  prompt: number
  output: number
}

/** A source replaying a fixed list of requests (sorted by time). */
export const listSource = (requests: ReadonlyArray<RequestSpec>): RequestSource => {
  let i = 0
  let prompt = 0
  let output = 0
  return {
    peekTime: () => requests[i]?.time ?? Infinity,
    take: () => {
      const r = requests[i++]!
      prompt = r.prompt
      output = r.output
    },
    get promptTokens() {
      return prompt
    },
    get outputTokens() {
      return output
    },
    onCompletion: () => {},
  }
}

/** Poisson arrivals at `ratePerSecond` with lengths drawn by the given functions. */
export const poissonSource = (
  seed: number,
  ratePerSecond: number,
  promptOf: (rng: Rng) => number,
  outputOf: (rng: Rng) => number,
): RequestSource => {
  const rng = new Rng(seed)
  let next = -Math.log(rng.nextOpen()) / ratePerSecond
  let prompt = 0
  let output = 0
  return {
    peekTime: () => next,
    take: () => {
      prompt = promptOf(rng)
      output = outputOf(rng)
      next += -Math.log(rng.nextOpen()) / ratePerSecond
    },
    get promptTokens() {
      return prompt
    },
    get outputTokens() {
      return output
    },
    onCompletion: () => {},
  }
}

/** The first requests of a Poisson stream as a list (so two engines can replay the same ones). */
export const poissonList = (
  seed: number,
  ratePerSecond: number,
  count: number,
  promptOf: (rng: Rng) => number,
  outputOf: (rng: Rng) => number,
): RequestSpec[] => {
  const rng = new Rng(seed)
  const out: RequestSpec[] = []
  let t = 0
  for (let i = 0; i < count; i++) {
    t += -Math.log(rng.nextOpen()) / ratePerSecond
    out.push({ time: t, prompt: promptOf(rng), output: outputOf(rng) })
  }
  return out
}

/** Uniform integer in [lo, hi]. */
export const uniformInt = (rng: Rng, lo: number, hi: number): number => lo + Math.floor(rng.next() * (hi - lo + 1))
