import type { GpuSpec } from "../../src/domain/catalog/types.ts"

/** A GPU with round numbers, so the expected times below are hand arithmetic (and survive recalibration of the catalog). */
export const TEST_GPU: GpuSpec = {
  name: "TestGPU",
  flops: { bf16: 1e15, fp8: 2e15 },
  memoryBytes: 80 * 2 ** 30,
  memoryBandwidthBytesPerSecond: 2e12,
  tdpWatts: 700,
  idleWatts: 70,
  gpusPerNode: 8,
  intraNodeBytesPerSecond: 100e9,
  interNodeBytesPerSecond: 10e9,
  efficiency: { prefillCompute: 0.5, decodeCompute: 0.25, memory: 0.5, interconnect: 0.5 },
  overheads: { stepSeconds: 1e-3, layerSeconds: 1e-5, requestSeconds: 1e-6, allReduceLatencySeconds: 1e-5 },
  defaultMfu: 0.4,
  prices: { onDemandPerGpuHour: 2, reservedPerGpuHour: 1.5, spotPerGpuHour: 1, capexPerGpu: 40_000, source: "test", asOf: "2026-01-01" },
  specSource: { source: "test", asOf: "2026-01-01" },
}
