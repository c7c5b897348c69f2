/**
 * Constants of the cost model, each with its source. The report lists every one it applied in
 * `assumptions`.
 */

/** A billing month: 30 days, as `12mo` in a scenario (units.ts). */
export const SECONDS_PER_MONTH = 30 * 86_400
export const SECONDS_PER_HOUR = 3_600
export const JOULES_PER_KWH = 3.6e6

/**
 * Node power over GPU power: a DGX H100 draws up to 10.2 kW for 8 × 700 W GPUs
 * (reference/calibration.md: "An 8×H100 node draws up to 10.2 kW (DGX H100 spec)"), so
 * 10.2 / 5.6 = 1.821. Applied to every GPU type (CPUs, NICs, NVSwitch, fans scale with the node).
 */
export const NODE_POWER_PER_GPU_POWER = 10.2 / 5.6
export const NODE_POWER_SOURCE = "DGX H100 node max 10.2 kW for 8 × 700 W GPUs = 1.82 × GPU TDP (reference/calibration.md)"

/** A built-in price older than this (relative to the date the app passes) is flagged stale. */
export const STALE_AFTER_DAYS = 180
export const STALE_SOURCE = "issue 5: built-in prices change often; older than 180 days is flagged"

/** Default facility figures (schema defaults in domain/scenario/pools.ts) with their as-of dates. */
export const DEFAULT_PUE_SOURCE = "Uptime Institute 2023 survey: 1.58 industry average, ~1.1 hyperscale; 1.3 a modern colocation facility (schema default)"
export const DEFAULT_ELECTRICITY_SOURCE = "EIA 2023 US industrial average electricity price $0.0806/kWh (reference/calibration.md)"
/** The EIA figure is a 2023 annual average: dated at the end of the year it averages. */
export const DEFAULT_ELECTRICITY_AS_OF = "2023-12-31"
