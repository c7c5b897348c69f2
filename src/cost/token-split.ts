/**
 * How a workload's GPU time divides between its input tokens (prefill) and its output tokens
 * (decode), from the performance model's iteration timing — so the quote can price 1M input and
 * 1M output tokens separately and state the split.
 *
 * Per average request of P prompt and O output tokens, at a mean of B sequences per replica:
 *   input GPU time  = prefill of P tokens in chunks of `prefillChunk`, each chunk an iteration on
 *                     its own: Σ iterationSeconds(chunk, 0, 0)
 *   output GPU time = O × (one decode step of B sequences with mean context P + O/2) / B
 *   input share     = input / (input + output)
 * A decode step is shared by the B sequences of the batch, a prefill chunk by nobody, which is why
 * output tokens are cheap per token at large batches and dear at small ones. Prefill costed alone
 * overstates it a little where the engine piggybacks chunks on decode steps (Sarathi-style).
 */
import type { ReplicaTiming } from "../perf/replica-timing.ts"

export interface TokenSplitInput {
  readonly timing: ReplicaTiming
  readonly meanPromptTokens: number
  readonly meanOutputTokens: number
  /** Mean sequences in a replica's batch (at least 1). */
  readonly meanBatch: number
  readonly prefillChunk: number
}

/** GPU-seconds (per replica) of prefilling `promptTokens` in chunks, each chunk an iteration alone. */
export const prefillSecondsPerRequest = (timing: ReplicaTiming, promptTokens: number, prefillChunk: number): number => {
  if (promptTokens <= 0) return 0
  const full = Math.floor(promptTokens / prefillChunk)
  const rest = promptTokens - full * prefillChunk
  return full * timing.iterationSeconds(prefillChunk, 0, 0) + (rest > 0 ? timing.iterationSeconds(rest, 0, 0) : 0)
}

/** Replica-seconds of one output token in a decode step of `batch` sequences of mean context `contextTokens`. */
export const decodeSecondsPerToken = (timing: ReplicaTiming, batch: number, contextTokens: number): number =>
  timing.iterationSeconds(0, batch, batch * contextTokens) / batch

/**
 * Share (0..1) of a workload's GPU time spent on input tokens; 0 when it served no tokens.
 *
 * @example
 * // prefill 0.1 s per request, decode 0.02 s per step of 10 sequences, 100 output tokens:
 * // input 0.1, output 100 × 0.002 = 0.2 → share 1/3
 */
export const inputShareOfGpuTime = (x: TokenSplitInput): number => {
  const batch = Math.max(1, Math.round(x.meanBatch))
  const input = prefillSecondsPerRequest(x.timing, x.meanPromptTokens, x.prefillChunk)
  const output = x.meanOutputTokens > 0 ? x.meanOutputTokens * decodeSecondsPerToken(x.timing, batch, x.meanPromptTokens + x.meanOutputTokens / 2) : 0
  return input + output > 0 ? input / (input + output) : 0
}
