/**
 * Built-in accelerators. Throughput is dense tensor FLOP/s (no 2:4 sparsity) from the vendor
 * datasheets listed in reference/calibration.md; every entry names its source and as-of date.
 *
 * Memory: vendors quote "80 GB"; the devices expose about that many GiB (nvidia-smi shows
 * 81,559 MiB = 79.6 GiB on an H100 80GB, 143,771 MiB = 140.4 GiB on an H200 141GB, 183,359 MiB =
 * 179.1 GiB on a B200 180GB). We therefore store the vendor figure in GiB (80 GB → 80 · 2^30 B);
 * it is within 1% of what the runtime sees, and the memory-utilization headroom absorbs the rest.
 *
 * Roofline efficiencies and serving overheads live in ONE object per GPU generation below, so
 * calibration tunes a generation, never a single benchmark row.
 */
import type { GpuEfficiency, GpuOverheads, GpuPrices, GpuSpec } from "./types.ts"

const GiB = 2 ** 30
const TFLOPS = 1e12
const GBps = 1e9

/** Roofline efficiencies and fixed overheads shared by one GPU generation and software stack. */
export interface GenerationDefaults {
  readonly efficiency: GpuEfficiency
  readonly overheads: GpuOverheads
}

/**
 * Ampere (A100). Calibrated on kipply's FasterTransformer rows (13B FP16, A100-40GB, batch 1;
 * docs/calibration.md, bench/calibrate-defaults.ts). Starting point: calibration.md's bands —
 * decode memory-bandwidth efficiency 0.55–0.8, prefill compute 0.45–0.7.
 * - memory 0.8: batch-1 decode streams 26 GB of weights (+0.4 GB KV) in ~20.9 ms of the 22.0 ms
 *   measured, 1.26 TB/s of 1.555 = 0.81; the fit pins it at the band's top.
 * - prefillCompute 0.675: 512 tokens × 2·13e9 FLOP (+ causal attention) in 63.17 ms less ~1 ms of
 *   overheads = 0.68–0.69 of 312 TFLOP/s; the grid (step 0.025) lands on 0.675.
 * - decodeCompute 0.5: batch-1 rows never reach the compute roof, so unconstrained here; skinny
 *   GEMMs reach less of peak than prefill's (engineering assumption).
 * - interconnect 0.7, all-reduce latency 20 µs: NCCL small-message latency inside a node; TP2
 *   decode (13.5 ms measured, 80 all-reduces a step) comes out within 2%.
 * - step 0.5 ms, layer 15 µs, request 3 µs: a CUDA-graph-free C++ runtime (FasterTransformer) step
 *   plus ~10 kernel launches per layer at ~1.5 µs; the rows leave them flat within 0.2 pp of error.
 * Known miss: TP2 prefill 45.45 ms measured vs 36.6 ms (−20%): a 1.39× TP2 speedup of a
 * compute-bound pass is more than NVLink all-reduce of 5 MB messages explains; see
 * docs/calibration.md.
 */
export const AMPERE: GenerationDefaults = {
  efficiency: { prefillCompute: 0.675, decodeCompute: 0.5, memory: 0.8, interconnect: 0.7 },
  overheads: { stepSeconds: 0.5e-3, layerSeconds: 15e-6, requestSeconds: 3e-6, allReduceLatencySeconds: 20e-6 },
}

/**
 * Hopper (H100, H200). Calibrated on the TensorRT-LLM offline-throughput rows (Llama-3.1-8B FP8,
 * 1×H100 and 1×H200) and the vLLM latency-CI rows (Llama-3.1-8B and Llama-3-70B BF16 on H200):
 * coordinate descent in bench/calibrate-defaults.ts, 12 rows through the DES engine; mean absolute
 * error 5.2% with the previous values (memory 0.7, step 1 ms) → 3.8% (docs/calibration.md).
 * - memory 0.775: long-context rows (2048/2048, 20000/2000) are KV-read bound and want 0.775–0.8;
 *   0.8 (band top) gains only 0.3 pp more, part of which would be compensating for recompute
 *   preemptions that TensorRT-LLM's no-evict scheduler does not make.
 * - step 1.5 ms: with memory 0.775, vLLM's batch-8 step on H200 (≈6.5 ms: 16 GB of bf16 weights in
 *   4.3 ms + overheads) needs ~1.5 ms per iteration — vLLM's scheduler, sampling and input
 *   preparation; TensorRT-LLM's large-batch rows are insensitive to it.
 * - prefillCompute 0.6: large FP8/bf16 GEMMs reach ~60% of the dense peak; the 128/128 and 5000/500
 *   rows hold it within ±0.025. decodeCompute 0.5: the 128/128 rows (batch ~2048, compute-bound
 *   decode) hold it within ±0.025.
 * - layer 15 µs, request 3 µs, interconnect 0.7, all-reduce latency 20 µs: not constrained better
 *   than 0.2 pp by the rows; kept at their physical estimates (kernel launches; per-sequence
 *   sampling; NCCL small-message latency — the 70B TP4 row, 160 all-reduces a step, is within 2%).
 */
