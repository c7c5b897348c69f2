import { describe, expect, it } from "vitest"
import { MODELS } from "../../src/domain/catalog/models.ts"
import { bytesPerElement, kvBytesPerToken, kvBytesPerTokenPerGpu, kvShardFactor } from "../../src/perf/kv-cache.ts"

const m = (name: string) => MODELS[name]!

describe("KV-cache bytes per token", () => {
  it("Llama-2/3-70B at 16 bit: 2·80·8·128·2 = 327,680 B (GQA, not 2·L·d)", () => {
    expect(kvBytesPerToken(m("llama-3.1-70b"), "bf16")).toBe(327_680)
    expect(kvBytesPerToken(m("llama-2-70b"), "fp16")).toBe(327_680)
  })

  it("fp8 KV halves it: Llama 3.1 8B 2·32·8·128·1 = 65,536 B", () => {
    expect(kvBytesPerToken(m("llama-3.1-8b"), "fp8")).toBe(65_536)
  })

  it("MHA Llama 2 7B: 2·32·32·128·2 = 524,288 B (0.5 MiB per token)", () => {
    expect(kvBytesPerToken(m("llama-2-7b"), "bf16")).toBe(524_288)
  })

  it("DeepSeek-V3 MLA caches the 576-element latent: 61·576·2 = 70,272 B in bf16", () => {
    expect(kvBytesPerToken(m("deepseek-v3"), "bf16")).toBe(70_272)
  })

  it("bytes per element: bf16 2, fp8 1, int4 0.5", () => {
    expect([bytesPerElement("bf16"), bytesPerElement("fp16"), bytesPerElement("fp8"), bytesPerElement("int4")]).toEqual([2, 2, 1, 0.5])
  })
})

describe("KV-cache bytes per GPU", () => {
  it("TP shards KV heads: 8 KV heads over TP4 → 2 per GPU, 81,920 B", () => {
    expect(kvBytesPerTokenPerGpu(m("llama-3.1-70b"), "bf16", 4)).toBe(81_920)
  })

  it("TP beyond the KV-head count replicates heads: ceil(8/16)/8 = 1/8, same bytes as TP8", () => {
    expect(kvShardFactor(m("llama-3.1-70b"), 16)).toBe(1 / 8)
    expect(kvBytesPerTokenPerGpu(m("llama-3.1-70b"), "bf16", 16)).toBe(kvBytesPerTokenPerGpu(m("llama-3.1-70b"), "bf16", 8))
  })

  it("non-divisible TP rounds up: 8 KV heads on TP3 hold ceil(8/3) = 3 heads each", () => {
    expect(kvShardFactor(m("llama-3.1-70b"), 3)).toBe(3 / 8)
  })

  it("pipeline stages split layers: 80 layers over PP2 halve the per-GPU bytes", () => {
    expect(kvBytesPerTokenPerGpu(m("llama-3.1-70b"), "bf16", 1, 2)).toBe(163_840)
  })

  it("the MLA latent is replicated on every TP rank", () => {
    expect(kvBytesPerTokenPerGpu(m("deepseek-v3"), "bf16", 8)).toBe(70_272)
  })
})
