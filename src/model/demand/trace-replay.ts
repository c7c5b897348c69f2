/**
 * The `trace` pattern: replay recorded requests — arrival times and both token lengths — from a
 * parsed trace ({@link TraceData}, times relative to its first request).
 *
 * - `timeScale` stretches the trace's clock: request i arrives at time[i]·timeScale, so 2 replays
 *   it twice as slowly (half the rate), 0.5 twice as fast.
 * - `rateScale` multiplies the arrival rate: request i arrives at time[i]/rateScale, so 2 doubles
 *   the rate by halving every time (and the span). Both apply together: time[i]·timeScale/rateScale.
 *   Neither changes which requests arrive or their lengths.
 * - `loop` replays the trace back to back until the horizon. One copy lasts the trace's span plus
 *   one mean gap, span·rows/(rows − 1), so that the looped stream keeps the trace's mean rate and
 *   a copy's first request does not land on top of the previous copy's last.
 */
import type { RequestSource } from "./source.ts"
import type { TraceData } from "./types.ts"

/** Replay options, already validated: both scales positive. */
export interface TraceReplayShape {
  readonly rateScale: number
  readonly timeScale: number
  readonly loop: boolean
}

/** Seconds one copy of a looped trace lasts, in trace time (before scaling). */
export const tracePeriodSeconds = (trace: TraceData): number => (trace.spanSeconds * trace.rows) / (trace.rows - 1)

/**
 * A {@link RequestSource} replaying a trace. `peekTime()` is Infinity after the last row (without
 * `loop`) and for arrivals after `horizonSeconds`. Lengths are the trace's, not sampled.
 */
export class TraceReplaySource implements RequestSource {
  promptTokens = 0
  outputTokens = 0
  readonly ignoresCompletions = true
  private row = 0
  private copy = 0
  private readonly scale: number
  private readonly period: number

  constructor(
    private readonly trace: TraceData,
    private readonly shape: TraceReplayShape,
    private readonly horizonSeconds: number,
  ) {
    this.scale = shape.timeScale / shape.rateScale
    this.period = shape.loop ? tracePeriodSeconds(trace) : 0
  }

  peekTime(): number {
    if (this.row >= this.trace.rows) return Infinity
    const t = (this.copy * this.period + this.trace.time[this.row]!) * this.scale
    return t <= this.horizonSeconds ? t : Infinity
  }

  take(): void {
    if (this.peekTime() === Infinity) throw new Error("take() called with no request pending")
    this.promptTokens = this.trace.promptTokens[this.row]!
    this.outputTokens = Math.max(1, this.trace.outputTokens[this.row]!)
    this.row++
    if (this.row === this.trace.rows && this.shape.loop) {
      this.row = 0
      this.copy++
    }
  }

  onCompletion(_time: number): void {}
}
