/**
 * The Kubernetes Horizontal Pod Autoscaler's arithmetic (kubernetes.io, "Horizontal Pod
 * Autoscaling", algorithm details), as pure functions:
 *
 *   desired = ceil(current · metric / target), unchanged while |metric/target − 1| ≤ tolerance;
 *   scale-up at most max(+100 %, +4) per period (default `scaleUp` policies, selectPolicy Max);
 *   scale-down to the highest recommendation of the stabilization window (default 300 s).
 */

/**
 * Replicas the HPA asks for. With no replica the ratio is undefined; a positive metric then asks
 * for one replica per `target` of it (at least one), as a queue with nobody to serve it must.
 *
 * @example hpaDesiredReplicas(4, 12, 8, 0.1) // ceil(4 · 1.5) = 6
 * @example hpaDesiredReplicas(4, 8.5, 8, 0.1) // ratio 1.0625 inside the tolerance → 4
 */
export const hpaDesiredReplicas = (current: number, metric: number, target: number, tolerance: number): number => {
  if (current <= 0) return metric > 0 ? Math.max(1, Math.ceil(metric / target)) : 0
  const ratio = metric / target
  if (Math.abs(ratio - 1) <= tolerance) return current
  return Math.max(0, Math.ceil(current * ratio - 1e-9))
}

/**
 * Most replicas after one scale-up step from `current`: max(2·current, current + 4).
 *
 * @example hpaScaleUpCap(3) // 7
 * @example hpaScaleUpCap(10) // 20
 */
export const hpaScaleUpCap = (current: number): number => Math.max(2 * current, current + 4)

/**
 * Recommendations of the last `windowSeconds`; scale-down follows their maximum so a brief dip does
 * not remove capacity. A small ring of (time, value) pairs: one entry per evaluation.
 */
export class StabilizationWindow {
  private times: number[] = []
  private values: number[] = []

  constructor(readonly windowSeconds: number) {}

  /** Record the recommendation made at `timeSeconds` and return the highest one still in the window. */
  recommend(timeSeconds: number, value: number): number {
    const from = timeSeconds - this.windowSeconds
    let drop = 0
    while (drop < this.times.length && this.times[drop]! < from - 1e-9) drop++
    if (drop > 0) {
      this.times.splice(0, drop)
      this.values.splice(0, drop)
    }
    this.times.push(timeSeconds)
    this.values.push(value)
    let max = -Infinity
    for (const v of this.values) if (v > max) max = v
    return max
  }
}

/** A daily window `[from, to)` in seconds since midnight (it wraps when to < from). */
export interface ScheduleWindow {
  readonly fromSeconds: number
  readonly toSeconds: number
  readonly minNodes: number
}

const DAY_SECONDS = 86_400

/**
 * Nodes the schedule asks for at `timeSeconds` (from the scenario start, which is midnight): the
 * largest `minNodes` of the windows containing that time of day, 0 outside every window.
 *
 * @example scheduledMinNodes([{ fromSeconds: 45_000, toSeconds: 59_400, minNodes: 2 }], 50_000) // 2
 */
export const scheduledMinNodes = (windows: ReadonlyArray<ScheduleWindow>, timeSeconds: number): number => {
  const tod = ((timeSeconds % DAY_SECONDS) + DAY_SECONDS) % DAY_SECONDS
  let n = 0
  for (const w of windows) {
    const inside = w.fromSeconds <= w.toSeconds ? tod >= w.fromSeconds && tod < w.toSeconds : tod >= w.fromSeconds || tod < w.toSeconds
    if (inside && w.minNodes > n) n = w.minNodes
  }
  return n
}
