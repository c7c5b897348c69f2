/**
 * Per-request state of the serving simulation as a struct of arrays: one slot per request in
 * flight, recycled when it completes, so memory follows the number in flight, not the number served.
 * Arrays double when full; always read them through the table (a grow replaces them).
 */
import { grown } from "../../sim/typed-arrays.ts"


/** Waiting in a replica's (or the workload's) queue. */
export const QUEUED = 0
/** Admitted, prompt (or recompute of prompt + generated tokens) not fully processed yet. */
export const PREFILL = 1
/** Generating one token per iteration. */
export const DECODE = 2

export class RequestTable {
  /** Request number within its workload (arrival order, from 0). */
  requestId: Float64Array
  arrivalSeconds: Float64Array
  /** When first admitted into a batch (NaN before). */
  firstScheduledSeconds: Float64Array
  /** When the first output token was produced (NaN before). */
  firstTokenSeconds: Float64Array
  /**
   * When the request completed, written just before its completion is recorded: the stats read
   * the time from here rather than take it as an argument (a double argument to a call V8 does
   * not inline is boxed in a fresh heap number, once per request).
   */
  completedSeconds: Float64Array
  promptTokens: Int32Array
  outputTokens: Int32Array
  /** Output tokens generated so far (kept across preemption: they are re-prefilled). */
  generatedTokens: Int32Array
  /** Tokens to prefill on this admission: prompt + generated at admission. */
  prefillTarget: Int32Array
  prefilledTokens: Int32Array
  /** For a decoding sequence: its length (prompt + generated) minus the replica's step counter. */
  lengthMinusStep: Float64Array
  /** Bumped whenever a slot enters or leaves decoding, to recognise stale finish entries. */
  epoch: Int32Array
  /** Admission-order list links within the replica's running set (−1: none). */
  prev: Int32Array
  next: Int32Array
  state: Uint8Array
  private freeSlots: Int32Array
  private freeCount: number
  private capacity: number

  constructor(initialCapacity = 1024) {
    const n = Math.max(4, initialCapacity)
    this.capacity = n
    this.requestId = new Float64Array(n)
    this.arrivalSeconds = new Float64Array(n)
    this.firstScheduledSeconds = new Float64Array(n)
    this.firstTokenSeconds = new Float64Array(n)
    this.completedSeconds = new Float64Array(n)
    this.promptTokens = new Int32Array(n)
    this.outputTokens = new Int32Array(n)
    this.generatedTokens = new Int32Array(n)
    this.prefillTarget = new Int32Array(n)
    this.prefilledTokens = new Int32Array(n)
    this.lengthMinusStep = new Float64Array(n)
    this.epoch = new Int32Array(n)
    this.prev = new Int32Array(n)
    this.next = new Int32Array(n)
    this.state = new Uint8Array(n)
    this.freeSlots = new Int32Array(n)
    for (let i = 0; i < n; i++) this.freeSlots[i] = n - 1 - i
    this.freeCount = n
  }

  /** A fresh slot for a request arriving now. */
  allocate(requestId: number, arrivalSeconds: number, promptTokens: number, outputTokens: number): number {
    if (this.freeCount === 0) this.grow()
    const s = this.freeSlots[--this.freeCount]!
    this.requestId[s] = requestId
    this.arrivalSeconds[s] = arrivalSeconds
    this.firstScheduledSeconds[s] = NaN
    this.firstTokenSeconds[s] = NaN
    this.promptTokens[s] = promptTokens
    this.outputTokens[s] = outputTokens
    this.generatedTokens[s] = 0
    this.prefillTarget[s] = 0
    this.prefilledTokens[s] = 0
    this.prev[s] = -1
    this.next[s] = -1
    this.state[s] = QUEUED
    return s
  }

  /** Return a slot for reuse. */
  release(slot: number): void {
    this.epoch[slot]!++
    this.freeSlots[this.freeCount++] = slot
  }

  private grow(): void {
    const old = this.capacity
    const n = old * 2
    this.requestId = grown(this.requestId, n)
    this.arrivalSeconds = grown(this.arrivalSeconds, n)
    this.firstScheduledSeconds = grown(this.firstScheduledSeconds, n)
    this.firstTokenSeconds = grown(this.firstTokenSeconds, n)
    this.completedSeconds = grown(this.completedSeconds, n)
    this.promptTokens = grown(this.promptTokens, n)
    this.outputTokens = grown(this.outputTokens, n)
    this.generatedTokens = grown(this.generatedTokens, n)
    this.prefillTarget = grown(this.prefillTarget, n)
    this.prefilledTokens = grown(this.prefilledTokens, n)
    this.lengthMinusStep = grown(this.lengthMinusStep, n)
    this.epoch = grown(this.epoch, n)
    this.prev = grown(this.prev, n)
    this.next = grown(this.next, n)
    this.state = grown(this.state, n)
    const free = new Int32Array(n)
    // All old slots are in use (freeCount was 0); the new ones are free, lowest popped first.
    for (let i = 0; i < old; i++) free[i] = n - 1 - i
    this.freeSlots = free
    this.freeCount = old
    this.capacity = n
  }
}
