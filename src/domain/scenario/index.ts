/**
 * The scenario: the whole YAML document, as an Effect Schema. This is the contract of
 * SCENARIO.md; names here are what users' files use. Decoding applies the documented defaults;
 * cross-field rules (references, uniqueness, capacities) live in `rules.ts`.
 */
import { Schema } from "effect"
import { Duration } from "../units.ts"
import { Autoscaler } from "./autoscaling.ts"
import { described, NonNegativeInt, optional, PositiveInt, withDefault } from "./fields.ts"
import { GpusSection } from "./gpus.ts"
import { Workload } from "./inference.ts"
import { ModelEntry } from "./models.ts"
import { Facility, Pool } from "./pools.ts"
import { Quote } from "./quote.ts"
import { Search } from "./search.ts"
import { TrainingJob } from "./training.ts"

export const Scenario = Schema.Struct({
  name: described(Schema.String.check(Schema.isMinLength(1)), "What this scenario is, in a few words."),
  description: optional(Schema.String, "The question this scenario answers."),
  seed: withDefault(NonNegativeInt, 1, "Random seed: same seed, same report, byte for byte."),
  horizon: withDefault(Duration, "1d", "Simulated span."),
  replications: withDefault(PositiveInt, 1, "Independent runs (seed, seed+1, …); reports means and 95% intervals."),
  currency: withDefault(Schema.String.check(Schema.isMinLength(1)), "USD", "Currency of every price."),
  gpus: optional(GpusSection, "Add a GPU or override fields of a built-in one."),
  calibrations: optional(Schema.Array(Schema.String), "Calibration files written by `gpuplan calibrate --out` (paths relative to the scenario): their fitted efficiencies and overheads apply to their GPU, under any `gpus:` field the scenario writes itself."),
  models: withDefault(Schema.Array(ModelEntry), [], "Models used by workloads and jobs (built-in presets need no entry)."),
  pools: described(Schema.Array(Pool).check(Schema.isMinLength(1)), "GPU pools: nodes and how they are paid for."),
  facility: withDefault(Facility, {}, "Power and energy prices."),
  inference: withDefault(Schema.Array(Workload), [], "Inference workloads."),
  training: withDefault(Schema.Array(TrainingJob), [], "Training jobs."),
  autoscaling: withDefault(Schema.Array(Autoscaler), [], "Autoscaling policies for elastic pools."),
  quote: withDefault(Quote, {}, "How the proposal is priced."),
  search: optional(Search, "What `gpuplan size` may choose from (GPU types, tensor parallel, pricing, node counts, autoscaling); ignored by `run`."),
})

export type Scenario = typeof Scenario.Type
export type ScenarioInput = typeof Scenario.Encoded

export * from "./fields.ts"
export { Arrivals, Lengths, arrivalPatterns, lengthDistributions, type Workload } from "./inference.ts"
export { Pricing, type Pool } from "./pools.ts"
export { type TrainingJob } from "./training.ts"
export { type Autoscaler } from "./autoscaling.ts"
export { type Search } from "./search.ts"
export { type ModelEntry, requiredArchitecture } from "./models.ts"
export { type GpuOverride } from "./gpus.ts"
