/**
 * One serving replica: continuous batching with chunked prefill over a paged KV cache
 * (vLLM / Sarathi style), simulated with one event per batch change rather than per token.
 *
 * Each iteration, in order:
 * 1. Block growth: every decoding sequence about to write the KV of its newest token needs
 *    ceil(length/blockTokens) blocks; if the new blocks needed exceed the free ones, the most
 *    recently admitted sequence is preempted (recompute: KV freed, back to the FRONT of the queue,
 *    generated tokens kept and re-prefilled with the prompt), repeatedly.
 * 2. Admission (skipped in an iteration that preempted): FCFS from the queue while the batch is
 *    below `maxBatch` and the head's prompt (+ generated) blocks fit.
 * 3. Prefill: up to `prefillChunk` prompt tokens shared by the prefilling sequences in admission
 *    order; decoding sequences piggy-back one token each. The iteration that completes a
 *    sequence's prefill produces its next (first) token.
 *
 * While nothing is prefilling and nothing can be admitted, the batch is fixed, so the engine jumps
 * straight to the boundary where the earliest sequence finishes, or where block growth may force a
 * preemption, summing step times in closed form (DecodeSegment). Bookkeeping that makes this O(1)
 * per segment: a step counter; each decoding sequence stores length − step (constant while it
 * decodes), so total context = Σ(length − step) + B·step; block needs repeat with period
 * blockTokens, so a count of sequences per residue of (length − step) gives the growth of any
 * number of steps in O(blockTokens); finish steps sit in a min-heap.
 *
 * Block accounting: the KV of a token is written by the step after the one that produced it, so a
 * sequence of length L (prompt + generated) holds ceil((L−1)/blockTokens) blocks after a step and
 * needs ceil(L/blockTokens) before its next decode step; the last token's KV is never written.
 */
import { EventQueue } from "../../sim/event-queue.ts"
import type { TimerHeap } from "../../sim/timer-heap.ts"
import type { ReplicaTiming } from "../../perf/replica-timing.ts"
import { DecodeSegment } from "./decode-segment.ts"
import { DECODE, PREFILL, QUEUED, type RequestTable } from "./request-table.ts"
import { SlotDeque } from "./slot-deque.ts"


/**
 * What a replica needs from the simulation that owns it.
 *
 * The clock: the replica's event handlers (`onBoundary`, `nudge` and what they call) act at the
 * host's current time and read it from `nowSeconds` instead of taking it as an argument. A double
 * passed to (or returned from) a call V8 does not inline is boxed in a fresh heap number, and these
 * calls run several times per simulated request; a field read is not boxed.
 */
export interface ReplicaHost {
  readonly table: RequestTable
  /** Each replica's next iteration boundary, by replica index. */
  readonly timers: TimerHeap
  /** Current simulated time (seconds). */
  readonly nowSeconds: number
  /** The request in `slot` completed now (the host records it and frees the slot). */
  requestCompleted(workload: number, slot: number): void
}

export interface ReplicaConfig {
  readonly timing: ReplicaTiming
  readonly maxBatch: number
  readonly prefillChunk: number
  readonly blockTokens: number
  /** KV blocks of one replica: ⌊kvCapacityTokens / blockTokens⌋. */
  readonly totalBlocks: number
  /** Caches of timing.decodeComputeSeconds / decodeOverheadSeconds by batch size (length maxBatch + 1, NaN = unknown), shared by a workload's replicas. */
  readonly computeByBatch: Float64Array
  readonly overheadByBatch: Float64Array
}

/** A ReplicaConfig with empty timing caches. */
export const makeReplicaConfig = (timing: ReplicaTiming, maxBatch: number, prefillChunk: number, blockTokens: number): ReplicaConfig => ({
  timing,
  maxBatch,
  prefillChunk,
  blockTokens,
  totalBlocks: Math.floor(timing.kvCapacityTokens / blockTokens),
  computeByBatch: new Float64Array(maxBatch + 1).fill(NaN),
  overheadByBatch: new Float64Array(maxBatch + 1).fill(NaN),
})

const ceilDiv = (a: number, b: number): number => Math.ceil(a / b)

/** 2^30: below it x + (blockTokens − 1) stays a non-negative int32 for any power-of-two blockTokens ≤ 2^30. */
const SHIFT_LIMIT = 1073741824

