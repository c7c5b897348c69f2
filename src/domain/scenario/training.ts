/** `training:` — jobs that want a gang of GPUs for a number of tokens. */
import { Schema } from "effect"
import { Count, Duration, Fraction } from "../units.ts"
import { described, Name, NonEmptyList, NonNegativeInt, optional, PositiveInt, PrecisionLiteral, withDefault } from "./fields.ts"

export const Parallelism = Schema.Struct({
  tensor: withDefault(PositiveInt, 1, "Tensor-parallel degree (inside a node)."),
  pipeline: withDefault(PositiveInt, 1, "Pipeline stages."),
  zeroStage: withDefault(Schema.Literals([0, 1, 2, 3]), 1, "ZeRO stage across data parallel."),
  recompute: optional(
    Schema.Literals(["none", "selective", "full"]),
    "Activation recomputation; full re-runs each layer's forward in the backward pass (MFU × 3/4). Chosen when absent.",
  ),
})

export const Checkpoint = Schema.Struct({
  every: withDefault(Schema.Union([Schema.Literal("auto"), Duration]), "auto", "Checkpoint interval; auto = Young's sqrt(2·write·MTBF)."),
  write: withDefault(Duration, "2m", "Time to write one checkpoint."),
  restart: withDefault(Duration, "10m", "Time to restart after an interruption."),
})

export const TrainingJob = Schema.Struct({
  name: described(Name, "Job name."),
  model: described(Schema.String, "A model from `models:` or a built-in preset."),
  tokens: described(Count, "Training tokens, e.g. 200e9."),
  gpus: described(PositiveInt, "GPUs in the gang."),
  pools: optional(NonEmptyList(Schema.String), "Pools the job may run on; every pool when absent."),
  priority: withDefault(Schema.Literals(["dedicated", "background"]), "dedicated", "dedicated keeps its GPUs; background runs on idle GPUs and yields to inference."),
  start: withDefault(Duration, "0s", "Earliest start."),
  deadline: optional(Duration, "When it must be done (from the scenario start)."),
  mfu: optional(Fraction, "Model FLOPs utilization; the GPU's default when absent."),
  precision: withDefault(PrecisionLiteral, "bf16", "Training precision."),
  sequenceLength: withDefault(PositiveInt, 4096, "Tokens per sequence (attention FLOPs)."),
  parallelism: optional(Parallelism, "Layout; a feasible one is chosen and reported when absent."),
  checkpoint: withDefault(Checkpoint, {}, "Checkpointing."),
  restarts: optional(NonNegativeInt, "Give up after this many interruptions."),
})
export type TrainingJob = typeof TrainingJob.Type

