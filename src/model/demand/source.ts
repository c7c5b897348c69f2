/**
 * The contract between demand generation and the serving simulation: a lazy stream of requests,
 * so a 30-day, 50M-request run never materializes its arrivals.
 *
 * Open-loop patterns (poisson, constant, diurnal, ramp, trace, batch) ignore `onCompletion`.
 * Closed-loop clients (`closed`) issue a new request `thinkTime` after each completion, so the
 * next arrival time can be Infinity until the simulation reports a completion.
 *
 * ```ts
 * while (src.peekTime() <= horizon) {
 *   const t = src.peekTime()
 *   src.take()            // fills promptTokens / outputTokens of the request arriving at t
 *   admit(t, src.promptTokens, src.outputTokens)
 * }
 * ```
 */
export interface RequestSource {
  /** Arrival time (seconds from start) of the next request, or Infinity when none is pending. */
  peekTime(): number
  /** Consume the next request; afterwards promptTokens/outputTokens describe it. */
  take(): void
  /** Prompt length of the request last taken. */
  readonly promptTokens: number
  /** Output length of the request last taken (≥ 1). */
  readonly outputTokens: number
  /** Tell a closed-loop source that one of its requests completed at `time`. */
  onCompletion(time: number): void
  /**
   * True when `onCompletion` does nothing and `peekTime` never depends on completions (the
   * open-loop patterns), so the simulation can skip both on every completion. Absent: false.
   */
  readonly ignoresCompletions?: boolean
}