export class Replica {
  /** Waiting requests, FCFS (preempted ones at the front). */
  readonly queue = new SlotDeque()
  /** Prompt + output tokens of the requests assigned here and not finished (router load). */
  outstandingTokens = 0
  /** Recompute preemptions on this replica. */
  preemptions = 0
  alive = true
  removedSeconds = NaN
  /** KV blocks of this replica. */
  readonly totalBlocks: number
  usedBlocks = 0
  /** Sequences in the batch (prefilling + decoding). */
  numRunning = 0
  busySeconds = 0
  /** ∫ used blocks dt (trapezoid over closed-form segments). */
  kvBlockSeconds = 0

  private readonly timing: ReplicaTiming
  private readonly maxBatch: number
  private readonly prefillChunk: number
  private readonly blockTokens: number
  /** blockTokens − 1 when blockTokens is a power of two (residues by mask), else −1. */
  private readonly blockMask: number
  /** log2(blockTokens) when it is a power of two (block counts by shift), else −1. */
  private readonly blockShift: number
  private step = 0
  /** step mod blockTokens, kept as a small integer for the residue arithmetic. */
  private stepMod = 0
  private numPrefilling = 0
  private numDecoding = 0
  /** Σ (length − step) over decoding sequences. */
  private contextOffset = 0
  /** Decoding sequences by (length − step) mod blockTokens. */
  private readonly residueCount: Int32Array
  /** (finish step, slot, epoch) of decoding sequences; stale entries are skipped. */
  private readonly finishes = new EventQueue(64)
  /** Admission-order list of the batch; prefilling sequences are always a suffix of it. */
  private head = -1
  private tail = -1
  private firstPrefill = -1
  /** An iteration or closed-form segment is in progress. */
  private running = false
  private segmentStart = 0
  private segmentSteps = 0
  private segmentMixed = false
  private segmentFreeBlocks = 0
  private busySince = NaN
  private readonly segment = new DecodeSegment()
  /** decodeComputeSeconds / decodeOverheadSeconds by batch size, filled on first use. */
  private readonly computeByBatch: Float64Array
  private readonly overheadByBatch: Float64Array

  constructor(
    private readonly host: ReplicaHost,
    /** Index in the simulation's replica list (event target). */
    readonly index: number,
    readonly workload: number,
    /** Id within its workload. */
    readonly id: number,
    readonly addedSeconds: number,
    config: ReplicaConfig,
  ) {
    this.timing = config.timing
    this.maxBatch = config.maxBatch
    this.prefillChunk = config.prefillChunk
    this.blockTokens = config.blockTokens
    this.blockMask = (config.blockTokens & (config.blockTokens - 1)) === 0 ? config.blockTokens - 1 : -1
    this.blockShift = this.blockMask >= 0 && config.blockTokens <= SHIFT_LIMIT ? Math.log2(config.blockTokens) : -1
    this.totalBlocks = config.totalBlocks
    this.residueCount = new Int32Array(config.blockTokens)
    this.computeByBatch = config.computeByBatch
    this.overheadByBatch = config.overheadByBatch
  }

  /** Requests waiting in this replica's queue. */
  get queueLength(): number {
    return this.queue.size
  }

  /**
   * React to a request just put in the queue now: an idle replica starts an
   * iteration now; a replica in a closed-form decode segment cuts it at the first step boundary at
   * or after now if the queue head could be admitted there.
   */
  nudge(): void {
    if (!this.alive || this.queue.size === 0) return
    if (!this.running) {
      this.startIteration()
      return
    }
    const timeSeconds = this.host.nowSeconds
    if (this.segmentMixed || this.numRunning >= this.maxBatch || this.segmentSteps <= 1) return
    const k = this.segmentSteps
    const j = this.segment.firstBoundaryAtOrAfter(timeSeconds - this.segmentStart, k)
    if (j >= k) return
    const h = this.queue.peekFront()
    const t = this.host.table
    const blocks = this.blocksFor(t.promptTokens[h]! + t.generatedTokens[h]!)
    // Cheap bound first: j steps need at most (⌊j/bt⌋ + 1)·B new blocks.
    const bound = (this.wholeBlocks(j) + 1) * this.numDecoding
    if (blocks > this.segmentFreeBlocks - bound && blocks > this.segmentFreeBlocks - this.growthAfter(j)) return
    this.segmentSteps = j
    this.host.timers.set(this.index, this.segmentStart + this.segment.elapsedSeconds(j))
  }