export const HOPPER: GenerationDefaults = {
  efficiency: { prefillCompute: 0.6, decodeCompute: 0.5, memory: 0.775, interconnect: 0.7 },
  overheads: { stepSeconds: 1.5e-3, layerSeconds: 15e-6, requestSeconds: 3e-6, allReduceLatencySeconds: 20e-6 },
}

/** Blackwell (B200): newer kernels reach a smaller share of a larger peak; otherwise as Hopper. */
export const BLACKWELL: GenerationDefaults = {
  efficiency: { prefillCompute: 0.55, decodeCompute: 0.45, memory: 0.7, interconnect: 0.7 },
  overheads: HOPPER.overheads,
}

/** Ada (L40S): GDDR6 streams well; no NVLink, so TP all-reduce crosses PCIe Gen4. */
export const ADA: GenerationDefaults = {
  efficiency: { prefillCompute: 0.6, decodeCompute: 0.5, memory: 0.75, interconnect: 0.7 },
  overheads: HOPPER.overheads,
}

/**
 * CDNA3 (MI300X) on ROCm: public GEMM benchmarks reach roughly half of the 1,307 TFLOP/s bf16 peak
 * and serving stacks are less tuned, hence lower efficiencies and a larger step overhead
 * (engineering assumption, to be calibrated).
 */
export const CDNA3: GenerationDefaults = {
  efficiency: { prefillCompute: 0.45, decodeCompute: 0.4, memory: 0.6, interconnect: 0.6 },
  overheads: { stepSeconds: 1.5e-3, layerSeconds: 20e-6, requestSeconds: 3e-6, allReduceLatencySeconds: 30e-6 },
}

/** Inter-node bandwidth per GPU: one 400 Gb/s NIC (NDR InfiniBand / 400G RoCE) per GPU = 50 GB/s. */
const NIC_400G = 50 * GBps
/** DGX A100: eight 200 Gb/s HDR NICs, one per GPU = 25 GB/s. Also PCIe servers with one 400G NIC per two GPUs. */
const NIC_200G = 25 * GBps

// Prices: calibration.md gives H100 figures; the other GPUs' prices are our estimates from public
// neocloud list prices (Lambda, RunPod, CoreWeave-class) and should be verified before quoting.
// Spot is an engineering assumption (~50% of on-demand, typical of spot/interruptible markets).
// Capex is per GPU including its share of server and network (calibration.md: 8×H100 server with
// InfiniBand ≈ $310k, ≈ $47–52k per GPU with network).
const prices = (
  onDemandPerGpuHour: number,
  reservedPerGpuHour: number,
  spotPerGpuHour: number,
  capexPerGpu: number,
  source: string,
  asOf: string,
): GpuPrices => ({ onDemandPerGpuHour, reservedPerGpuHour, spotPerGpuHour, capexPerGpu, source, asOf })

const ESTIMATE = "estimate from public neocloud list prices; reserved ≈ 0.7 × on-demand, spot ≈ 0.5 × on-demand (assumptions) — verify before quoting"

