/**
 * How long the steps of adding a node take, per pool: boot (request → a booted node), model load
 * (weights into GPU memory and engine warm-up), release (release request → no longer paid for).
 */

/**
 * Default bandwidth for loading weights when a pool gives neither `modelLoad` nor `loadBandwidth`:
 * 52 GiB of weights loaded in 62 s in a measured GPU cold start (calibration.md, "Autoscaling
 * defaults people expect") → 52 · 2^30 B / 62 s ≈ 9.0e8 B/s (0.9 GB/s).
 */
export const DEFAULT_LOAD_BYTES_PER_SECOND = (52 * 2 ** 30) / 62

/** Spot reclaim notice: AWS EC2 sends a two-minute interruption notice before reclaiming a spot instance. */
export const SPOT_NOTICE_SECONDS = 120

/** The timing of one pool's provisioning, resolved. */
export interface ProvisioningTimes {
  /** From the node request to a booted node. */
  readonly nodeBootSeconds: number
  /** From a booted node to a serving replica, per workload index (the weights differ). */
  readonly modelLoadSecondsByWorkload: ReadonlyArray<number>
  /** From the release decision to the node no longer being paid for. */
  readonly releaseSeconds: number
}

/**
 * Model load time of one replica: given, or its weight bytes over the load bandwidth (the replicas
 * of a node load their copies in parallel, each at that bandwidth).
 *
 * @example modelLoadSeconds(70.6e9, undefined, undefined) // 70.6e9 / 9.0e8 ≈ 78.4 s
 */
export const modelLoadSeconds = (weightBytes: number, givenSeconds: number | undefined, loadBytesPerSecond: number | undefined): number =>
  givenSeconds ?? weightBytes / (loadBytesPerSecond ?? DEFAULT_LOAD_BYTES_PER_SECOND)