  /**
   * The boundary of the current iteration or segment is reached now. Afterwards the
   * replica's timer holds its next boundary, or is cancelled when it falls idle.
   */
  onBoundary(): void {
    const timeSeconds = this.host.nowSeconds
    this.running = false
    const dt = timeSeconds - this.segmentStart
    if (this.segmentMixed) {
      this.kvBlockSeconds += this.usedBlocks * dt
      this.advanceSteps(1)
      this.completeFinished()
      this.completePrefills()
    } else {
      const k = this.segmentSteps
      const g = k > 1 ? this.growthAfter(k - 1) : 0
      this.kvBlockSeconds += (this.usedBlocks + g / 2) * dt
      this.usedBlocks += g
      this.advanceSteps(k)
      this.completeFinished()
    }
    this.startIteration()
  }

  /**
   * Take the replica out of service at `timeSeconds`: the current iteration is abandoned (decode
   * steps already completed in a closed-form segment count), every running and waiting request is
   * appended to `out` (running ones in admission order first) ready to be re-queued, with its
   * generated tokens kept for recompute.
   */
  remove(timeSeconds: number, out: number[]): void {
    this.account(timeSeconds)
    const t = this.host.table
    for (let s = this.head; s !== -1; s = t.next[s]!) {
      if (t.state[s] === DECODE) {
        t.generatedTokens[s] = t.lengthMinusStep[s]! + this.step - t.promptTokens[s]!
        t.epoch[s]!++
      }
      t.state[s] = QUEUED
      t.prefilledTokens[s] = 0
      out.push(s)
    }
    for (let i = 0; i < this.queue.size; i++) out.push(this.queue.at(i))
    this.queue.clear()
    this.finishes.clear()
    this.head = this.tail = this.firstPrefill = -1
    this.numRunning = this.numPrefilling = this.numDecoding = 0
    this.contextOffset = 0
    this.residueCount.fill(0)
    this.usedBlocks = 0
    this.outstandingTokens = 0
    this.alive = false
    this.removedSeconds = timeSeconds
  }

  /** Stop simulating at `timeSeconds` (end of run), accounting busy time and KV use up to it. */
  stop(timeSeconds: number): void {
    this.account(timeSeconds)
  }

  /** Close the books at `timeSeconds` mid-iteration and cancel the pending boundary. */
  private account(timeSeconds: number): void {
    if (this.running) {
      const dt = timeSeconds - this.segmentStart
      if (!this.segmentMixed) this.advanceSteps(this.segment.boundariesWithin(dt, this.segmentSteps - 1))
      this.kvBlockSeconds += this.usedBlocks * dt
      this.running = false
    }
    if (this.busySince === this.busySince) this.busySeconds += timeSeconds - this.busySince
    this.busySince = NaN
    this.host.timers.cancel(this.index)
  }

  private advanceSteps(k: number): void {
    this.step += k
    // Keep step mod bt without a floating-point remainder (slow in V8) in the common small-k case.
    const bt = this.blockTokens
    let r = this.stepMod + k
    if (r >= bt) r = r < 2 * bt ? r - bt : r - Math.floor(r / bt) * bt
    this.stepMod = r
  }

  /** Residue class of the decoding sequences that need a new block at step `step + i` (0 ≤ i ≤ bt). */
  private needResidue(i: number): number {
    let r = 1 - this.stepMod - i
    if (r < 0) r += this.blockTokens
    if (r < 0) r += this.blockTokens
    return r
  }

  /** x mod blockTokens in [0, blockTokens) for an integer x (a mask for the usual 16). */
  private mod(x: number): number {
    // ToInt32 keeps x mod 2^32, and a power-of-two blockTokens divides 2^32: exact for |x| < 2^53.
    if (this.blockMask >= 0) return x & this.blockMask
    const r = x % this.blockTokens
    return r < 0 ? r + this.blockTokens : r
  }

  // Block arithmetic runs several times per request; with a power-of-two blockTokens (the usual 16)
  // it is a shift. Exact: for an integer 0 ≤ x < 2^30, x / 2^s is exact in floating point, so
  // ⌈x / bt⌉ = (x + bt − 1) >> s and ⌊x / bt⌋ = x >> s. Anything else takes the division.

