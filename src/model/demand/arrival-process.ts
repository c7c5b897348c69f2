/**
 * Open-loop arrival processes: a lazy, allocation-free stream of arrival times that ignores how
 * the system responds. Lengths are attached by the request source that wraps one.
 *
 * This file holds the interface and the three homogeneous processes (poisson, constant, batch);
 * `ramp.ts` and `diurnal.ts` hold the time-varying ones.
 */
import type { Rng } from "../../sim/rng.ts"
import { standardExponential } from "../../sim/ziggurat.ts"

/** Arrival times in non-decreasing order, seconds from the start of the simulation. */
export interface ArrivalProcess {
  /** Time of the next arrival, or Infinity when there are no more. Repeatable until `advance()`. */
  peek(): number
  /** Move past the arrival `peek()` returned. */
  advance(): void
}

/**
 * Homogeneous Poisson process: exponential gaps with mean 1/rate, the first one measured from 0.
 * A rate of 0 gives no arrivals.
 */
export class PoissonArrivals implements ArrivalProcess {
  private next: number
  constructor(
    private readonly ratePerSecond: number,
    private readonly rng: Rng,
  ) {
    this.next = ratePerSecond > 0 ? standardExponential(rng) / ratePerSecond : Infinity
  }
  peek(): number {
    return this.next
  }
  advance(): void {
    if (this.next !== Infinity) this.next += standardExponential(this.rng) / this.ratePerSecond
  }
}

/**
 * Evenly spaced arrivals: the k-th (k = 1, 2, …) at k/rate, so the first falls one gap after 0 —
 * the same place a Poisson process's first arrival falls on average — and a window [0, T] holds
 * exactly ⌊T·rate⌋. Times are computed as k/rate, never accumulated, so they do not drift.
 */
export class ConstantArrivals implements ArrivalProcess {
  private k = 1
  constructor(private readonly ratePerSecond: number) {}
  peek(): number {
    return this.ratePerSecond > 0 ? this.k / this.ratePerSecond : Infinity
  }
  advance(): void {
    this.k++
  }
}

/** `requests` arrivals, all at time `at`. */
export class BatchArrivals implements ArrivalProcess {
  private remaining: number
  constructor(
    requests: number,
    private readonly atSeconds: number,
  ) {
    this.remaining = requests
  }
  peek(): number {
    return this.remaining > 0 ? this.atSeconds : Infinity
  }
  advance(): void {
    if (this.remaining > 0) this.remaining--
  }
}
