import { describe, expect, it } from "vitest"
import { findGpu, findModel, gpuNames, GPUS, modelNames, MODELS } from "../../src/domain/catalog/index.ts"

const GiB = 2 ** 30

describe("GPU catalog", () => {
  it("holds the eight GPUs the design names", () => {
    expect([...gpuNames].sort()).toEqual(
      ["A100-40GB", "A100-80GB", "B200", "H100-PCIe", "H100-SXM", "H200", "L40S", "MI300X"].sort(),
    )
  })

  it("uses dense (not 2:4 sparse) datasheet throughput: H100 SXM 989 bf16 / 1,979 fp8 TFLOP/s", () => {
    const h = GPUS["H100-SXM"]!
    expect(h.flops.bf16).toBe(989e12)
    expect(h.flops.fp8).toBe(1_979e12)
    expect(GPUS["A100-80GB"]!.flops.fp8).toBeUndefined() // Ampere has no fp8 tensor cores
    expect(GPUS.B200!.flops.bf16).toBe(2_250e12)
    expect(GPUS.MI300X!.flops.bf16).toBe(1_307e12)
    expect(GPUS.L40S!.flops.bf16).toBe(362e12) // 733 is the sparse bf16 / dense fp8 figure
  })

  it("stores memory as the vendor figure in GiB: H100 80 GB = 85,899,345,920 B", () => {
    expect(GPUS["H100-SXM"]!.memoryBytes).toBe(85_899_345_920)
    expect(GPUS.H200!.memoryBytes).toBe(141 * GiB)
    expect(GPUS.B200!.memoryBytes).toBe(180 * GiB)
    expect(GPUS.MI300X!.memoryBytes).toBe(192 * GiB)
  })

  it("gives NVLink per GPU one direction and 50 GB/s per GPU across nodes on HGX parts", () => {
    expect(GPUS["A100-80GB"]!.intraNodeBytesPerSecond).toBe(300e9)
    expect(GPUS["H100-SXM"]!.intraNodeBytesPerSecond).toBe(450e9)
    expect(GPUS.B200!.intraNodeBytesPerSecond).toBe(900e9)
    expect(GPUS["H100-SXM"]!.interNodeBytesPerSecond).toBe(50e9)
  })

  it("default MFU follows DESIGN.md: A100 0.45, H100/H200 0.40, B200 0.35, MI300X 0.30", () => {
    expect(GPUS["A100-80GB"]!.defaultMfu).toBe(0.45)
    expect(GPUS["H100-SXM"]!.defaultMfu).toBe(0.4)
    expect(GPUS.H200!.defaultMfu).toBe(0.4)
    expect(GPUS.B200!.defaultMfu).toBe(0.35)
    expect(GPUS.MI300X!.defaultMfu).toBe(0.3)
  })

  it("prices H100 within the published ranges: on-demand $2.49–3.00, 1-year $1.70–2.35, capex $47–52k", () => {
    const p = GPUS["H100-SXM"]!.prices
    expect(p.onDemandPerGpuHour).toBeGreaterThanOrEqual(2.49)
    expect(p.onDemandPerGpuHour).toBeLessThanOrEqual(3.0)
    expect(p.reservedPerGpuHour).toBeGreaterThanOrEqual(1.7)
    expect(p.reservedPerGpuHour).toBeLessThanOrEqual(2.35)
    expect(p.capexPerGpu).toBeGreaterThanOrEqual(47_000)
    expect(p.capexPerGpu).toBeLessThanOrEqual(52_000)
  })

  it("every GPU is internally consistent and cites its sources", () => {
    for (const g of Object.values(GPUS)) {
      expect(g.idleWatts).toBeGreaterThan(0)
      expect(g.idleWatts).toBeLessThan(0.25 * g.tdpWatts)
      expect(g.prices.spotPerGpuHour).toBeLessThan(g.prices.reservedPerGpuHour)
      expect(g.prices.reservedPerGpuHour).toBeLessThan(g.prices.onDemandPerGpuHour)
      for (const e of Object.values(g.efficiency)) expect(e > 0 && e <= 1).toBe(true)
      expect(g.prices.source.length).toBeGreaterThan(10)
      expect(g.prices.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/)
      expect(g.specSource.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/)
      // fp8 is twice bf16 on every part that has it (a sparse figure slipping in would break this)
      if (g.flops.fp8 !== undefined) expect(g.flops.fp8 / g.flops.bf16!).toBeCloseTo(2, 1)
    }
  })

  it("findGpu finds by exact name and returns undefined otherwise", () => {
    expect(findGpu("H200")?.memoryBandwidthBytesPerSecond).toBe(4.8e12)
    expect(findGpu("h200")).toBeUndefined()
    expect(findGpu("toString")).toBeUndefined()
  })
})

describe("model catalog", () => {
  it("holds the nine models of the brief", () => {
    expect([...modelNames].sort()).toEqual(
      ["deepseek-v3", "gpt-13b", "llama-2-13b", "llama-2-70b", "llama-2-7b", "llama-3.1-405b", "llama-3.1-70b", "llama-3.1-8b", "mixtral-8x7b"].sort(),
    )
  })

  it("Llama 3.1 70B: 80 layers, d 8192, 64 heads, 8 KV heads of 128", () => {
    const m = findModel("llama-3.1-70b")!
    expect([m.layers, m.hidden, m.heads, m.kvHeads, m.headDim, m.ffn, m.vocab]).toEqual([80, 8192, 64, 8, 128, 28672, 128256])
  })

  it("DeepSeek-V3 caches the 576-element MLA latent per layer, not 2·H_kv·d_h", () => {
    const m = findModel("deepseek-v3")!
    expect(m.kvElementsPerTokenPerLayer).toBe(576)
    expect([m.experts, m.activeExperts, m.sharedExperts, m.denseLayers, m.denseFfn, m.ffn]).toEqual([256, 8, 1, 3, 18432, 2048])
  })

  it("dense models have activeParams = totalParams; MoE models fewer", () => {
    for (const m of Object.values(MODELS)) {
      if (m.experts === undefined) expect(m.activeParams).toBe(m.totalParams)
      else expect(m.activeParams).toBeLessThan(m.totalParams / 3)
      expect(m.heads % m.kvHeads).toBe(0)
    }
  })

  it("findModel returns undefined for an unknown name", () => {
    expect(findModel("llama-4")).toBeUndefined()
  })
})