  /** ⌈x / blockTokens⌉: blocks holding x tokens. */
  private blocksFor(x: number): number {
    if (this.blockShift >= 0 && (x | 0) === x && x >= 0 && x < SHIFT_LIMIT) return (x + this.blockMask) >> this.blockShift
    return ceilDiv(x, this.blockTokens)
  }

  /** ⌊x / blockTokens⌋ (x may be Infinity). */
  private wholeBlocks(x: number): number {
    if (this.blockShift >= 0 && (x | 0) === x && x >= 0 && x < SHIFT_LIMIT) return x >> this.blockShift
    return Math.floor(x / this.blockTokens)
  }

  /** New blocks needed by decode steps step+1 … step+j of the current batch. */
  private growthAfter(j: number): number {
    if (this.numDecoding === 0 || j <= 0) return 0
    const bt = this.blockTokens
    const full = this.wholeBlocks(j)
    let g = full * this.numDecoding
    const rem = j - full * bt
    const counts = this.residueCount
    let r = this.needResidue(0)
    for (let i = 1; i <= rem; i++) {
      r = r === 0 ? bt - 1 : r - 1
      g += counts[r]!
    }
    return g
  }

  /** Smallest j ≥ 1 such that the growth of steps step+1 … step+j exceeds `freeBlocks`. */
  private stepsUntilBlocksRunOut(freeBlocks: number): number {
    const bt = this.blockTokens
    const b = this.numDecoding
    const cycles = Math.floor(freeBlocks / b) // each full cycle of bt steps needs exactly b blocks
    const rest = freeBlocks - cycles * b
    let partial = 0
    const counts = this.residueCount
    let r = this.needResidue(0)
    for (let i = 1; i <= bt; i++) {
      r = r === 0 ? bt - 1 : r - 1
      partial += counts[r]!
      if (partial > rest) return cycles * bt + i
    }
    return cycles * bt + bt // unreachable: partial reaches b > rest
  }

  private startIteration(): void {
    const timeSeconds = this.host.nowSeconds
    const t = this.host.table
    let need = this.numDecoding > 0 ? this.residueCount[this.needResidue(0)]! : 0
    let preempted = false
    while (need > this.totalBlocks - this.usedBlocks) {
      this.preemptNewest()
      preempted = true
      need = this.numDecoding > 0 ? this.residueCount[this.needResidue(0)]! : 0
    }
    if (!preempted) {
      while (this.numRunning < this.maxBatch && this.queue.size > 0) {
        const s = this.queue.peekFront()
        const blocks = this.blocksFor(t.promptTokens[s]! + t.generatedTokens[s]!)
        if (blocks > this.totalBlocks - this.usedBlocks - need) break
        this.queue.popFront()
        this.admit(s, blocks)
      }
    }
    if (this.numRunning === 0) {
      if (this.busySince === this.busySince) this.busySeconds += timeSeconds - this.busySince
      this.busySince = NaN
      this.host.timers.cancel(this.index)
      return
    }
    if (this.busySince !== this.busySince) this.busySince = timeSeconds
    this.usedBlocks += need
    const b = this.numDecoding
    let seconds: number
    if (this.numPrefilling > 0) {
      let budget = this.prefillChunk
      let tokens = 0
      for (let p = this.firstPrefill; p !== -1 && budget > 0; p = t.next[p]!) {
        const take = Math.min(t.prefillTarget[p]! - t.prefilledTokens[p]!, budget)
        t.prefilledTokens[p]! += take
        budget -= take
        tokens += take
      }
      seconds = this.timing.iterationSeconds(tokens, b, this.contextOffset + b * this.step)
      this.segmentMixed = true
      this.segmentSteps = 1
    } else {
      let compute = this.computeByBatch[b]!
      let overhead = this.overheadByBatch[b]!
      if (compute !== compute) {
        compute = this.computeByBatch[b] = this.timing.decodeComputeSeconds(b)
        overhead = this.overheadByBatch[b] = this.timing.decodeOverheadSeconds(b)
      }
      this.segment.begin(this.timing, b, this.contextOffset + b * this.step, compute, overhead)
      const free = this.totalBlocks - this.usedBlocks
      let k = this.finishes.peekTime() - this.step
      if (preempted) k = 1
      else if ((this.wholeBlocks(k) + 1) * b > free) {
        // Growth might exhaust the free blocks within k steps (else it cannot: k steps need at
        // most (⌊k/bt⌋ + 1)·B new blocks).
        const kGrow = this.stepsUntilBlocksRunOut(free)
        if (kGrow < k) k = kGrow
      }
      seconds = this.segment.elapsedSeconds(k)
      this.segmentMixed = false
      this.segmentSteps = k
      this.segmentFreeBlocks = free
    }
    this.running = true
    this.segmentStart = timeSeconds
    this.host.timers.set(this.index, timeSeconds + seconds)
  }

