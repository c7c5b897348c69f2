/**
 * The `closed` pattern: benchmark clients. `concurrency` clients each keep one request in flight;
 * when a request completes, its client waits `thinkTime` seconds and sends the next one. All
 * clients send their first request at time 0. `requests`, when given, caps the total sent.
 *
 * Think time is fixed (the same for every request; 0 by default), the way load generators such as
 * a benchmark's `--concurrency` flag behave. Because it is fixed and completions are reported in
 * time order, pending sends stay in time order in a ring buffer of `concurrency` slots: no
 * allocation per request.
 */
import { type Sampler, toTokenCount } from "../../sim/distributions.ts"
import type { Rng } from "../../sim/rng.ts"
import type { RequestSource } from "./source.ts"

/** Closed-loop parameters: think time in seconds. */
export interface ClosedLoopShape {
  readonly concurrency: number
  readonly thinkTime: number
  /** Total requests to send; Infinity for no cap. */
  readonly requests: number
}

/**
 * A {@link RequestSource} for closed-loop clients. `peekTime()` is Infinity while every client is
 * waiting for a completion, after the cap is reached, and for sends after `horizonSeconds`.
 * A completion reported when no request is outstanding is ignored.
 */
export class ClosedLoopSource implements RequestSource {
  promptTokens = 0
  outputTokens = 0
  /** Send times of clients ready to send, a sorted ring buffer. */
  private readonly pending: Float64Array
  private head = 0
  private count: number
  private outstanding = 0
  private sent = 0

  constructor(
    private readonly shape: ClosedLoopShape,
    private readonly prompt: Sampler,
    private readonly output: Sampler,
    private readonly promptRng: Rng,
    private readonly outputRng: Rng,
    private readonly horizonSeconds: number,
  ) {
    this.pending = new Float64Array(shape.concurrency)
    this.count = Math.min(shape.concurrency, shape.requests)
  }

  /** Requests taken and not yet reported complete (never more than `concurrency`). */
  get inFlight(): number {
    return this.outstanding
  }

  peekTime(): number {
    if (this.count === 0) return Infinity
    const t = this.pending[this.head]!
    return t <= this.horizonSeconds ? t : Infinity
  }

  take(): void {
    if (this.peekTime() === Infinity) throw new Error("take() called with no request pending")
    this.head = (this.head + 1) % this.pending.length
    this.count--
    this.outstanding++
    this.sent++
    this.promptTokens = toTokenCount(this.prompt.sample(this.promptRng))
    this.outputTokens = toTokenCount(this.output.sample(this.outputRng))
  }

  onCompletion(time: number): void {
    if (this.outstanding === 0) return
    this.outstanding--
    // A client may send again only while the cap leaves room for its next request.
    if (this.sent + this.count >= this.shape.requests) return
    const send = time + this.shape.thinkTime
    const n = this.pending.length
    // Insert in time order, scanning from the tail (normally zero steps).
    let i = this.count
    while (i > 0 && this.pending[(this.head + i - 1) % n]! > send) {
      this.pending[(this.head + i) % n] = this.pending[(this.head + i - 1) % n]!
      i--
    }
    this.pending[(this.head + i) % n] = send
    this.count++
  }
}
