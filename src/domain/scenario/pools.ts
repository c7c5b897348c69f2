/**
 * `pools:` — sets of identical nodes and how they are paid for.
 *
 * ```yaml
 * pools:
 *   - { name: reserved, gpu: H100-SXM, nodes: 4, pricing: { kind: reserved, perGpuHour: 1.85, term: 12mo } }
 *   - name: burst
 *     gpu: H100-SXM
 *     nodes: { min: 0, max: 12, initial: 0 }
 *     provisioning: { nodeBoot: 5m, modelLoad: 90s }
 *     pricing: { kind: on-demand, perGpuHour: 2.99 }
 * ```
 */
import { Schema } from "effect"
import { Duration, Money } from "../units.ts"
import { Bandwidth } from "./bandwidth.ts"
import { described, Name, NonNegativeInt, NonNegativeNumber, optional, PositiveInt, withDefault } from "./fields.ts"

export const NodeRange = Schema.Struct({
  min: withDefault(NonNegativeInt, 0, "Fewest nodes the pool may shrink to."),
  max: described(PositiveInt, "Most nodes the pool may grow to."),
  initial: optional(NonNegativeInt, "Nodes at the start; `min` when absent."),
})

export const Provisioning = Schema.Struct({
  nodeBoot: withDefault(Duration, "5m", "From request to a booted node (cloud provisioning + init)."),
  modelLoad: optional(Duration, "Loading weights and warming the engine; derived from weight bytes and loadBandwidth when absent."),
  loadBandwidth: optional(Bandwidth, "Bandwidth for loading weights, used when modelLoad is absent."),
  release: withDefault(Duration, "0s", "From release request to the node no longer being paid for."),
})

export const Failures = Schema.Struct({
  perGpuDay: withDefault(NonNegativeNumber, 4.7e-4, "Unexpected interruptions per GPU per day (Llama 3 405B: 419 in 54 days on 16,384 H100)."),
  repair: withDefault(Duration, "4h", "Time to repair or replace a failed node."),
  hotSpares: withDefault(NonNegativeInt, 0, "Idle spare nodes that replace a failed one at once."),
})

const OnDemand = Schema.Struct({
  kind: Schema.Literal("on-demand"),
  perGpuHour: optional(Money, "Price per GPU-hour while provisioned; the GPU's reference price when absent."),
})
const Reserved = Schema.Struct({
  kind: Schema.Literal("reserved"),
  perGpuHour: optional(Money, "Committed price per GPU-hour; the GPU's reference reserved price when absent."),
  term: withDefault(Duration, "12mo", "Length of the commitment."),
  overflowPerGpuHour: optional(Money, "On-demand price for nodes beyond the committed count, if the pool may grow past it."),
})
const Spot = Schema.Struct({
  kind: Schema.Literal("spot"),
  perGpuHour: optional(Money, "Spot price per GPU-hour; the GPU's reference spot price when absent."),
  interruptionsPerNodeDay: withDefault(NonNegativeNumber, 0.5, "Reclaims per node per day."),
})
const Owned = Schema.Struct({
  kind: Schema.Literal("owned"),
  capexPerGpu: optional(Money, "Purchase price per GPU with its share of server and network."),
  depreciation: withDefault(Duration, "5y", "Depreciation life (hyperscalers' filings: 5–6 years)."),
  colocationPerKwMonth: withDefault(NonNegativeNumber, 0, "Colocation price per kW of IT load per month."),
})

export const Pricing = described(
  Schema.Union([OnDemand, Reserved, Spot, Owned]),
  "How the pool is paid for: on-demand, reserved, spot or owned.",
)
export type Pricing = typeof Pricing.Type

export const Pool = Schema.Struct({
  name: described(Name, "Pool name, used by workloads, jobs and autoscalers."),
  gpu: described(Schema.String, "GPU type: a built-in (H100-SXM, H200, B200, …) or one from `gpus:`."),
  gpusPerNode: optional(PositiveInt, "GPUs per node; the GPU's standard node size when absent."),
  nodes: described(
    Schema.Union([PositiveInt, NodeRange]),
    "A fixed node count, or { min, max, initial } for an elastic pool.",
  ),
  provisioning: optional(Provisioning, "Timing of adding a node."),
  failures: optional(Failures, "Failure model; the Llama 3 rate when absent."),
  pricing: Pricing,
})
export type Pool = typeof Pool.Type

export const Facility = Schema.Struct({
  pue: withDefault(Schema.Finite.check(Schema.isGreaterThanOrEqualTo(1)), 1.3, "Power usage effectiveness (Uptime Institute 2023: 1.58 average, ~1.1 hyperscale)."),
  electricityPerKwh: withDefault(Money, 0.0806, "Electricity price per kWh (EIA 2023 US industrial average)."),
})

