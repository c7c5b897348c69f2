/**
 * The ledger's input: what the fleet did, as plain numbers, independent of how it was simulated
 * (discrete-event, analytic, or a future fleet model with booting and draining nodes). The report
 * assembles it once from a simulation result; re-pricing (another price, another margin) reads
 * only this record and never re-runs the simulation.
 *
 * All times are GPU-seconds (a GPU provisioned or busy for one second) or seconds.
 *
 * ```ts
 * const usage: Usage = {
 *   spanSeconds: 7 * 86_400,
 *   pools: [{ name: "reserved", gpu: { name: "H100-SXM", tdpWatts: 700, idleWatts: 70 }, gpusPerNode: 8,
 *             nodes: { min: 4, max: 4, initial: 4 },
 *             provisionedGpuSeconds: { serving: 32 * 7 * 86_400, booting: 0, loading: 0, draining: 0 },
 *             occupancy: [{ gpus: 32, seconds: 7 * 86_400 }], busyGpuSeconds: 16 * 7 * 86_400 }],
 *   workloads: [], training: [],
 * }
 * ```
 */

/** Provisioned (paid-for) GPU-seconds split by what the GPU was doing. */
export interface ProvisionedGpuSeconds {
  /** Serving or training (the node was up with its model loaded). */
  readonly serving: number
  /** From the node request to a booted node (cloud provisioning, OS, drivers). */
  readonly booting: number
  /** Loading weights and warming the engine. */
  readonly loading: number
  /** Finishing in-flight work after a scale-down decision, until released. */
  readonly draining: number
}

/** The power figures of a pool's GPU the energy model needs. */
export interface GpuPower {
  readonly name: string
  /** Board power at full load (datasheet TDP). */
  readonly tdpWatts: number
  /** Board power when provisioned but idle (model loaded, nothing running). */
  readonly idleWatts: number
}

/** Seconds during which exactly `gpus` GPUs of a pool were provisioned (all states). */
export interface OccupancySegment {
  readonly gpus: number
  readonly seconds: number
}

/** One pool's specification and usage. */
export interface PoolUsage {
  readonly name: string
  readonly gpu: GpuPower
  readonly gpusPerNode: number
  /**
   * Node bounds. A reserved pool commits `min` nodes (a fixed pool: its node count); nodes beyond
   * are overflow. An owned pool owns `max` nodes (the hardware it may grow to is bought).
   */
  readonly nodes: { readonly min: number; readonly max: number; readonly initial: number }
  readonly provisionedGpuSeconds: ProvisionedGpuSeconds
  /**
   * Time at each provisioned GPU count; Σ gpus·seconds equals the total of
   * `provisionedGpuSeconds`. Lets a commitment of any size find the GPU-seconds above it.
   */
  readonly occupancy: ReadonlyArray<OccupancySegment>
  /** GPU-seconds with work running (a non-empty batch, a training step). */
  readonly busyGpuSeconds: number
}

/** One inference workload's usage. */
export interface WorkloadUsage {
  readonly name: string
  /** Busy GPU-seconds per pool name: the workload's replicas' busy time × GPUs per replica. */
  readonly busyGpuSecondsByPool: Readonly<Record<string, number>>
  /** GPU-seconds held for the workload: replicas × GPUs per replica × their lifetime. */
  readonly provisionedForGpuSeconds: number
  /** Tokens of completed requests. */
  readonly inputTokens: number
  readonly outputTokens: number
  /**
   * Share (0..1) of the workload's GPU time spent on input tokens (prefill) rather than output
   * tokens (decode); splits its cost between the per-1M-input and per-1M-output prices.
   */
  readonly inputShareOfGpuTime: number
}

/** One training job's usage (none until training jobs are simulated). */
export interface TrainingUsage {
  readonly name: string
  readonly gpuSecondsByPool: Readonly<Record<string, number>>
}

/** Everything the ledger prices. */
export interface Usage {
  /** The billed span: the horizon, or longer when batch work drains past it. */
  readonly spanSeconds: number
  readonly pools: ReadonlyArray<PoolUsage>
  readonly workloads: ReadonlyArray<WorkloadUsage>
  readonly training: ReadonlyArray<TrainingUsage>
}

/** Total provisioned GPU-seconds of a pool, every state included. */
export const provisionedTotal = (p: ProvisionedGpuSeconds): number => p.serving + p.booting + p.loading + p.draining
