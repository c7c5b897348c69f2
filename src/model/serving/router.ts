/**
 * Picks the replica of a workload that receives a request.
 * - least-outstanding: fewest prompt + output tokens assigned and not yet finished (ties: the
 *   replica listed first), a cheap stand-in for "least loaded" that needs no per-step updates.
 * - round-robin: the live replicas in turn.
 */
import type { RouterKind } from "./types.ts"
import type { Replica } from "./replica.ts"

export class Router {
  private turn = 0

  constructor(readonly kind: RouterKind) {}

  /** The replica to use among `live` (non-empty). */
  pick(live: ReadonlyArray<Replica>): Replica {
    if (this.kind === "round-robin") {
      const r = live[this.turn % live.length]!
      this.turn = (this.turn + 1) % live.length
      return r
    }
    let best = live[0]!
    for (let i = 1; i < live.length; i++) {
      const r = live[i]!
      if (r.outstandingTokens < best.outstandingTokens) best = r
    }
    return best
  }
}
