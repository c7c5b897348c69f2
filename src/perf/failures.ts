/**
 * Failures of a training job and the share of wall-clock time that is useful training (ETTR,
 * effective training time ratio): checkpoints cost their write time, and each interruption loses
 * the work since the last checkpoint plus a restart.
 */

/**
 * Unexpected interruptions per GPU per day: Llama 3 405B, 419 unexpected interruptions in 54 days
 * on 16,384 H100 (Dubey et al. 2024, §3.3.4) → 419 / (54 · 16,384) = 4.74e-4.
 */
export const DEFAULT_FAILURES_PER_GPU_DAY = 4.7e-4

/**
 * Checkpoint write time, seconds. Engineering assumption: sharded, asynchronous checkpoints to a
 * parallel file system block training for tens of seconds; 30 s (with the restart below) gives
 * ETTR ≈ 0.91 for the Llama 3 405B run, where Meta reports "higher than 90%".
 */
export const DEFAULT_CHECKPOINT_WRITE_SECONDS = 30

/** Restart after an interruption (reschedule, reload the checkpoint, warm up), seconds. Same assumption as above. */
export const DEFAULT_RESTART_SECONDS = 180

/** Checkpoint size ≈ 14 bytes per parameter: bf16 weights (2) + fp32 master weights and Adam m, v (12). */
export const CHECKPOINT_BYTES_PER_PARAM = 14

const SECONDS_PER_DAY = 86_400

/** Mean time between interruptions of a job on `gpus` GPUs, seconds: 1 / (gpus · rate). */
export const jobMtbfSeconds = (gpus: number, failuresPerGpuDay = DEFAULT_FAILURES_PER_GPU_DAY): number =>
  SECONDS_PER_DAY / (gpus * failuresPerGpuDay)

/** Expected interruptions of a job on `gpus` GPUs over `seconds` of wall clock. */
export const expectedInterruptions = (gpus: number, seconds: number, failuresPerGpuDay = DEFAULT_FAILURES_PER_GPU_DAY): number =>
  (gpus * failuresPerGpuDay * seconds) / SECONDS_PER_DAY

/**
 * Young's optimal checkpoint interval (Young 1974): τ = sqrt(2·δ·MTBF), δ the checkpoint write time.
 *
 * @example youngCheckpointIntervalSeconds(30, 11_200) // ≈ 820 s
 */
export const youngCheckpointIntervalSeconds = (checkpointWriteSeconds: number, mtbfSeconds: number): number =>
  Math.sqrt(2 * checkpointWriteSeconds * mtbfSeconds)

/** Inputs of the ETTR model; every field has a documented default. */
export interface EttrInput {
  readonly gpus: number
  readonly failuresPerGpuDay?: number
  readonly checkpointWriteSeconds?: number
  readonly restartSeconds?: number
  /** Compute time between checkpoints; default Young's interval. */
  readonly checkpointIntervalSeconds?: number
}

/** ETTR and the quantities it comes from. */
export interface EttrEstimate {
  readonly ettr: number
  readonly mtbfSeconds: number
  readonly checkpointIntervalSeconds: number
}

/**
 * Expected ETTR, first order (Young 1974; Daly 2006 for higher-order terms): a cycle of τ useful
 * seconds costs τ + δ; each interruption (every MTBF seconds) loses half a cycle on average plus
 * the restart R:
 *   ETTR = τ/(τ+δ) · (1 − ((τ+δ)/2 + R) / MTBF),   clamped to [0, 1].
 */
export const expectedEttr = (input: EttrInput): EttrEstimate => {
  const mtbfSeconds = jobMtbfSeconds(input.gpus, input.failuresPerGpuDay)
  const delta = input.checkpointWriteSeconds ?? DEFAULT_CHECKPOINT_WRITE_SECONDS
  const restart = input.restartSeconds ?? DEFAULT_RESTART_SECONDS
  const tau = input.checkpointIntervalSeconds ?? youngCheckpointIntervalSeconds(delta, mtbfSeconds)
  const cycle = tau + delta
  const ettr = (tau / cycle) * (1 - (cycle / 2 + restart) / mtbfSeconds)
  return { ettr: Math.min(1, Math.max(0, ettr)), mtbfSeconds, checkpointIntervalSeconds: tau }
}
