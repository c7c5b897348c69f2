/** A node of the fleet and the questions the fleet asks about its nodes (few: node-level, so plain scans). */
import type { NodeState, UpUse } from "./pool-ledger.ts"

export interface FleetNode {
  readonly id: number
  readonly pool: number
  state: NodeState
  use: UpUse | null
  /** Workload it serves or is being prepared for (−1: none). */
  workload: number
  /** Training job it belongs to (−1: none). */
  job: number
  /** Serving replica ids (of `workload`) hosted. */
  replicas: number[]
  spare: boolean
  spareAfterRepair: boolean
  reclaiming: boolean
  /** Invalidates pending boot/load/release/repair events. */
  stepGen: number
  /** Invalidates pending failure and reclaim events. */
  lifeGen: number
}

/** Up, idle, not a spare, not being reclaimed, nobody's: up to `count` of them on pool `p`, oldest first. */
export const idleNodes = (nodes: ReadonlyArray<FleetNode>, p: number, count: number): FleetNode[] => {
  const out: FleetNode[] = []
  for (const n of nodes) {
    if (out.length >= count) break
    if (n.pool === p && n.state === "up" && n.use === "idle" && !n.spare && !n.reclaiming && n.workload < 0 && n.job < 0) out.push(n)
  }
  return out
}

/** Nodes of workload `w` on pool `p` that count toward its target: booting, loading or up, not being reclaimed. */
export const nodesOf = (nodes: ReadonlyArray<FleetNode>, w: number, p: number): number => {
  let c = 0
  for (const n of nodes) if (n.pool === p && n.workload === w && !n.reclaiming && (n.state === "booting" || n.state === "loading" || n.state === "up")) c++
  return c
}

/** The node of workload `w` on pool `p` to give up first: not serving yet before serving, newest first. */
export const pickToDrop = (nodes: ReadonlyArray<FleetNode>, w: number, p: number): FleetNode | undefined => {
  let best: FleetNode | undefined
  let bestRank = -1
  for (const n of nodes) {
    if (n.pool !== p || n.workload !== w || n.reclaiming || (n.state !== "booting" && n.state !== "loading" && n.state !== "up")) continue
    const rank = n.state === "booting" ? 3 : n.state === "loading" ? 2 : 1
    if (rank >= bestRank) {
      best = n
      bestRank = rank
    }
  }
  return best
}

/** Hot spares of pool `p` still provisioned, counting a failed node that will come back as the spare. */
export const countSpares = (nodes: ReadonlyArray<FleetNode>, p: number): number => {
  let c = 0
  for (const n of nodes) if (n.pool === p && (n.spare || n.spareAfterRepair) && n.state !== "released") c++
  return c
}