export const GPUS: Readonly<Record<string, GpuSpec>> = {
  "A100-40GB": {
    name: "A100-40GB",
    flops: { bf16: 312 * TFLOPS, fp16: 312 * TFLOPS, int8: 624 * TFLOPS },
    memoryBytes: 40 * GiB,
    memoryBandwidthBytesPerSecond: 1_555 * GBps,
    tdpWatts: 400,
    idleWatts: 55, // assumption: nvidia-smi idle with a model loaded is ~50–60 W on A100 SXM
    gpusPerNode: 8,
    intraNodeBytesPerSecond: 300 * GBps, // NVLink 3: 600 GB/s bidirectional
    interNodeBytesPerSecond: NIC_200G,
    ...AMPERE,
    defaultMfu: 0.45, // DESIGN.md; LLaMA-1 65B reached ~0.50 on A100-80GB (380 tok/s/GPU)
    prices: prices(1.29, 0.9, 0.65, 18_000, `Lambda on-demand A100 40GB SXM $1.29/h; rest ${ESTIMATE}`, "2025-06-01"),
    specSource: { source: "NVIDIA A100 Tensor Core GPU datasheet (SXM)", asOf: "2021-06-01" },
  },
  "A100-80GB": {
    name: "A100-80GB",
    flops: { bf16: 312 * TFLOPS, fp16: 312 * TFLOPS, int8: 624 * TFLOPS },
    memoryBytes: 80 * GiB,
    memoryBandwidthBytesPerSecond: 2_039 * GBps,
    tdpWatts: 400,
    idleWatts: 60, // assumption, as A100-40GB
    gpusPerNode: 8,
    intraNodeBytesPerSecond: 300 * GBps,
    interNodeBytesPerSecond: NIC_200G,
    ...AMPERE,
    defaultMfu: 0.45,
    prices: prices(1.79, 1.25, 0.9, 25_000, `Lambda on-demand A100 80GB SXM $1.79/h; rest ${ESTIMATE}`, "2025-06-01"),
    specSource: { source: "NVIDIA A100 Tensor Core GPU datasheet (SXM)", asOf: "2021-06-01" },
  },
  "H100-SXM": {
    name: "H100-SXM",
    flops: { bf16: 989 * TFLOPS, fp16: 989 * TFLOPS, fp8: 1_979 * TFLOPS, int8: 1_979 * TFLOPS },
    memoryBytes: 80 * GiB,
    memoryBandwidthBytesPerSecond: 3_350 * GBps,
    tdpWatts: 700,
    idleWatts: 70, // assumption: ~10% of TDP, nvidia-smi idle with a model loaded
    gpusPerNode: 8,
    intraNodeBytesPerSecond: 450 * GBps, // NVLink 4: 900 GB/s bidirectional
    interNodeBytesPerSecond: NIC_400G,
    ...HOPPER,
    defaultMfu: 0.4, // DESIGN.md (Llama 3 405B reported 38–43% BF16 MFU on H100)
    prices: prices(
      2.99,
      2.0,
      1.5,
      50_000,
      "on-demand: Lambda 8×H100 SXM $2.99/h (neocloud range $2.49–3.00); reserved: 1-year market index $1.70 (Oct 2025) → $2.35 (Mar 2026), midpoint; spot: assumption 0.5 × on-demand; capex: 8×H100 server with InfiniBand ≈ $310k, $47–52k per GPU with network (public TCO analyses)",
      "2026-03-01",
    ),
    specSource: { source: "NVIDIA H100 Tensor Core GPU datasheet (SXM5)", asOf: "2023-09-01" },
  },
  "H100-PCIe": {
    name: "H100-PCIe",
    flops: { bf16: 756 * TFLOPS, fp16: 756 * TFLOPS, fp8: 1_513 * TFLOPS, int8: 1_513 * TFLOPS },
    memoryBytes: 80 * GiB,
    memoryBandwidthBytesPerSecond: 2_000 * GBps,
    tdpWatts: 350,
    idleWatts: 50, // assumption: ~15% of TDP
    gpusPerNode: 8,
    intraNodeBytesPerSecond: 64 * GBps, // PCIe Gen5 x16 one direction (NVLink bridge pairs not modelled)
    interNodeBytesPerSecond: NIC_200G,
    ...HOPPER,
    defaultMfu: 0.4,
    prices: prices(2.49, 1.75, 1.25, 35_000, `Lambda on-demand H100 PCIe $2.49/h; rest ${ESTIMATE}`, "2025-06-01"),
    specSource: { source: "NVIDIA H100 PCIe product brief", asOf: "2023-09-01" },
  },
  H200: {
    name: "H200",
    flops: { bf16: 989 * TFLOPS, fp16: 989 * TFLOPS, fp8: 1_979 * TFLOPS, int8: 1_979 * TFLOPS },
    memoryBytes: 141 * GiB,
    memoryBandwidthBytesPerSecond: 4_800 * GBps,
    tdpWatts: 700,
    idleWatts: 75, // assumption: as H100 SXM plus the larger HBM3e stacks
    gpusPerNode: 8,
    intraNodeBytesPerSecond: 450 * GBps,
    interNodeBytesPerSecond: NIC_400G,
    ...HOPPER,
    defaultMfu: 0.4,
    prices: prices(3.5, 2.45, 1.75, 55_000, ESTIMATE, "2025-06-01"),
    specSource: { source: "NVIDIA H200 Tensor Core GPU datasheet (SXM)", asOf: "2024-11-01" },
  },
  B200: {
    name: "B200",
    flops: { bf16: 2_250 * TFLOPS, fp16: 2_250 * TFLOPS, fp8: 4_500 * TFLOPS, int8: 4_500 * TFLOPS, fp4: 9_000 * TFLOPS },
    memoryBytes: 180 * GiB,
    memoryBandwidthBytesPerSecond: 8_000 * GBps,
    tdpWatts: 1_000,
    idleWatts: 140, // assumption: ~14% of TDP
    gpusPerNode: 8,
    intraNodeBytesPerSecond: 900 * GBps, // NVLink 5: 1.8 TB/s bidirectional
    interNodeBytesPerSecond: NIC_400G,
    ...BLACKWELL,
    defaultMfu: 0.35, // DESIGN.md
    prices: prices(4.99, 3.5, 2.5, 65_000, `Lambda on-demand B200 SXM $4.99/h; capex ≈ DGX B200 $515k / 8; rest ${ESTIMATE}`, "2025-06-01"),
    specSource: { source: "NVIDIA Blackwell (HGX B200) datasheet", asOf: "2024-03-18" },
  },
  L40S: {
    name: "L40S",
    flops: { bf16: 362 * TFLOPS, fp16: 362 * TFLOPS, fp8: 733 * TFLOPS, int8: 733 * TFLOPS },
    memoryBytes: 48 * GiB,
    memoryBandwidthBytesPerSecond: 864 * GBps,
    tdpWatts: 350,
    idleWatts: 35, // assumption: ~10% of TDP (passively cooled PCIe card)
    gpusPerNode: 8,
    intraNodeBytesPerSecond: 32 * GBps, // PCIe Gen4 x16 one direction; no NVLink
    interNodeBytesPerSecond: NIC_200G,
    ...ADA,
    // Assumption: strong single-GPU tensor throughput but data/tensor-parallel traffic crosses
    // PCIe Gen4 (32 GB/s vs 450 GB/s NVLink), so multi-GPU training lands below Hopper's 0.40;
    // we use MI300X's 0.30.
    defaultMfu: 0.3,
    prices: prices(1.0, 0.7, 0.5, 15_000, ESTIMATE, "2025-06-01"),
    specSource: { source: "NVIDIA L40S datasheet", asOf: "2023-08-01" },
  },
  MI300X: {
    name: "MI300X",
    flops: { bf16: 1_307 * TFLOPS, fp16: 1_307 * TFLOPS, fp8: 2_615 * TFLOPS, int8: 2_615 * TFLOPS },
    memoryBytes: 192 * GiB,
    memoryBandwidthBytesPerSecond: 5_300 * GBps,
    tdpWatts: 750,
    idleWatts: 140, // assumption: rocm-smi idle of ~120–160 W reported on MI300X platforms
    gpusPerNode: 8,
    // Infinity Fabric: 7 links × 64 GB/s per direction to the other 7 GPUs = 448 GB/s aggregate
    // (AMD: 896 GB/s bidirectional peer-to-peer per GPU).
    intraNodeBytesPerSecond: 448 * GBps,
    interNodeBytesPerSecond: NIC_400G,
    ...CDNA3,
    defaultMfu: 0.3, // DESIGN.md
    prices: prices(2.5, 1.75, 1.25, 30_000, ESTIMATE, "2025-06-01"),
    specSource: { source: "AMD Instinct MI300X datasheet", asOf: "2023-12-06" },
  },
}
