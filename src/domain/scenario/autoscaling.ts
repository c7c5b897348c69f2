/** `autoscaling:` — policies that add and remove nodes of elastic pools for a workload. */
import { Schema } from "effect"
import { Duration, Fraction, TimeOfDay } from "../units.ts"
import { described, Name, NonEmptyList, NonNegativeInt, optional, PositiveInt, withDefault } from "./fields.ts"

export const Autoscaler = Schema.Struct({
  name: described(Name, "Autoscaler name."),
  workload: described(Schema.String, "Inference workload it scales."),
  pools: described(NonEmptyList(Schema.String), "Pools it may add nodes to or remove them from."),
  metric: withDefault(Schema.Literals(["queueDepth", "kvUtilization", "gpuBusy", "ttftP90"]), "queueDepth", "Signal compared with the target."),
  target: described(Schema.Finite.check(Schema.isGreaterThan(0)), "Target value of the metric (per replica for queueDepth; a fraction for kvUtilization and gpuBusy; seconds for ttftP90)."),
  interval: withDefault(Duration, "15s", "Evaluation period (Kubernetes HPA sync period 15 s)."),
  tolerance: withDefault(Fraction, 0.1, "No change while |metric/target − 1| ≤ tolerance (HPA default 0.1)."),
  scaleUpLimit: optional(PositiveInt, "Most nodes added per evaluation."),
  scaleDownAfter: withDefault(Duration, "5m", "Stabilization before removing nodes (HPA default 300 s)."),
  schedule: optional(
    Schema.Array(
      Schema.Struct({
        from: described(TimeOfDay, "Start of the window, HH:MM (every day)."),
        to: described(TimeOfDay, "End of the window, HH:MM; may wrap past midnight."),
        minNodes: described(NonNegativeInt, "Nodes to keep at least inside the window."),
      }),
    ),
    "Pre-warm before known peaks: a minimum node count in daily windows.",
  ),
})
export type Autoscaler = typeof Autoscaler.Type

