/**
 * Parameter counts and forward FLOPs from a model's architecture.
 *
 * Counts every weight matrix and vector: token embeddings (plus learned positions for GPT-style
 * models), the LM head unless tied, per layer the attention projections (q, k, v, o with GQA; or
 * the MLA down/up projections and their norms), the FFN (SwiGLU: gate, up, down; GELU: up, down),
 * the norms, MoE routed experts + router + shared experts, and the final norm.
 */
import type { ModelSpec } from "../domain/catalog/types.ts"

/** Parameters of a model: all of them (memory) and those touched per token (compute). */
export interface ParamCount {
  readonly total: number
  readonly active: number
}

/** Parameters of one FFN (one expert) of intermediate size `ffn`. */
export const ffnParams = (model: ModelSpec, ffn: number): number => {
  const d = model.hidden
  const bias = model.linearBiases === true
  return model.ffnKind === "gelu" ? 2 * d * ffn + (bias ? ffn + d : 0) : 3 * d * ffn + (bias ? 2 * ffn + d : 0)
}

/** Attention parameters of one layer (projections and, for MLA, the latent norms). */
export const attentionParams = (model: ModelSpec): number => {
  const d = model.hidden
  const h = model.heads
  const mla = model.mla
  if (mla !== undefined) {
    const qkHead = mla.qkNopeHeadDim + mla.qkRopeHeadDim
    return (
      d * mla.qLoraRank + mla.qLoraRank + // q down-projection + its RMSNorm
      mla.qLoraRank * h * qkHead + // q up-projection
      d * (mla.kvLoraRank + mla.qkRopeHeadDim) + mla.kvLoraRank + // kv down (with shared rope key) + norm
      mla.kvLoraRank * h * (mla.qkNopeHeadDim + mla.vHeadDim) + // k (nope) and v up-projections
      h * mla.vHeadDim * d // output
    )
  }
  const q = h * model.headDim
  const kv = model.kvHeads * model.headDim
  const weights = d * q + 2 * d * kv + q * d
  return weights + (model.linearBiases === true ? q + 2 * kv + d : 0)
}

/** Parameters of one norm: RMSNorm has a scale; LayerNorm (GPT, with biases) scale and bias. */
const normParams = (model: ModelSpec): number => (model.linearBiases === true ? 2 : 1) * model.hidden

/**
 * Total and active parameters from the architecture. Active counts the shared and the
 * `activeExperts` routed experts of each MoE layer (plus its router) and everything else in full,
 * embeddings and LM head included, as Mixtral's "12.9B active" and DeepSeek-V3's "37B activated" do.
 *
 * @example countParams(MODELS["llama-3.1-8b"]).total // 8,030,261,248
 */
export const countParams = (model: ModelSpec): ParamCount => {
  const d = model.hidden
  const embeddings = (model.vocab + (model.positionEmbeddings ?? 0)) * d
  const lmHead = model.tiedEmbeddings === true ? 0 : model.vocab * d
  const outside = embeddings + lmHead + normParams(model) // + final norm
  const perLayerBase = attentionParams(model) + 2 * normParams(model)

  const experts = model.experts
  if (experts === undefined) {
    const layer = perLayerBase + ffnParams(model, model.ffn)
    const total = outside + model.layers * layer
    return { total, active: total }
  }
  const k = model.activeExperts ?? experts
  const shared = model.sharedExperts ?? 0
  const denseLayers = model.denseLayers ?? 0
  const moeLayers = model.layers - denseLayers
  const expert = ffnParams(model, model.ffn)
  const router = d * experts
  const dense = denseLayers * (perLayerBase + ffnParams(model, model.denseFfn ?? model.ffn))
  const total = outside + dense + moeLayers * (perLayerBase + router + (experts + shared) * expert)
  const active = outside + dense + moeLayers * (perLayerBase + router + (k + shared) * expert)
  return { total, active }
}

/**
 * Forward FLOPs per token of the weight matmuls: 2 · N_active (a multiply and an add per weight),
 * the standard estimate (Kaplan et al. 2020; kipply). The input embedding is a lookup, not a
 * matmul, but it is small and the convention keeps it in N.
 */
export const forwardFlopsPerToken = (activeParams: number): number => 2 * activeParams

/** Query/key and value head widths: MLA attends with 192-wide q·k and 128-wide values. */
const attentionHeadDims = (model: ModelSpec): { qk: number; v: number } =>
  model.mla === undefined
    ? { qk: model.headDim, v: model.headDim }
    : { qk: model.mla.qkNopeHeadDim + model.mla.qkRopeHeadDim, v: model.mla.vHeadDim }

/**
 * Forward attention FLOPs (scores q·kᵀ and the weighted sum of values) for one new token that
 * attends to `contextTokens` tokens: 2·L·H·(d_qk + d_v)·context (= 4·L·H·d_h·context for
 * standard attention; kipply, "Transformer inference arithmetic").
 */
export const attentionFlopsPerToken = (model: ModelSpec, contextTokens: number): number => {
  const { qk, v } = attentionHeadDims(model)
  return 2 * model.layers * model.heads * (qk + v) * contextTokens
}

/**
 * Forward attention FLOPs of a causal prefill of `tokens` tokens after `priorContextTokens`
 * already-cached tokens: token i attends to prior + i tokens, so the sum is
 * 2·L·H·(d_qk + d_v)·(N·prior + N(N+1)/2).
 */
export const prefillAttentionFlops = (model: ModelSpec, tokens: number, priorContextTokens = 0): number => {
  const { qk, v } = attentionHeadDims(model)
  const pairs = tokens * priorContextTokens + (tokens * (tokens + 1)) / 2
  return 2 * model.layers * model.heads * (qk + v) * pairs
}
