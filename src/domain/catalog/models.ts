/**
 * Built-in model architectures. Each entry gives the full architecture (what the performance model
 * needs) and the published parameter count it is checked against: `perf/params.ts` recounts the
 * parameters from the architecture and a test holds the two within 1%.
 *
 * `totalParams` / `activeParams` are the published figures (exact safetensors counts where the
 * checkpoint publishes them), so memory and FLOPs use what the vendor states.
 */
import type { ModelSpec } from "./types.ts"

/** Llama 2 family: RMSNorm, SwiGLU, rotary, untied LM head, vocab 32,000, context 4,096. */
const llama2 = (
  name: string,
  layers: number,
  hidden: number,
  heads: number,
  kvHeads: number,
  ffn: number,
  params: number,
): ModelSpec => ({
  name,
  totalParams: params,
  activeParams: params,
  layers,
  hidden,
  heads,
  kvHeads,
  headDim: hidden / heads,
  ffn,
  vocab: 32_000,
  contextLength: 4_096,
  publishedParams: params,
  // Architecture: config.json of meta-llama/Llama-2-*-hf; params: safetensors total of the same
  // checkpoint (Llama 2 paper, Touvron et al. 2023, rounds them to 7B/13B/70B).
  source: `Hugging Face meta-llama/${name.replace("llama", "Llama")}-hf config.json and safetensors parameter count (asOf 2023-07-18)`,
})

/** Llama 3.1 family: GQA with 8 KV heads, vocab 128,256, context 131,072. */
const llama31 = (
  name: string,
  layers: number,
  hidden: number,
  heads: number,
  ffn: number,
  params: number,
): ModelSpec => ({
  name,
  totalParams: params,
  activeParams: params,
  layers,
  hidden,
  heads,
  kvHeads: 8,
  headDim: hidden / heads,
  ffn,
  vocab: 128_256,
  contextLength: 131_072,
  publishedParams: params,
  source: `Hugging Face meta-llama/Meta-${name.replace("llama", "Llama")} config.json and safetensors parameter count; Llama 3 paper (Dubey et al. 2024) Table 3 (asOf 2024-07-23)`,
})

export const MODELS: Readonly<Record<string, ModelSpec>> = {
  // 6,738,415,616 parameters (model card: 6.7B / "7B").
  "llama-2-7b": llama2("llama-2-7b", 32, 4_096, 32, 32, 11_008, 6_738_415_616),
  // 13,015,864,320 parameters.
  "llama-2-13b": llama2("llama-2-13b", 40, 5_120, 40, 40, 13_824, 13_015_864_320),
  // 68,976,648,192 parameters; GQA with 8 KV heads.
  "llama-2-70b": llama2("llama-2-70b", 80, 8_192, 64, 8, 28_672, 68_976_648_192),
  // 8,030,261,248 parameters.
  "llama-3.1-8b": llama31("llama-3.1-8b", 32, 4_096, 32, 14_336, 8_030_261_248),
  // 70,553,706,496 parameters.
  "llama-3.1-70b": llama31("llama-3.1-70b", 80, 8_192, 64, 28_672, 70_553_706_496),
  // 405,853,388,800 parameters.
  "llama-3.1-405b": llama31("llama-3.1-405b", 126, 16_384, 128, 53_248, 405_853_388_800),

  "mixtral-8x7b": {
    name: "mixtral-8x7b",
    totalParams: 46_702_792_704,
    activeParams: 12.9e9,
    layers: 32,
    hidden: 4_096,
    heads: 32,
    kvHeads: 8,
    headDim: 128,
    ffn: 14_336,
    vocab: 32_000,
    experts: 8,
    activeExperts: 2,
    contextLength: 32_768,
    publishedParams: 46_702_792_704,
    publishedActiveParams: 12.9e9,
    // "46.7B total parameters but only uses 12.9B parameters per token" (Mistral AI announcement).
    source: "Mixtral of Experts (Jiang et al. 2024); Mistral AI announcement 2023-12-11; HF mistralai/Mixtral-8x7B-v0.1 config.json (asOf 2023-12-11)",
  },

  "deepseek-v3": {
    name: "deepseek-v3",
    totalParams: 671e9,
    activeParams: 37e9,
    layers: 61,
    hidden: 7_168,
    heads: 128,
    // MLA has no separate KV heads: one compressed latent per token per layer is cached and
    // shared by all heads. kvHeads = 1 keeps per-GPU KV arithmetic right (the latent is
    // replicated on every tensor-parallel rank); the element count is kvElementsPerTokenPerLayer.
    kvHeads: 1,
    headDim: 128, // v_head_dim; the query/key head is 128 nope + 64 rope = 192
    ffn: 2_048, // moe_intermediate_size, per expert
    vocab: 129_280,
    experts: 256,
    activeExperts: 8,
    sharedExperts: 1,
    denseLayers: 3, // first_k_dense_replace
    denseFfn: 18_432, // intermediate_size of the 3 dense layers
    mla: { qLoraRank: 1_536, kvLoraRank: 512, qkNopeHeadDim: 128, qkRopeHeadDim: 64, vHeadDim: 128 },
    kvElementsPerTokenPerLayer: 512 + 64, // kv_lora_rank + qk_rope_head_dim
    contextLength: 131_072, // 128K as served (DeepSeek-V3 report §4.3); config allows 163,840
    // 671B total / 37B activated (DeepSeek-V3 technical report, abstract); the 685B HF
    // checkpoint adds the 14B multi-token-prediction module, not counted here.
    publishedParams: 671e9,
    publishedActiveParams: 37e9,
    source: "DeepSeek-V3 Technical Report (arXiv 2412.19437) and HF deepseek-ai/DeepSeek-V3 config.json (asOf 2024-12-26)",
  },

  // The "13B GPT-style" model of kipply's "Transformer inference arithmetic" (2022), whose
  // FasterTransformer A100 timings are calibration rows: 40 layers, d 5120, 40 heads (MHA),
  // GELU FFN 4·d, learned positions, tied embeddings, biases. Vocab 50,257 (GPT-2 BPE) and 2,048
  // positions are our assumption (the post does not state them); "13B" is nominal: the
  // architecture counts 12.85B, 1.2% below.
  "gpt-13b": {
    name: "gpt-13b",
    totalParams: 13e9,
    activeParams: 13e9,
    layers: 40,
    hidden: 5_120,
    heads: 40,
    kvHeads: 40,
    headDim: 128,
    ffn: 4 * 5_120,
    vocab: 50_257,
    contextLength: 2_048,
    ffnKind: "gelu",
    linearBiases: true,
    tiedEmbeddings: true,
    positionEmbeddings: 2_048,
    publishedParams: 13e9,
    source: "kipply, Transformer inference arithmetic (kipp.ly/transformer-inference-arithmetic, asOf 2022-03-30); vocab/positions assumed GPT-2",
  },
}
