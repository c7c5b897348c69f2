/** Means and 95% confidence intervals across replications (Student's t). */
import { mean, sampleStandardDeviation } from "simple-statistics"

/**
 * Two-sided 97.5% quantiles of Student's t for 1–30 degrees of freedom (any statistics table,
 * e.g. NIST/SEMATECH e-Handbook of Statistical Methods, Table 1.3.6.7.2); 1.96 beyond.
 */
const T975 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042]

export const tQuantile975 = (degreesOfFreedom: number): number => T975[degreesOfFreedom - 1] ?? 1.96

/** 95% interval of the mean of `xs` (n ≥ 2). */
export const confidenceInterval95 = (xs: ReadonlyArray<number>): readonly [number, number] => {
  const m = mean(xs as number[])
  if (xs.length < 2) return [m, m]
  const half = (tQuantile975(xs.length - 1) * sampleStandardDeviation(xs as number[])) / Math.sqrt(xs.length)
  return [m - half, m + half]
}

/**
 * Combine same-shaped values from replications: numbers → mean, booleans → true only if true in
 * every replication, arrays element-wise, objects key-wise, strings and null from the first.
 * `intervals` receives the 95% interval of every numeric leaf under the paths `track` accepts.
 */
export const combineReplications = <T>(values: ReadonlyArray<T>, intervals: Record<string, readonly [number, number]>, track: (path: string) => boolean): T => {
  const walk = (xs: ReadonlyArray<unknown>, path: string): unknown => {
    const first = xs[0]
    if (typeof first === "number") {
      const nums = xs as number[]
      if (nums.some((x) => !Number.isFinite(x))) return first
      if (track(path)) intervals[path] = confidenceInterval95(nums).map(round) as unknown as readonly [number, number]
      return round(mean(nums))
    }
    if (typeof first === "boolean") return xs.every((x) => x === true)
    if (Array.isArray(first)) return first.map((_, i) => walk(xs.map((x) => (x as unknown[])[i]), `${path}[${i}]`))
    if (first !== null && typeof first === "object") {
      const out: Record<string, unknown> = {}
      for (const k of Object.keys(first)) out[k] = walk(xs.map((x) => (x as Record<string, unknown>)[k]), path === "" ? k : `${path}.${k}`)
      return out
    }
    return first
  }
  return walk(values, "") as T
}

/** Report numbers carry 6 significant digits: enough for every figure, and stable bytes. */
export const round = (x: number): number => (Number.isFinite(x) && x !== 0 ? Number(x.toPrecision(6)) : x)
