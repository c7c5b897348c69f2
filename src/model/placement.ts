/**
 * Static placement of inference replicas on the pools' starting nodes: each workload fills its pools
 * in preference order; a replica's tensor-parallel group stays inside one node (pipeline stages may
 * span nodes); nodes a pool shares between workloads are split evenly among them (whole nodes), and a
 * workload's `replicas` cap is respected. Fleet dynamics (autoscaling, failures) start from this.
 */
export interface PlacementPool {
  readonly name: string
  readonly gpusPerNode: number
  readonly nodes: number
}

export interface PlacementWorkload {
  readonly name: string
  /** GPUs per replica (tensor × pipeline). */
  readonly gpusPerReplica: number
  readonly tensorParallel: number
  /** Pool names in preference order. */
  readonly pools: ReadonlyArray<string>
  readonly maxReplicas?: number
}

/** Replicas per workload per pool, and GPUs left unused per pool. */
export interface Placement {
  /** replicas[w][poolName] */
  readonly replicas: ReadonlyArray<Readonly<Record<string, number>>>
  readonly idleGpus: Readonly<Record<string, number>>
}

/** Replicas that fit on `nodes` nodes of `gpusPerNode` GPUs. */
export const replicasOnNodes = (nodes: number, gpusPerNode: number, gpusPerReplica: number, tensorParallel: number): number => {
  if (tensorParallel > gpusPerNode) return 0
  if (gpusPerReplica <= gpusPerNode) return nodes * Math.floor(gpusPerNode / gpusPerReplica)
  return Math.floor(nodes / Math.ceil(gpusPerReplica / gpusPerNode))
}

/** Nodes one replica occupies (fractional when several share a node). */
export const nodesPerReplica = (gpusPerNode: number, gpusPerReplica: number): number =>
  gpusPerReplica <= gpusPerNode ? 1 / Math.floor(gpusPerNode / gpusPerReplica) : Math.ceil(gpusPerReplica / gpusPerNode)

export const placeReplicas = (pools: ReadonlyArray<PlacementPool>, workloads: ReadonlyArray<PlacementWorkload>): Placement => {
  const nodesLeft = new Map(pools.map((p) => [p.name, p.nodes]))
  const byName = new Map(pools.map((p) => [p.name, p]))
  const sharers = new Map<string, number>()
  for (const w of workloads) for (const p of w.pools) sharers.set(p, (sharers.get(p) ?? 0) + 1)
  const replicas = workloads.map((w) => {
    const out: Record<string, number> = {}
    let placed = 0
    const cap = w.maxReplicas ?? Infinity
    for (const name of w.pools) {
      const pool = byName.get(name)
      const sharing = Math.max(1, sharers.get(name) ?? 1)
      sharers.set(name, sharing - 1)
      if (!pool || placed >= cap) continue
      const left = nodesLeft.get(name) ?? 0
      const share = Math.ceil(left / sharing)
      const fit = replicasOnNodes(share, pool.gpusPerNode, w.gpusPerReplica, w.tensorParallel)
      const take = Math.min(fit, cap - placed)
      const usedNodes = Math.min(share, Math.ceil(take * nodesPerReplica(pool.gpusPerNode, w.gpusPerReplica) - 1e-9))
      nodesLeft.set(name, left - usedNodes)
      if (take > 0) out[name] = take
      placed += take
    }
    return out
  })
  const idleGpus: Record<string, number> = {}
  for (const p of pools) {
    const used = workloads.reduce((sum, w, i) => sum + (replicas[i]![p.name] ?? 0) * w.gpusPerReplica, 0)
    idleGpus[p.name] = p.nodes * p.gpusPerNode - used
  }
  return { replicas, idleGpus }
}
