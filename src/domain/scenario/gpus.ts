/**
 * `gpus:` — add a GPU or override fields of a built-in one. Every field is optional; a new name
 * needs `base` (a built-in to start from) unless it gives every figure the model needs.
 *
 * ```yaml
 * gpus:
 *   H100-SXM: { efficiency: { memory: 0.75 } }
 *   H100-NVL: { base: H100-SXM, memory: 94GB, memoryBandwidth: 3.9TB/s, tdp: 400 }
 * ```
 */
import { Schema } from "effect"
import { Count, Duration, Fraction, Memory, Money } from "../units.ts"
import { Bandwidth } from "./bandwidth.ts"
import { described, optional, PositiveInt, PositiveNumber, NonNegativeNumber } from "./fields.ts"

const Flops = Schema.Struct({
  fp32: optional(Count, "Dense FP32 tensor FLOP/s, e.g. 67T."),
  bf16: optional(Count, "Dense BF16 tensor FLOP/s (no sparsity), e.g. 989T."),
  fp16: optional(Count, "Dense FP16 tensor FLOP/s (no sparsity)."),
  fp8: optional(Count, "Dense FP8 tensor FLOP/s (no sparsity), e.g. 1979T."),
  int8: optional(Count, "Dense INT8 tensor OP/s."),
  int4: optional(Count, "Dense INT4 tensor OP/s."),
  fp4: optional(Count, "Dense FP4 tensor FLOP/s."),
})

const Efficiency = Schema.Struct({
  prefillCompute: optional(Fraction, "Achieved fraction of peak FLOP/s in prefill."),
  decodeCompute: optional(Fraction, "Achieved fraction of peak FLOP/s in decode."),
  memory: optional(Fraction, "Achieved fraction of peak memory bandwidth."),
  interconnect: optional(Fraction, "Achieved fraction of link bandwidth in tensor-parallel all-reduce."),
})

const Overheads = Schema.Struct({
  step: optional(Duration, "Fixed time per engine iteration (scheduling, sampling, launch)."),
  layer: optional(Duration, "Fixed time per transformer layer per iteration (kernel launches)."),
  request: optional(Duration, "Fixed time per sequence in the batch per iteration."),
  allReduceLatency: optional(Duration, "Latency of one all-reduce collective."),
})

const Prices = Schema.Struct({
  onDemandPerGpuHour: optional(Money, "Reference on-demand price per GPU-hour."),
  reservedPerGpuHour: optional(Money, "Reference 1-year reserved price per GPU-hour."),
  spotPerGpuHour: optional(Money, "Reference spot price per GPU-hour."),
  capexPerGpu: optional(Money, "Purchase price per GPU including its share of server and network."),
  source: optional(Schema.String, "Where these prices come from."),
  asOf: optional(Schema.String, "Date the prices were true (YYYY-MM-DD)."),
})

export const GpuOverride = described(
  Schema.Struct({
    base: optional(Schema.String, "Built-in GPU to start from (for a new name)."),
    flops: optional(Flops, "Dense tensor throughput per precision."),
    memory: optional(Memory, "Memory per GPU, e.g. 80GiB or 141GB."),
    memoryBandwidth: optional(Bandwidth, "Memory bandwidth per GPU, e.g. 3.35TB/s."),
    tdp: optional(PositiveNumber, "Board power at full load, watts."),
    idlePower: optional(NonNegativeNumber, "Power when idle, watts."),
    gpusPerNode: optional(PositiveInt, "GPUs in one node of this type."),
    intraNodeBandwidth: optional(Bandwidth, "Per-GPU link bandwidth inside a node (NVLink), one direction."),
    interNodeBandwidth: optional(Bandwidth, "Per-GPU network bandwidth across nodes."),
    efficiency: optional(Efficiency, "Roofline efficiencies of the performance model."),
    overheads: optional(Overheads, "Fixed overheads of an engine iteration."),
    mfu: optional(Fraction, "Default model FLOPs utilization for training."),
    prices: optional(Prices, "Reference prices used when a pool gives none."),
    source: optional(Schema.String, "Where the efficiency and overhead figures come from (set from `calibrations:`; shown in reports)."),
  }),
  "Fields of a GPU to override, or a new GPU (with `base`).",
)
export type GpuOverride = typeof GpuOverride.Type

export const GpusSection = Schema.Record(Schema.String, GpuOverride)
