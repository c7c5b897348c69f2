/**
 * Published measurements gpuplan is validated against (reference/calibration.md, "Inference
 * measurements" and "Training runs"), each with the scenario that reproduces its setup and the
 * report field that corresponds to the measured figure. Shared by tests/validation.test.ts (±25% per row) and
 * bench/validate-published.ts (table, error per row, MAPE per group).
 *
 * A row is anything that can `predict()` a number comparable to `published`. Inference rows run a
 * scenario under tests/validation/inference/ and read the first inference workload; training rows
 * run a scenario under tests/validation/training/ and read `report.training[0]` (GPU-hours or wall
 * clock). A row the defaults are known to miss carries `knownMiss`: the reason and the band its
 * error is documented to fall in, so the miss stays visible in the table and the test pins its size.
 */
import { Effect } from "effect"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import { loadScenario } from "../../src/app/load-scenario.ts"
import { runScenario } from "../../src/app/run.ts"
import type { GpuOverride } from "../../src/domain/scenario/index.ts"
import type { InferenceReport, Report, TrainingReport } from "../../src/report/types.ts"

export type Group = "inference" | "training"

export interface PublishedRow {
  /** Short unique id, used in test names and the bench table. */
  readonly id: string
  readonly group: Group
  /** Sub-group for MAPE (one source / engine family). */
  readonly family: string
  /** Built-in GPU of the scenario (calibration groups rows by the GPU's generation). */
  readonly gpu: string
  /** Hardware, model, precision and workload as the source states them. */
  readonly setup: string
  readonly unit: string
  readonly published: number
  readonly source: string
  /** gpuplan's prediction of the same figure, in `unit`. */
  readonly predict: () => Promise<number>
  /**
   * The row is outside its group's tolerance with the defaults, for a documented reason; its error
   * (predicted/published − 1) is expected inside [low, high]. Not a pass: the table says KNOWN MISS.
   */
  readonly knownMiss?: { readonly reason: string; readonly errorBand: readonly [low: number, high: number] }
}

/** Allowed |predicted/published − 1| per group (issue 8: inference ±25%, training ±15%). */
export const TOLERANCE: Readonly<Record<Group, number>> = { inference: 0.25, training: 0.15 }

const here = path.dirname(fileURLToPath(import.meta.url))
/** Absolute path of a validation scenario under tests/validation/. */
export const validationFile = (relative: string): string => path.join(here, relative)

const reports = new Map<string, Promise<Report>>()
let gpuOverrides: Readonly<Record<string, GpuOverride>> = {}

/**
 * Run every validation scenario as if it had these `gpus:` overrides (as a user would write them
 * in a scenario); used by bench/calibrate-defaults.ts to try efficiencies and overheads without
 * editing the catalog. Clears the memoized reports.
 */
export const setGpuOverrides = (overrides: Readonly<Record<string, GpuOverride>>): void => {
  gpuOverrides = overrides
  reports.clear()
}

/**
 * The report of a validation scenario through loadScenario → runScenario (DES engine), memoized
 * per file so rows reading two fields of one run (kipply: prefill and decode) simulate it once.
 */
export const reportOf = (relative: string): Promise<Report> => {
  const file = validationFile(relative)
  let r = reports.get(file)
  if (r === undefined) {
    const overrides = gpuOverrides
    r = Effect.runPromise(
      Effect.flatMap(loadScenario(file), (loaded) =>
        runScenario(Object.keys(overrides).length === 0 ? loaded : { ...loaded, scenario: { ...loaded.scenario, gpus: { ...loaded.scenario.gpus, ...overrides } } }, { engine: "des" }),
      ),
    )
    reports.set(file, r)
  }
  return r
}

const workload = (r: Report): InferenceReport => {
  const w = r.inference[0]
  if (w === undefined) throw new Error(`${r.scenario.name}: no inference workload in the report`)
  if (w.requests.completed !== w.requests.arrived)
    throw new Error(`${r.scenario.name}: ${w.requests.completed} of ${w.requests.arrived} requests completed; the row needs all of them`)
  return w
}

const trainingJob = (r: Report): TrainingReport => {
  const t = r.training[0]
  if (t === undefined) throw new Error(`${r.scenario.name}: no training job in the report`)
  if (!t.completed) throw new Error(`${r.scenario.name}: the training job did not finish within the horizon`)
  return t
}

const trainingRow = (
  row: Omit<PublishedRow, "predict" | "group" | "gpu" | "family">,
  file: string,
  read: (t: TrainingReport) => number,
): PublishedRow => ({
  ...row,
  group: "training",
  gpu: "A100-80GB",
  family: "public pretraining runs (default A100 MFU, failures, spares)",
  predict: async () => read(trainingJob(await reportOf(file))),
})

const scenarioRow = (
  row: Omit<PublishedRow, "predict" | "group">,
  file: string,
  read: (w: InferenceReport) => number,
): PublishedRow => ({ ...row, group: "inference", predict: async () => read(workload(await reportOf(file))) })

const TRT = "NVIDIA TensorRT-LLM Performance Overview (docs/source/performance/perf-overview.md), Llama 3.1 8B table"
const KIPPLY = "kipply, \"Transformer inference arithmetic\" (kipp.ly, 2022), FasterTransformer timings"
const VLLM = "vLLM nightly performance CI (benchmark_latency)"

