/**
 * `search:` — what `gpuplan size` may choose from to find the cheapest fleet that meets every SLO of
 * one inference workload. The scenario's own demand and SLOs are the requirement; its `pools` and
 * `autoscaling` are replaced by each candidate (a baseline pool, optionally an autoscaled burst pool).
 *
 * ```yaml
 * search:
 *   workload: chat
 *   gpus: [H100-SXM, H200]
 *   tensorParallel: [2, 4, 8]
 *   baseline:
 *     pricing: [{ kind: reserved, term: 12mo }, { kind: on-demand }]
 *     nodes: { min: 1, max: 16 }
 *   burst: { pricing: { kind: on-demand }, maxNodes: [0, 2, 4], targets: [8, 16] }
 *   # a mixed fleet: burst: { gpus: [H100-SXM], pricing: [{ kind: on-demand }, { kind: spot }], … }
 *   objective: totalCost
 *   verify: 3
 *   replications: 3
 *   horizon: 2h
 * ```
 */
import { Schema } from "effect"
import { Duration } from "../units.ts"
import { Pricing } from "./pools.ts"
import { described, NonEmptyList, NonNegativeInt, optional, PositiveInt, withDefault } from "./fields.ts"

export const SearchBaseline = Schema.Struct({
  pricing: described(NonEmptyList(Pricing), "Ways to pay for the baseline pool; a price left out is the GPU's catalog price, so one entry serves every GPU type."),
  nodes: described(
    Schema.Struct({
      min: withDefault(PositiveInt, 1, "Fewest baseline nodes tried."),
      max: described(PositiveInt, "Most baseline nodes tried."),
    }),
    "Range of baseline node counts tried (every count in it).",
  ),
})

export const SearchBurst = Schema.Struct({
  pricing: described(
    Schema.Union([Pricing, NonEmptyList(Pricing)]),
    "How the burst pool is paid for (usually on-demand or spot); a list tries each (a price left out is the GPU's catalog price).",
  ),
  gpus: optional(NonEmptyList(Schema.String), "GPU types tried for the burst pool (a mixed fleet when one differs from the baseline's); the baseline's GPU when absent."),
  maxNodes: described(NonEmptyList(NonNegativeInt), "Burst pool sizes tried (its max nodes; 0 = no burst pool)."),
  targets: described(NonEmptyList(Schema.Finite.check(Schema.isGreaterThan(0))), "Autoscaling targets tried (requests waiting or running per replica, the queueDepth metric)."),
  provisioning: optional(Schema.Struct({ nodeBoot: optional(Duration, "From request to a booted node."), modelLoad: optional(Duration, "Loading weights.") }), "Timing of adding a burst node; the pool defaults when absent."),
})

export const Search = Schema.Struct({
  workload: optional(Schema.String, "The inference workload to size; the first one when absent."),
  gpus: described(NonEmptyList(Schema.String), "GPU types tried (built-in or from `gpus:`)."),
  tensorParallel: described(NonEmptyList(PositiveInt), "Tensor-parallel degrees tried (GPUs per replica)."),
  baseline: described(SearchBaseline, "The always-on pool: pricing kinds and node counts tried."),
  burst: optional(SearchBurst, "An optional elastic pool that an autoscaler grows for the peaks."),
  objective: withDefault(Schema.Literals(["totalCost", "perMillionTokens"]), "totalCost", "What is minimized, subject to every SLO: the fleet's total cost over the horizon, or its cost per 1M tokens."),
  verify: withDefault(PositiveInt, 3, "How many of the best screened candidates the discrete-event engine verifies at most, cheapest first."),
  replications: withDefault(PositiveInt, 3, "Replications per verified candidate; a winner meets every SLO in every one of them."),
  horizon: optional(Duration, "Simulated span of each verification run; the scenario's horizon when absent."),
})
export type Search = typeof Search.Type
