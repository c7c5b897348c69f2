import { describe, expect, it } from "vitest"
import { MODELS } from "../../src/domain/catalog/models.ts"
import type { ModelSpec } from "../../src/domain/catalog/types.ts"
import {
  attentionFlopsPerToken,
  attentionParams,
  countParams,
  forwardFlopsPerToken,
  prefillAttentionFlops,
} from "../../src/perf/params.ts"

const model = (name: string): ModelSpec => MODELS[name]!
const relErr = (a: number, b: number) => Math.abs(a / b - 1)

describe("parameter count from the architecture", () => {
  it.each([
    ["llama-2-7b", 6.74e9],
    ["llama-2-13b", 13.0e9],
    ["llama-2-70b", 69.0e9],
    ["llama-3.1-8b", 8.03e9],
    ["llama-3.1-70b", 70.6e9],
    ["llama-3.1-405b", 405.9e9],
    ["mixtral-8x7b", 46.7e9],
    ["deepseek-v3", 671e9],
  ])("%s has %d parameters (published, within 1%%)", (name, published) => {
    expect(relErr(countParams(model(name)).total, published)).toBeLessThan(0.01)
    expect(relErr(countParams(model(name)).total, model(name).publishedParams)).toBeLessThan(0.01)
  })

  it("recounts the Llama checkpoints exactly: Llama 3.1 8B = 8,030,261,248 (HF safetensors)", () => {
    expect(countParams(model("llama-3.1-8b")).total).toBe(8_030_261_248)
    expect(countParams(model("llama-2-70b")).total).toBe(68_976_648_192)
  })

  it("Llama 2 7B by hand: 2 × 32000·4096 embeddings + 32 × (4·4096² + 3·4096·11008 + 2·4096) + 4096", () => {
    const byHand = 2 * 32_000 * 4_096 + 32 * (4 * 4_096 ** 2 + 3 * 4_096 * 11_008 + 2 * 4_096) + 4_096
    expect(countParams(model("llama-2-7b")).total).toBe(byHand)
  })

  it("GQA attention of Llama 3.1 70B: q and o 8192², k and v 8192·1024 each", () => {
    expect(attentionParams(model("llama-3.1-70b"))).toBe(2 * 8_192 ** 2 + 2 * 8_192 * 1_024)
  })

  it("Mixtral 8x7B activates 12.9B parameters per token (2 of 8 experts), within 1%", () => {
    expect(relErr(countParams(model("mixtral-8x7b")).active, 12.9e9)).toBeLessThan(0.01)
  })

  it("DeepSeek-V3 activates 37B (8 routed + 1 shared expert of 257, MLA), within 2% of a 2-digit figure", () => {
    // "37B" is published to two significant digits (36.5–37.5B); we count 37.55B with embeddings
    // and LM head included, as for Mixtral.
    expect(relErr(countParams(model("deepseek-v3")).active, 37e9)).toBeLessThan(0.02)
  })

  it("DeepSeek-V3 MLA attention per layer: 187.1M parameters (q 1536-rank, kv 512-rank latent)", () => {
    const byHand =
      7_168 * 1_536 + 1_536 + 1_536 * 128 * 192 + 7_168 * 576 + 512 + 512 * 128 * 256 + 128 * 128 * 7_168
    expect(attentionParams(model("deepseek-v3"))).toBe(byHand)
    expect(byHand / 1e6).toBeCloseTo(187.1, 1)
  })

  it("kipply's GPT 13B counts 12.85B (nominal 13B: within 2%) — 12·L·d² plus embeddings and biases", () => {
    const n = countParams(model("gpt-13b")).total
    expect(n).toBeGreaterThan(12 * 40 * 5_120 ** 2)
    expect(relErr(n, 13e9)).toBeLessThan(0.02)
  })

  it("every catalog entry's totalParams agrees with its architecture within 2%", () => {
    for (const m of Object.values(MODELS)) expect(relErr(countParams(m).total, m.totalParams)).toBeLessThan(0.02)
  })
})

describe("forward FLOPs", () => {
  it("the weight matmuls cost 2 FLOPs per active parameter per token: Llama 3.1 8B ≈ 16.06 GFLOP", () => {
    expect(forwardFlopsPerToken(model("llama-3.1-8b").activeParams)).toBe(16_060_522_496)
  })

  it("attention for one token over 4096 context in Llama 2 7B: 4·32·32·128·4096 = 2.15 GFLOP", () => {
    expect(attentionFlopsPerToken(model("llama-2-7b"), 4_096)).toBe(4 * 32 * 32 * 128 * 4_096)
  })

  it("causal prefill of N tokens sums contexts 1..N: 512 tokens of gpt-13b = 4·40·5120·(512·513/2)", () => {
    expect(prefillAttentionFlops(model("gpt-13b"), 512)).toBe(4 * 40 * 5_120 * ((512 * 513) / 2))
    // with prior context the chunk attends to it too
    expect(prefillAttentionFlops(model("gpt-13b"), 1, 99)).toBe(attentionFlopsPerToken(model("gpt-13b"), 100))
  })
})
