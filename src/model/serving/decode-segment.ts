/**
 * Closed-form time of k consecutive pure-decode steps of a fixed batch (DESIGN.md "Events per
 * request, not per token"). With B sequences and total context C₀ at the first step, step j reads
 * C₀ + j·B tokens of KV, and by the ReplicaTiming contract
 *   step(j) = max(A, M₀ + (C₀ + jB)·m) + O,  A = decodeComputeSeconds(B), O = decodeOverheadSeconds(B).
 * The memory term grows linearly, so the max switches from A to memory at most once, at the
 * crossover step j*; the sum is j*·A + an arithmetic series + k·O. One object per replica is
 * re-armed with `begin` for every segment: no allocation.
 */
import type { ReplicaTiming } from "../../perf/replica-timing.ts"

export class DecodeSegment {
  private compute = 0
  private overhead = 0
  private memBase = 0
  private memPerToken = 0
  private batch = 0
  private context0 = 0
  /** First step index at which the memory term reaches the compute term (Infinity: never). */
  private crossover = 0

  /**
   * Arm for a batch of `batch` sequences whose contexts total `context0` tokens at step 0, given
   * A = decodeComputeSeconds(batch) and O = decodeOverheadSeconds(batch).
   */
  begin(timing: ReplicaTiming, batch: number, context0: number, computeSeconds: number, overheadSeconds: number): void {
    const a = computeSeconds
    const m0 = timing.decodeMemoryBaseSeconds
    const m = timing.decodeMemorySecondsPerToken
    this.compute = a
    this.overhead = overheadSeconds
    this.memBase = m0
    this.memPerToken = m
    this.batch = batch
    this.context0 = context0
    // No closure here: this runs once per batch change (and tsx wraps closures in name helpers).
    if (m0 + context0 * m >= a) this.crossover = 0
    else if (m <= 0 || batch <= 0) this.crossover = Infinity
    else {
      // Estimate, then settle on the exact first j with M₀ + (C₀ + jB)·m ≥ A, evaluated exactly as a
      // step-by-step engine would, so both take the same branch of the max at every step.
      let j = Math.max(1, Math.ceil((a - m0 - context0 * m) / (batch * m)))
      while (j > 1 && m0 + (context0 + (j - 1) * batch) * m >= a) j--
      while (m0 + (context0 + j * batch) * m < a) j++
      this.crossover = j
    }
  }

  /** Seconds taken by the first k steps (k ≥ 0). */
  elapsedSeconds(k: number): number {
    const n1 = k < this.crossover ? k : this.crossover
    let total = n1 * this.compute + k * this.overhead
    const n2 = k - n1
    if (n2 > 0) {
      // Σ_{j=n1}^{k−1} (M₀ + (C₀ + jB)·m) = n2·M₀ + m·(n2·C₀ + B·(n1 + k − 1)·n2/2)
      total += n2 * this.memBase + this.memPerToken * (n2 * this.context0 + (this.batch * (n1 + k - 1) * n2) / 2)
    }
    return total
  }

  /**
   * Smallest j in [1, maxSteps] whose boundary elapsedSeconds(j) ≥ dtSeconds (maxSteps when none).
   * elapsedSeconds increases with j and steps vary little within a segment, so dt / (first step)
   * lands within a step or two of the answer: a galloping search from that guess, then bisection
   * of the bracket, evaluates 2–3 boundaries where a plain bisection of [1, maxSteps] evaluates
   * log2(maxSteps). Same monotone predicate, same answer.
   */
  firstBoundaryAtOrAfter(dtSeconds: number, maxSteps: number): number {
    const first = this.elapsedSeconds(1)
    let j = first > 0 ? Math.ceil(dtSeconds / first) : 1
    if (!(j >= 1)) j = 1 // also NaN
    if (j > maxSteps) j = maxSteps
    let lo = 1
    let hi = maxSteps
    if (this.elapsedSeconds(j) >= dtSeconds) {
      hi = j
      for (let step = 1; hi - step >= 1; step *= 2) {
        const x = hi - step
        if (this.elapsedSeconds(x) < dtSeconds) {
          lo = x + 1
          break
        }
        hi = x
      }
    } else {
      lo = j + 1
      for (let step = 1; lo + step - 1 < hi; step *= 2) {
        const x = lo + step - 1
        if (this.elapsedSeconds(x) >= dtSeconds) {
          hi = x
          break
        }
        lo = x + 1
      }
    }
    if (lo > hi) return hi
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2)
      if (this.elapsedSeconds(mid) >= dtSeconds) hi = mid
      else lo = mid + 1
    }
    return lo
  }

  /** Number of step boundaries j in [0, maxSteps] with elapsedSeconds(j) ≤ dtSeconds. */
  boundariesWithin(dtSeconds: number, maxSteps: number): number {
    let lo = 0
    let hi = maxSteps
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2)
      if (this.elapsedSeconds(mid) <= dtSeconds) lo = mid
      else hi = mid - 1
    }
    return lo
  }
}