  private admit(s: number, blocks: number): void {
    const t = this.host.table
    t.state[s] = PREFILL
    t.prefillTarget[s] = t.promptTokens[s]! + t.generatedTokens[s]!
    t.prefilledTokens[s] = 0
    this.usedBlocks += blocks
    t.prev[s] = this.tail
    t.next[s] = -1
    if (this.tail === -1) this.head = s
    else t.next[this.tail] = s
    this.tail = s
    this.numRunning++
    this.numPrefilling++
    if (this.firstPrefill === -1) this.firstPrefill = s
    if (t.firstScheduledSeconds[s] !== t.firstScheduledSeconds[s]) t.firstScheduledSeconds[s] = this.host.nowSeconds
  }

  private unlink(s: number): void {
    const t = this.host.table
    const p = t.prev[s]!
    const n = t.next[s]!
    if (p === -1) this.head = n
    else t.next[p] = n
    if (n === -1) this.tail = p
    else t.prev[n] = p
    this.numRunning--
  }

  private leaveDecode(s: number): void {
    const k = this.host.table.lengthMinusStep[s]!
    this.numDecoding--
    this.contextOffset -= k
    this.residueCount[this.mod(k)]!--
  }

  private preemptNewest(): void {
    const t = this.host.table
    const s = this.tail
    this.unlink(s)
    this.preemptions++
    if (t.state[s] === DECODE) {
      const length = t.lengthMinusStep[s]! + this.step
      t.generatedTokens[s] = length - t.promptTokens[s]!
      this.leaveDecode(s)
      t.epoch[s]!++
      this.usedBlocks -= this.blocksFor(length - 1)
    } else {
      this.numPrefilling--
      if (this.firstPrefill === s) this.firstPrefill = -1
      this.usedBlocks -= this.blocksFor(t.prefillTarget[s]!)
    }
    t.state[s] = QUEUED
    t.prefilledTokens[s] = 0
    this.queue.pushFront(s)
  }

  /** Finish every decoding sequence whose last step was the one just completed. */
  private completeFinished(): void {
    const f = this.finishes
    const t = this.host.table
    while (f.size > 0 && f.peekTime() <= this.step) {
      f.pop()
      const s = f.target
      if (t.epoch[s] !== f.generation) continue
      this.leaveDecode(s)
      this.unlink(s)
      const prompt = t.promptTokens[s]!
      const output = t.outputTokens[s]!
      t.generatedTokens[s] = output
      this.usedBlocks -= this.blocksFor(prompt + output - 1)
      this.outstandingTokens -= prompt + output
      this.host.requestCompleted(this.workload, s)
    }
  }

  /** Sequences whose prefill the iteration just completed produce a token and start decoding. */
  private completePrefills(): void {
    const timeSeconds = this.host.nowSeconds
    const t = this.host.table
    let p = this.firstPrefill
    while (p !== -1 && t.prefilledTokens[p] === t.prefillTarget[p]) {
      const next = t.next[p]!
      this.numPrefilling--
      const generated = ++t.generatedTokens[p]!
      if (t.firstTokenSeconds[p] !== t.firstTokenSeconds[p]) t.firstTokenSeconds[p] = timeSeconds
      const prompt = t.promptTokens[p]!
      const output = t.outputTokens[p]!
      if (generated >= output) {
        this.unlink(p)
        this.usedBlocks -= this.blocksFor(t.prefillTarget[p]!)
        this.outstandingTokens -= prompt + output
        this.host.requestCompleted(this.workload, p)
      } else {
        const k = prompt + generated - this.step
        t.state[p] = DECODE
        t.lengthMinusStep[p] = k
        this.numDecoding++
        this.contextOffset += k
        this.residueCount[this.mod(k)]!++
        const epoch = ++t.epoch[p]!
        this.finishes.push(this.step + output - generated, 0, 0, p, epoch)
      }
      p = next
    }
    this.firstPrefill = p
  }
}
