/**
 * Decoded demand specs: what the scenario loader hands to demand generation, with every number
 * already in base units (seconds, requests per second, tokens). Field meanings follow SCENARIO.md
 * ("Arrival patterns"); the behaviour of each pattern is documented on `makeRequestSource`.
 */

/** How requests arrive. Rates are per second, times and durations in seconds. */
export type ArrivalSpec =
  | { readonly pattern: "poisson"; readonly rate: number }
  | { readonly pattern: "constant"; readonly rate: number }
  | {
      readonly pattern: "diurnal"
      readonly meanRate: number
      readonly peakToMean: number
      /** Time of day of the peak, seconds since midnight. */
      readonly peakAt: number
      /** Multiplies Saturday and Sunday rates (the simulation starts Monday 00:00). */
      readonly weekendFactor?: number
    }
  | { readonly pattern: "ramp"; readonly from: number; readonly to: number; readonly over: number }
  | {
      readonly pattern: "trace"
      readonly file: string
      readonly rateScale?: number
      readonly timeScale?: number
      readonly loop?: boolean
    }
  | { readonly pattern: "closed"; readonly concurrency: number; readonly thinkTime?: number; readonly requests?: number }
  | { readonly pattern: "batch"; readonly requests: number; readonly at?: number }

/** A distribution of token lengths (prompt or output). */
export type LengthSpec =
  | { readonly distribution: "fixed"; readonly value: number; readonly max?: number }
  | { readonly distribution: "uniform"; readonly min: number; readonly max: number }
  | {
      readonly distribution: "lognormal"
      readonly mean: number
      readonly p99?: number
      readonly sigma?: number
      readonly max?: number
    }
  | { readonly distribution: "empirical"; readonly file: string; readonly max?: number }

/**
 * A parsed request trace: one entry per request, sorted by time, times in seconds from the first
 * request (so `time[0] === 0`). Token counts are integers ≥ 1.
 */
export interface TraceData {
  readonly time: Float64Array
  readonly promptTokens: Float64Array
  readonly outputTokens: Float64Array
  /** time[rows − 1] − time[0], seconds. */
  readonly spanSeconds: number
  readonly rows: number
}
