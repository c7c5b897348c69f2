/**
 * Steady-state queueing delay of c identical servers (replicas): Erlang C for M/M/c and the
 * Allen–Cunneen approximation for M/G/c (or G/G/c) used by the analytic engine.
 *
 * Notation: λ arrival rate, μ service rate of one server, c servers, a = λ/μ offered load in
 * Erlangs, ρ = a/c utilization (must be < 1 for a steady state).
 */

/**
 * Erlang B blocking probability B(c, a), by the stable recursion B(0) = 1,
 * B(k) = a·B(k−1) / (k + a·B(k−1)) (no factorials, exact for thousands of servers).
 */
export const erlangB = (servers: number, offeredLoad: number): number => {
  let b = 1
  for (let k = 1; k <= servers; k++) b = (offeredLoad * b) / (k + offeredLoad * b)
  return b
}

/**
 * Erlang C: probability an arrival waits in M/M/c, C(c, a) = c·B / (c − a·(1 − B)).
 * 1 when the system is saturated (a ≥ c).
 *
 * @example erlangC(2, 1) // 1/3
 */
export const erlangC = (servers: number, offeredLoad: number): number => {
  if (offeredLoad >= servers) return 1
  if (offeredLoad <= 0) return 0
  const b = erlangB(servers, offeredLoad)
  return (servers * b) / (servers - offeredLoad * (1 - b))
}

/**
 * Mean wait in queue of M/M/c: Wq = C(c, a) / (c·μ − λ). Infinity when λ ≥ c·μ.
 *
 * @example mmcMeanWaitSeconds(0.9, 1, 1) // 9: M/M/1 at ρ = 0.9 waits 9 service times
 */
export const mmcMeanWaitSeconds = (arrivalRate: number, serviceRate: number, servers: number): number => {
  const capacity = servers * serviceRate
  if (arrivalRate >= capacity) return Infinity
  return erlangC(servers, arrivalRate / serviceRate) / (capacity - arrivalRate)
}

/**
 * Allen–Cunneen approximation of the mean wait in G/G/c (Allen 1990):
 *   Wq ≈ C(c, a)/(c·μ − λ) · (ca² + cs²)/2
 * with ca², cs² the squared coefficients of variation of inter-arrival and service times
 * (Poisson arrivals: ca² = 1; exponential service: cs² = 1, where it is exact M/M/c;
 * deterministic service: cs² = 0, where it is exact for M/D/1).
 */
export const allenCunneenMeanWaitSeconds = (
  arrivalRate: number,
  serviceRate: number,
  servers: number,
  arrivalScv: number,
  serviceScv: number,
): number => mmcMeanWaitSeconds(arrivalRate, serviceRate, servers) * ((arrivalScv + serviceScv) / 2)
