/**
 * What the analytic engine needs from an arrival spec: how many requests arrive over the horizon
 * (throughput, counts), and the rate at which latency is evaluated — the steady state at the
 * busiest sustained rate, because that is what an SLO feels:
 * - poisson / constant: the rate (inter-arrival SCV 1 / 0);
 * - diurnal: counts from the weekday/weekend mean; latency at the daily peak meanRate·peakToMean
 *   (times weekendFactor when that is above 1 and a weekend falls in the horizon);
 * - ramp: counts from the mean of the ramp over the horizon; latency at the last rate reached;
 * - trace: rows over the replayed span, scaled by rateScale/timeScale (SCV of the trace's gaps);
 * - closed and batch are not open streams: their rates come from the service (see analyze.ts).
 */
import { DAY_SECONDS } from "../demand/diurnal.ts"
import { rampRate } from "../demand/ramp.ts"
import { tracePeriodSeconds } from "../demand/trace-replay.ts"
import type { ArrivalSpec, TraceData } from "../demand/types.ts"

/** An open stream of arrivals, summarized. */
export interface OpenDemand {
  readonly kind: "open"
  /** Mean arrivals per second over the active span. */
  readonly meanRatePerSecond: number
  /** The rate latency is evaluated at (≥ mean). */
  readonly latencyRatePerSecond: number
  /** Why that rate, for the report's notes. */
  readonly latencyRateReason: string
  /** Requests arriving within the horizon. */
  readonly expectedArrivals: number
  /** Seconds from the first to the last arrival (≤ horizon). */
  readonly activeSeconds: number
  /** Squared coefficient of variation of inter-arrival times (Poisson 1, constant 0). */
  readonly arrivalScv: number
  /** Diurnal only: peak-to-mean ratio, for the length of an overloaded peak. */
  readonly peakToMean?: number
}

export interface ClosedDemand {
  readonly kind: "closed"
  readonly concurrency: number
  readonly thinkSeconds: number
  /** Infinity for no cap. */
  readonly requestCap: number
}

export interface BatchDemand {
  readonly kind: "batch"
  readonly requests: number
  readonly atSeconds: number
}

export type DemandSummary = OpenDemand | ClosedDemand | BatchDemand

const open = (rate: number, horizon: number, scv: number, latencyRate = rate, reason = "the arrival rate"): OpenDemand => ({
  kind: "open",
  meanRatePerSecond: rate,
  latencyRatePerSecond: latencyRate,
  latencyRateReason: reason,
  expectedArrivals: rate * horizon,
  activeSeconds: horizon,
  arrivalScv: scv,
})

/** Squared coefficient of variation of the gaps between consecutive trace times. */
const gapScv = (time: Float64Array): number => {
  const n = time.length - 1
  if (n < 2) return 1
  let sum = 0
  let sq = 0
  for (let i = 0; i < n; i++) {
    const g = time[i + 1]! - time[i]!
    sum += g
    sq += g * g
  }
  const mean = sum / n
  return mean > 0 ? sq / n / (mean * mean) - 1 : 1
}

/** Summarize an arrival spec over `horizonSeconds` (trace data for the `trace` pattern). */
export const summarizeDemand = (a: ArrivalSpec, horizonSeconds: number, trace?: TraceData): DemandSummary => {
  const h = horizonSeconds
  switch (a.pattern) {
    case "poisson":
      return open(a.rate, h, 1)
    case "constant":
      return open(a.rate, h, 0)
    case "diurnal": {
      const weekend = a.weekendFactor ?? 1
      let weighted = 0
      let weekendSeen = false
      for (let day = 0; day * DAY_SECONDS < h; day++) {
        const seconds = Math.min(DAY_SECONDS, h - day * DAY_SECONDS)
        const isWeekend = day % 7 === 5 || day % 7 === 6
        weekendSeen ||= isWeekend
        weighted += seconds * (isWeekend ? weekend : 1)
      }
      const mean = h > 0 ? (a.meanRate * weighted) / h : a.meanRate
      const peak = a.meanRate * a.peakToMean * (weekendSeen ? Math.max(1, weekend) : 1)
      return { ...open(mean, h, 1, peak, `the daily peak (${a.peakToMean}× the mean rate)`), peakToMean: a.peakToMean }
    }
    case "ramp": {
      const end = Math.min(h, a.over)
      const area = ((a.from + rampRate(a, end)) / 2) * end + Math.max(0, h - a.over) * a.to
      return open(h > 0 ? area / h : a.from, h, 1, rampRate(a, h), "the last rate the ramp reaches within the horizon")
    }
    case "trace": {
      const t = trace!
      const scale = (a.timeScale ?? 1) / (a.rateScale ?? 1)
      const scv = gapScv(t.time)
      if (a.loop) {
        const rate = t.rows / (tracePeriodSeconds(t) * scale)
        return open(rate, h, scv, rate, "the trace's mean rate (looped)")
      }
      const span = t.spanSeconds * scale
      if (!(span > 0)) return { kind: "batch", requests: t.rows, atSeconds: 0 }
      let arrived = 0
      while (arrived < t.rows && t.time[arrived]! * scale <= h) arrived++
      const active = Math.min(h, span)
      const rate = t.rows > 1 ? (t.rows - 1) / span : 0
      return { ...open(rate, active, scv, rate, "the trace's mean rate"), expectedArrivals: arrived }
    }
    case "closed":
      return { kind: "closed", concurrency: a.concurrency, thinkSeconds: a.thinkTime ?? 0, requestCap: a.requests ?? Infinity }
    case "batch":
      return { kind: "batch", requests: a.requests, atSeconds: a.at ?? 0 }
  }
}
