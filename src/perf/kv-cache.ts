/**
 * KV-cache size per token. Standard and grouped-query attention cache a key and a value vector
 * per KV head per layer: `2·L·H_kv·d_h·b_kv` bytes per token for the whole model (never `2·L·d`,
 * which overstates GQA models 8×). Multi-head latent attention (DeepSeek-V2/V3) caches one
 * compressed latent of `kvElementsPerTokenPerLayer` elements per layer instead.
 */
import type { ModelSpec, Precision } from "../domain/catalog/types.ts"

/** Bytes per stored element of a precision: fp32 4, bf16/fp16 2, fp8/int8 1, int4/fp4 0.5. */
export const bytesPerElement = (precision: Precision): number => {
  switch (precision) {
    case "fp32":
      return 4
    case "bf16":
    case "fp16":
      return 2
    case "fp8":
    case "int8":
      return 1
    case "int4":
    case "fp4":
      return 0.5
  }
}

/** KV-cache elements per token per layer: 2·H_kv·d_h, or the MLA latent size. */
export const kvElementsPerTokenPerLayer = (model: ModelSpec): number =>
  model.kvElementsPerTokenPerLayer ?? 2 * model.kvHeads * model.headDim

/**
 * KV-cache bytes per token for the whole model (one copy, no tensor-parallel replication).
 *
 * @example kvBytesPerToken(MODELS["llama-3.1-70b"], "bf16") // 2·80·8·128·2 = 327,680
 */
export const kvBytesPerToken = (model: ModelSpec, kvPrecision: Precision): number =>
  model.layers * kvElementsPerTokenPerLayer(model) * bytesPerElement(kvPrecision)

/**
 * Share of the model's KV heads one tensor-parallel rank holds: `ceil(H_kv/t)/H_kv`. With t > H_kv
 * the KV heads are replicated (each rank still needs a whole head), so eight ranks of a model with
 * one KV head each hold all of it. MLA's latent is shared by all heads and replicated on every
 * rank (factor 1).
 */
export const kvShardFactor = (model: ModelSpec, tensorParallel: number): number =>
  model.kvElementsPerTokenPerLayer !== undefined
    ? 1
    : Math.ceil(model.kvHeads / tensorParallel) / model.kvHeads

/**
 * KV-cache bytes per token held by one GPU of a replica with `tensorParallel` ranks and
 * `pipelineParallel` stages (the stage with the most layers: ceil(L/pp)).
 *
 * @example kvBytesPerTokenPerGpu(MODELS["llama-3.1-70b"], "bf16", 8) // 40,960: one KV head per rank
 */
export const kvBytesPerTokenPerGpu = (
  model: ModelSpec,
  kvPrecision: Precision,
  tensorParallel: number,
  pipelineParallel = 1,
): number => {
  const layersPerStage = Math.ceil(model.layers / pipelineParallel)
  return (
    layersPerStage * kvElementsPerTokenPerLayer(model) * bytesPerElement(kvPrecision) * kvShardFactor(model, tensorParallel)
  )
}
