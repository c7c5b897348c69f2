/**
 * `inference:` — a customer's serving demand: which model, on which pools, how requests arrive,
 * how long they are, the latency promise, and engine settings.
 */
import { Schema } from "effect"
import { Count, Duration, Fraction, Rate, TimeOfDay } from "../units.ts"
import {
  described,
  Name,
  NonEmptyList,
  optional,
  PercentileTargets,
  PositiveInt,
  PositiveNumber,
  PrecisionLiteral,
  withDefault,
} from "./fields.ts"

const Poisson = Schema.Struct({
  pattern: Schema.Literal("poisson"),
  rate: described(Rate, "Mean arrival rate, e.g. 20/s."),
})
const Constant = Schema.Struct({
  pattern: Schema.Literal("constant"),
  rate: described(Rate, "Evenly spaced arrivals at this rate."),
})
const Diurnal = Schema.Struct({
  pattern: Schema.Literal("diurnal"),
  meanRate: described(Rate, "Daily mean arrival rate."),
  peakToMean: withDefault(Schema.Finite.check(Schema.isGreaterThanOrEqualTo(1)), 1.8, "Peak rate divided by the mean."),
  peakAt: withDefault(TimeOfDay, "14:00", "Time of day of the peak (simulation starts at 00:00 Monday)."),
  weekendFactor: optional(Schema.Finite.check(Schema.isGreaterThanOrEqualTo(0)), "Multiplier on Saturday and Sunday rates."),
})
const Ramp = Schema.Struct({
  pattern: Schema.Literal("ramp"),
  from: described(Rate, "Rate at the start."),
  to: described(Rate, "Rate reached after `over`, then held."),
  over: described(Duration, "Length of the ramp."),
})
const Trace = Schema.Struct({
  pattern: Schema.Literal("trace"),
  file: described(Schema.String, "CSV path relative to the scenario: Azure columns (TIMESTAMP,ContextTokens,GeneratedTokens) or time,promptTokens,outputTokens."),
  rateScale: optional(PositiveNumber, "Multiply the arrival rate (2 = twice as many requests per second)."),
  timeScale: optional(PositiveNumber, "Stretch time (2 = twice as slow)."),
  loop: optional(Schema.Boolean, "Repeat the trace until the horizon."),
})
const Closed = Schema.Struct({
  pattern: Schema.Literal("closed"),
  concurrency: described(PositiveInt, "Clients, each with one request in flight."),
  thinkTime: optional(Duration, "Pause between a completion and the client's next request."),
  requests: optional(Count, "Total requests, then stop."),
})
const Batch = Schema.Struct({
  pattern: Schema.Literal("batch"),
  requests: described(Count, "Requests submitted at once."),
  at: optional(Duration, "When they are submitted."),
})

export const Arrivals = described(
  Schema.Union([Poisson, Constant, Diurnal, Ramp, Trace, Closed, Batch]),
  "How requests arrive: poisson, constant, diurnal, ramp, trace, closed or batch.",
)
export const arrivalPatterns = ["poisson", "constant", "diurnal", "ramp", "trace", "closed", "batch"] as const

const Fixed = Schema.Struct({
  distribution: Schema.Literal("fixed"),
  value: described(Count, "Every request has this many tokens."),
  max: optional(Count, "Cap."),
})
const Uniform = Schema.Struct({
  distribution: Schema.Literal("uniform"),
  min: described(Count, "Smallest length."),
  max: described(Count, "Largest length."),
})
const Lognormal = Schema.Struct({
  distribution: Schema.Literal("lognormal"),
  mean: described(Count, "Mean length in tokens."),
  p99: optional(Count, "99th percentile length (gives the spread)."),
  sigma: optional(PositiveNumber, "Log-space standard deviation (instead of p99)."),
  max: optional(Count, "Cap."),
})
const Empirical = Schema.Struct({
  distribution: Schema.Literal("empirical"),
  file: described(Schema.String, "CSV with one column of lengths, relative to the scenario."),
  max: optional(Count, "Cap."),
})
export const Lengths = described(
  Schema.Union([Fixed, Uniform, Lognormal, Empirical]),
  "Token length distribution: fixed, uniform, lognormal or empirical.",
)
export const lengthDistributions = ["fixed", "uniform", "lognormal", "empirical"] as const

export const Slo = Schema.Struct({
  ttft: optional(PercentileTargets, "Time to first token targets, e.g. { p99: 2s }."),
  tpot: optional(PercentileTargets, "Time per output token targets, e.g. { p99: 150ms }."),
  e2e: optional(PercentileTargets, "End-to-end latency targets."),
  attainment: optional(Fraction, "Share of requests that must meet every per-request target (default: the strictest percentile)."),
})

export const Engine = Schema.Struct({
  maxBatch: withDefault(PositiveInt, 256, "Most sequences in one iteration (vLLM max_num_seqs default 256)."),
  prefillChunk: withDefault(PositiveInt, 2048, "Prompt tokens per iteration with chunked prefill (vLLM max_num_batched_tokens)."),
  memoryUtilization: withDefault(Fraction, 0.9, "Share of GPU memory the engine may use (vLLM gpu_memory_utilization default 0.9)."),
  router: withDefault(Schema.Literals(["least-outstanding", "round-robin"]), "least-outstanding", "How requests are spread over replicas."),
})

export const Replica = Schema.Struct({
  tensorParallel: withDefault(PositiveInt, 1, "GPUs per replica sharing each layer (inside one node)."),
  pipelineParallel: withDefault(PositiveInt, 1, "Pipeline stages per replica."),
})

export const Workload = Schema.Struct({
  name: described(Name, "Workload name."),
  model: described(Schema.String, "A model from `models:` or a built-in preset."),
  weights: withDefault(PrecisionLiteral, "bf16", "Weight precision."),
  kvCache: optional(PrecisionLiteral, "KV-cache precision; the weight precision when absent (bf16 for int4 weights)."),
  replica: withDefault(Replica, {}, "Parallelism of one replica."),
  replicas: optional(PositiveInt, "Most replicas of this workload; as many as its pools hold when absent."),
  pools: optional(NonEmptyList(Schema.String), "Pools to place replicas on, in order of preference; every pool when absent."),
  arrivals: Arrivals,
  promptTokens: optional(Lengths, "Prompt length distribution (from the trace for trace arrivals)."),
  outputTokens: optional(Lengths, "Output length distribution (from the trace for trace arrivals)."),
  slo: optional(Slo, "Latency promises."),
  engine: withDefault(Engine, {}, "Serving engine settings."),
})
export type Workload = typeof Workload.Type
