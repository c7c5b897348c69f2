/**
 * Shapes of the built-in catalogs. A scenario's `gpus:` section overrides any field of a GpuSpec
 * (deep partial); `models:` entries start from a ModelSpec preset or give the architecture.
 * All quantities are in base units: bytes, bytes/s, FLOP/s, watts, seconds, currency units.
 */

/** Numeric precisions the performance model knows. */
export type Precision = "fp32" | "bf16" | "fp16" | "fp8" | "int8" | "int4" | "fp4"

/** Where a figure comes from: a citation and the date it was true. */
export interface Source {
  readonly source: string
  readonly asOf: string // ISO date, e.g. "2025-06-01"
}

/** Roofline efficiencies (0..1) applied to peak figures. Calibrated defaults per GPU. */
export interface GpuEfficiency {
  /** Achieved fraction of peak dense FLOP/s during prefill (large GEMMs). */
  readonly prefillCompute: number
  /** Achieved fraction of peak dense FLOP/s during decode (skinny GEMMs). */
  readonly decodeCompute: number
  /** Achieved fraction of peak memory bandwidth when streaming weights and KV cache. */
  readonly memory: number
  /** Achieved fraction of link bandwidth for tensor-parallel all-reduce. */
  readonly interconnect: number
}

/** Fixed costs of a serving engine iteration that no roofline sees (kernel launches, scheduling). */
export interface GpuOverheads {
  /** Per engine iteration (scheduler, sampling, launch of the step). */
  readonly stepSeconds: number
  /** Per transformer layer per iteration (kernel launches, small ops). */
  readonly layerSeconds: number
  /** Per sequence in the batch per iteration (sampling, detokenize, bookkeeping). */
  readonly requestSeconds: number
  /** Latency term of one all-reduce (per collective, not per byte). */
  readonly allReduceLatencySeconds: number
}

/** Reference prices of a GPU, each with its source and as-of date. */
export interface GpuPrices {
  readonly onDemandPerGpuHour: number
  readonly reservedPerGpuHour: number
  readonly spotPerGpuHour: number
  /** Purchase price per GPU including its share of server and network. */
  readonly capexPerGpu: number
  readonly source: string
  readonly asOf: string
}

export interface GpuSpec {
  readonly name: string
  /** Dense (no sparsity) tensor throughput by precision, FLOP/s. Missing = unsupported. */
  readonly flops: Readonly<Partial<Record<Precision, number>>>
  readonly memoryBytes: number
  readonly memoryBandwidthBytesPerSecond: number
  readonly tdpWatts: number
  readonly idleWatts: number
  /** GPUs in a standard node of this type (HGX/DGX: 8). */
  readonly gpusPerNode: number
  /** Per-GPU bandwidth to peers inside a node (NVLink / Infinity Fabric / PCIe), one direction, bytes/s. */
  readonly intraNodeBytesPerSecond: number
  /** Per-GPU bandwidth across nodes (InfiniBand/RoCE), bytes/s. */
  readonly interNodeBytesPerSecond: number
  readonly efficiency: GpuEfficiency
  readonly overheads: GpuOverheads
  /** Default model FLOPs utilization for training on this GPU class. */
  readonly defaultMfu: number
  readonly prices: GpuPrices
  readonly specSource: Source
}

export interface ModelSpec {
  readonly name: string
  /** Total parameters (memory). For dense models equal to activeParams. */
  readonly totalParams: number
  /** Parameters touched per token (compute). MoE: shared + activeExperts experts. */
  readonly activeParams: number
  readonly layers: number
  readonly hidden: number
  readonly heads: number
  readonly kvHeads: number
  readonly headDim: number
  /** FFN intermediate size (per expert for MoE). */
  readonly ffn: number
  readonly vocab: number
  /** MoE: routed experts per layer and experts active per token; absent for dense. */
  readonly experts?: number
  readonly activeExperts?: number
  readonly contextLength: number
  /** Published total parameter count this spec is checked against, with its source. */
  readonly publishedParams: number
  readonly source: string
  /** Published active parameter count (MoE), checked like publishedParams. */
  readonly publishedActiveParams?: number
  /** FFN form: "swiglu" (gate, up, down: 3 matrices; Llama, Mixtral, DeepSeek) or "gelu" (up, down: 2; GPT). Default swiglu. */
  readonly ffnKind?: "swiglu" | "gelu"
  /** GPT-style biases on every linear layer and LayerNorm (2 vectors per norm). Default false (Llama: RMSNorm, no biases). */
  readonly linearBiases?: boolean
  /** Input embedding and LM head share one matrix (GPT-2 style). Default false. */
  readonly tiedEmbeddings?: boolean
  /** Learned position embeddings (rows), GPT-style. Default 0 (rotary). */
  readonly positionEmbeddings?: number
  /** MoE: always-active shared experts per MoE layer (DeepSeek: 1). Default 0. */
  readonly sharedExperts?: number
  /** MoE: the first `denseLayers` layers are dense with FFN size `denseFfn` (DeepSeek-V3: 3 × 18432). */
  readonly denseLayers?: number
  readonly denseFfn?: number
  /** Multi-head latent attention (DeepSeek-V2/V3) projection sizes. */
  readonly mla?: {
    readonly qLoraRank: number
    readonly kvLoraRank: number
    readonly qkNopeHeadDim: number
    readonly qkRopeHeadDim: number
    readonly vHeadDim: number
  }
  /** KV-cache elements per token per layer when not 2·kvHeads·headDim (MLA: kvLoraRank + rope dim = 576). */
  readonly kvElementsPerTokenPerLayer?: number
}
