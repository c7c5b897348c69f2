/**
 * The contract between the performance model (perf/) and the serving simulation (model/):
 * how long one engine iteration of a replica takes. Implemented by `makeReplicaTiming` in perf/;
 * consumed by the discrete-event replica and by the analytic engine.
 *
 * An iteration (one forward pass of continuous batching) processes `prefillTokens` prompt tokens
 * (a chunk, Sarathi-style) plus one new token for each of `decodeSeqs` decoding sequences whose
 * KV context totals `decodeContextTokens`.
 *
 * Pure decode iterations are decomposed so the engine can sum k consecutive steps in closed form
 * (the batch is fixed and each sequence's context grows by one token per step):
 *   step(B, C) = max(decodeComputeSeconds(B), decodeMemoryBaseSeconds + C · decodeMemorySecondsPerToken)
 *                + decodeOverheadSeconds(B)
 * and `iterationSeconds(0, B, C)` must equal that expression.
 */
export interface ReplicaTiming {
  /** Max tokens the replica's KV cache holds (all its GPUs together, whole sequences). */
  readonly kvCapacityTokens: number
  /** Duration of one mixed iteration: a prefill chunk plus a decode step. */
  iterationSeconds(prefillTokens: number, decodeSeqs: number, decodeContextTokens: number): number
  /** Compute-bound time of a pure decode step of B sequences. */
  decodeComputeSeconds(batch: number): number
  /** Memory-bound time of a decode step independent of context (weights streamed once). */
  readonly decodeMemoryBaseSeconds: number
  /** Memory-bound time added per token of KV context read in a decode step. */
  readonly decodeMemorySecondsPerToken: number
  /** Overheads (per step, per layer, per sequence, TP all-reduce) of a decode step of B sequences. */
  decodeOverheadSeconds(batch: number): number
}

export { makeReplicaTiming, replicaKvCapacityTokens, type ReplicaTimingOptions } from "./make-replica-timing.ts"
