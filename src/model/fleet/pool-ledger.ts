/**
 * Time accounting of one pool's nodes: how many are in each state at every moment, integrated into
 * GPU-seconds per state, node-seconds (for the mean node count) and occupancy (seconds at each
 * provisioned GPU count), because provisioned-but-not-serving time is paid for.
 */

/** Node states, in the order of a node's life. `up` = booted with its model loaded (serving, training or idle). */
export const NODE_STATES = ["booting", "loading", "up", "draining", "repairing"] as const
export type NodeState = (typeof NODE_STATES)[number] | "released"

/** What an `up` node is doing, for the finer split of up time. */
export type UpUse = "inference" | "training" | "idle"

const STATE_INDEX: Readonly<Record<NodeState, number>> = { booting: 0, loading: 1, up: 2, draining: 3, repairing: 4, released: -1 }
const USE_INDEX: Readonly<Record<UpUse, number>> = { inference: 0, training: 1, idle: 2 }

/** GPU-seconds of a pool per state. */
export interface PoolStateSeconds {
  readonly booting: number
  readonly loading: number
  /** Up: serving inference, training or idle (model loaded). */
  readonly up: number
  readonly draining: number
  readonly repairing: number
  /** Split of `up`. */
  readonly upInference: number
  readonly upTraining: number
  readonly upIdle: number
}

export class PoolLedger {
  private readonly counts = new Float64Array(5)
  private readonly useCounts = new Float64Array(3)
  private readonly gpuSeconds = new Float64Array(5)
  private readonly useGpuSeconds = new Float64Array(3)
  private readonly occupancy = new Map<number, number>()
  private nodeSeconds = 0
  private since = 0

  constructor(readonly gpusPerNode: number) {}

  /** Nodes currently provisioned (every state but released). */
  get provisionedNodes(): number {
    const c = this.counts
    return c[0]! + c[1]! + c[2]! + c[3]! + c[4]!
  }

  /** Nodes currently up and serving inference. */
  get servingNodes(): number {
    return this.useCounts[0]!
  }

  /** Move one node from `from` to `to` at `timeSeconds` (use: what the node does when up). */
  move(timeSeconds: number, from: NodeState | null, fromUse: UpUse | null, to: NodeState, toUse: UpUse | null): void {
    this.advance(timeSeconds)
    if (from !== null && from !== "released") this.counts[STATE_INDEX[from]]!--
    if (fromUse !== null && from === "up") this.useCounts[USE_INDEX[fromUse]]!--
    if (to !== "released") this.counts[STATE_INDEX[to]]!++
    if (toUse !== null && to === "up") this.useCounts[USE_INDEX[toUse]]!++
  }

  /** Integrate up to `timeSeconds`. */
  advance(timeSeconds: number): void {
    const dt = timeSeconds - this.since
    if (dt <= 0) return
    const g = this.gpusPerNode
    for (let i = 0; i < 5; i++) this.gpuSeconds[i]! += this.counts[i]! * g * dt
    for (let i = 0; i < 3; i++) this.useGpuSeconds[i]! += this.useCounts[i]! * g * dt
    const n = this.provisionedNodes
    this.nodeSeconds += n * dt
    const gpus = n * g
    this.occupancy.set(gpus, (this.occupancy.get(gpus) ?? 0) + dt)
    this.since = timeSeconds
  }

  /** GPU-seconds per state so far. */
  stateSeconds(): PoolStateSeconds {
    const s = this.gpuSeconds
    const u = this.useGpuSeconds
    return { booting: s[0]!, loading: s[1]!, up: s[2]!, draining: s[3]!, repairing: s[4]!, upInference: u[0]!, upTraining: u[1]!, upIdle: u[2]! }
  }

  /** Node-seconds so far (÷ span = mean node count). */
  get provisionedNodeSeconds(): number {
    return this.nodeSeconds
  }

  /** Seconds at each provisioned GPU count, ascending by count, zero-length ones left out. */
  occupancySegments(): Array<{ gpus: number; seconds: number }> {
    return [...this.occupancy.entries()].filter(([, s]) => s > 0).sort((a, b) => a[0] - b[0]).map(([gpus, seconds]) => ({ gpus, seconds }))
  }
}
