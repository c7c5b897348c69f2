/**
 * Progress of a training run between interruptions, with periodic checkpoints: a cycle is τ seconds
 * of compute followed by a δ-second checkpoint write (training paused). An interruption keeps the
 * work saved by the last completed checkpoint and loses the rest (Young 1974's model, simulated
 * rather than averaged).
 */

/** Compute seconds done `runSeconds` after a (re)start, with cycles of `tau` compute + `delta` write. */
export const computeSecondsAfter = (runSeconds: number, tau: number, delta: number): number => {
  const cycle = tau + delta
  const full = Math.floor(runSeconds / cycle)
  return full * tau + Math.min(runSeconds - full * cycle, tau)
}

/**
 * Compute seconds saved by completed checkpoints `runSeconds` after a (re)start: what survives an
 * interruption at that moment.
 *
 * @example savedComputeSecondsAfter(2_000, 800, 60) // one full cycle (860 s) and a second (1,720 s) → 1,600
 */
export const savedComputeSecondsAfter = (runSeconds: number, tau: number, delta: number): number =>
  Math.floor(runSeconds / (tau + delta) + 1e-12) * tau

/**
 * Wall seconds from a (re)start until `computeSeconds` of compute are done (no checkpoint is written
 * after the last compute second).
 *
 * @example wallSecondsFor(1_000, 800, 60) // 800 + 60 + 200 = 1,060
 * @example wallSecondsFor(1_600, 800, 60) // 860 + 800 = 1,660
 */
export const wallSecondsFor = (computeSeconds: number, tau: number, delta: number): number => {
  if (computeSeconds <= 0) return 0
  const k = Math.floor(computeSeconds / tau)
  const rest = computeSeconds - k * tau
  return rest > 1e-9 ? k * (tau + delta) + rest : (k - 1) * (tau + delta) + tau
}