const trtRows = (gpu: "H100" | "H200", figures: ReadonlyArray<readonly [number, number, number]>): PublishedRow[] =>
  figures.map(([isl, osl, tokS]) =>
    scenarioRow(
      {
        id: `trtllm-8b-fp8-${gpu.toLowerCase()}-${isl}/${osl}`,
        gpu: gpu === "H100" ? "H100-SXM" : "H200",
        family: "TensorRT-LLM offline throughput",
        setup: `Llama-3.1-8B FP8, 1×${gpu}, ISL/OSL ${isl}/${osl}, offline max throughput`,
        unit: "output tok/s",
        published: tokS,
        source: TRT,
      },
      `inference/trtllm-llama31-8b-fp8-${gpu.toLowerCase()}-${isl}x${osl}.yaml`,
      (w) => w.throughput.outputTokensPerSecond,
    ),
  )

/** Every published row, in the order of reference/calibration.md. */
export const PUBLISHED_ROWS: ReadonlyArray<PublishedRow> = [
  ...trtRows("H100", [
    [128, 128, 28_312],
    [1000, 1000, 15_220],
    [2048, 2048, 9_305],
    [5000, 500, 3_459],
    [20000, 2000, 1_351],
  ]),
  ...trtRows("H200", [
    [128, 128, 27_911],
    [1000, 1000, 17_744],
    [2048, 2048, 12_194],
    [5000, 500, 3_902],
    [20000, 2000, 1_804],
  ]),
  ...([
    ["tp1", "1×A100-40GB", 63.17, 22.0],
    ["tp2", "2×A100-40GB TP2", 45.45, 13.5],
  ] as const).flatMap(([tp, hw, prefillMs, decodeMs]) => [
    scenarioRow(
      {
        id: `kipply-13b-fp16-a100-${tp}-prefill`,
        gpu: "A100-40GB",
        family: "FasterTransformer batch 1",
        setup: `13B GPT FP16, ${hw}, batch 1, prefill of a 512-token prompt (TTFT)`,
        unit: "ms",
        published: prefillMs,
        source: KIPPLY,
      },
      `inference/kipply-gpt13b-fp16-a100-40gb-${tp}.yaml`,
      (w) => w.latency.ttft.mean * 1e3,
    ),
    scenarioRow(
      {
        id: `kipply-13b-fp16-a100-${tp}-decode`,
        gpu: "A100-40GB",
        family: "FasterTransformer batch 1",
        setup: `13B GPT FP16, ${hw}, batch 1, decode per token (TPOT)`,
        unit: "ms/token",
        published: decodeMs,
        source: KIPPLY,
      },
      `inference/kipply-gpt13b-fp16-a100-40gb-${tp}.yaml`,
      (w) => w.latency.tpot.mean * 1e3,
    ),
  ]),
  scenarioRow(
    {
      id: "vllm-70b-bf16-h200-tp4-b8",
      gpu: "H200",
      family: "vLLM latency CI",
      setup: "Llama-3-70B BF16, 4×H200 TP4, batch 8, 32 in / 128 out, latency of the batch",
      unit: "ms",
      published: 2_077.5,
      source: VLLM,
    },
    "inference/vllm-llama3-70b-bf16-h200-tp4.yaml",
    (w) => w.throughput.spanSeconds * 1e3,
  ),
  scenarioRow(
    {
      id: "vllm-8b-bf16-h200-b8",
      gpu: "H200",
      family: "vLLM latency CI",
      setup: "Llama-3.1-8B BF16, 1×H200, batch 8, 32 in / 128 out, latency of the batch",
      unit: "ms",
      published: 833.4,
      source: VLLM,
    },
    "inference/vllm-llama31-8b-bf16-h200.yaml",
    (w) => w.throughput.spanSeconds * 1e3,
  ),
  trainingRow(
    {
      id: "llama1-65b-a100-gpu-hours",
      setup: "LLaMA-1 65B, 1.4T tokens, 2,048 A100-80GB, T = 2048",
      unit: "GPU-hours",
      published: 1_022_362,
      source: "LLaMA paper (Touvron et al. 2023)",
    },
    "training/llama1-65b-a100.yaml",
    (t) => t.gpuHours,
  ),
  trainingRow(
    {
      id: "llama1-65b-a100-days",
      setup: "LLaMA-1 65B, 1.4T tokens, 2,048 A100-80GB, T = 2048 (\"~21 days\")",
      unit: "days",
      published: 21,
      source: "LLaMA paper (Touvron et al. 2023)",
    },
    "training/llama1-65b-a100.yaml",
    (t) => t.wallClockSeconds / 86_400,
  ),
  ...([
    ["7b", 184_320],
    ["13b", 368_640],
    ["70b", 1_720_320],
  ] as const).map(([size, hours]) =>
    trainingRow(
      {
        id: `llama2-${size}-a100-gpu-hours`,
        setup: `Llama 2 ${size.toUpperCase()}, 2T tokens, A100-80GB (2,048 assumed), T = 4096`,
        unit: "GPU-hours",
        published: hours,
        source: "Llama 2 model card",
      },
      `training/llama2-${size}-a100.yaml`,
      (t) => t.gpuHours,
    ),
  ),
  trainingRow(
    {
      id: "megatron-gpt3-175b-a100-days",
      setup: "GPT-3 175B, 300B tokens, 1,024 A100, T = 2048 (projection at 140 TFLOP/s/GPU, full recompute)",
      unit: "days",
      published: 34,
      source: "Megatron-LM paper (Narayanan et al. 2021)",

    },
    "training/megatron-gpt3-175b-a100.yaml",
    (t) => t.wallClockSeconds / 86_400,
  ),
]

/** predicted / published − 1. */
export const relativeError = (predicted: number, published: number): number => predicted / published - 1

/** Mean absolute relative error of a set of (predicted, published) pairs (0.1 = 10%). */
export const meanAbsoluteRelativeError = (pairs: ReadonlyArray<{ predicted: number; published: number }>): number =>
  pairs.length === 0 ? NaN : pairs.reduce((s, p) => s + Math.abs(relativeError(p.predicted, p.published)), 0) / pairs.length
