/**
 * Which serving replicas live on which nodes: a replica is added to the serving engine when its
 * node (or, for pipeline stages across nodes, its group of nodes) is up with the model loaded, and
 * removed — its requests re-queued by the engine — when a node of it is lost or given up.
 */
import type { ServingSimulation } from "../serving/simulation.ts"
import type { FleetNode } from "./node.ts"
import type { FleetSpec } from "./spec.ts"

export class NodeReplicas {
  /** pool[w][replicaId] = pool index of the replica's nodes. */
  readonly pool: number[][]

  constructor(
    private readonly spec: FleetSpec,
    private readonly sim: ServingSimulation,
    private readonly nodes: ReadonlyArray<FleetNode>,
  ) {
    this.pool = spec.workloads.map(() => [])
  }

  /** Remove the node's serving replicas (the engine re-queues their requests); returns how many. */
  drop(n: FleetNode, t: number, w = n.workload): number {
    const ids = n.replicas
    n.replicas = []
    this.orphanPartners(n, ids, w)
    const live = this.sim.liveReplicaIds(w)
    let dropped = 0
    for (const id of ids)
      if (live.includes(id)) {
        this.sim.removeReplica(w, id, t)
        dropped++
      }
    return dropped
  }

  /** A node finished loading: it hosts its share of replicas (or completes a multi-node group). */
  form(n: FleetNode, t: number): void {
    const w = this.spec.workloads[n.workload]!
    if (w.replicasPerNode > 0) this.add([n], n.workload, w.replicasPerNode, t)
    else this.formGroups(n.workload, n.pool, t)
  }

  /** A replica spanning nodes (pipeline stages) serves once enough of its workload's nodes are up without one. */
  formGroups(w: number, p: number, t: number): void {
    const size = Math.ceil(this.spec.workloads[w]!.gpusPerReplica / this.spec.pools[p]!.gpusPerNode)
    const free = this.nodes.filter((n) => n.pool === p && n.workload === w && n.state === "up" && n.use === "inference" && n.replicas.length === 0)
    while (free.length >= size) this.add(free.splice(0, size), w, 1, t)
  }

  /** The other nodes of a multi-node replica that was just removed: they wait for a new partner. */
  private orphanPartners(n: FleetNode, ids: ReadonlyArray<number>, w: number): void {
    if (ids.length === 0 || this.spec.workloads[w]!.replicasPerNode > 0) return
    for (const m of this.nodes) if (m !== n && m.workload === w && m.replicas.some((id) => ids.includes(id))) m.replicas = []
  }

  /** Add `count` replicas of workload `w` on `group` (one node, or the nodes of one multi-node replica). */
  add(group: FleetNode[], w: number, count: number, t: number): void {
    const kind = this.spec.workloads[w]!.kindByPool[group[0]!.pool] ?? 0
    for (let k = 0; k < count; k++) {
      const id = this.sim.addReplica(w, t, kind)
      this.pool[w]![id] = group[0]!.pool
      for (const n of group) n.replicas.push(id)
    }
  }
}
