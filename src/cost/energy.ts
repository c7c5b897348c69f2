/**
 * Energy and power of a pool, from a linear idle-to-peak power model per GPU:
 *   power(t) = idleWatts + (tdpWatts − idleWatts) · busy(t)
 * so over a span the GPUs draw idleWatts · provisioned GPU-seconds + (tdp − idle) · busy GPU-seconds
 * joules. This is the GPUs' own draw (IT energy before PUE; the rest of the node — CPUs, NICs,
 * fans — is not in it, which understates it). Every pool reports it as physical fact; only owned
 * pools pay for it, because rented prices include power.
 */
import { JOULES_PER_KWH, NODE_POWER_PER_GPU_POWER } from "./defaults.ts"
import type { GpuPower } from "./usage.ts"

/**
 * GPU energy (kWh, IT load before PUE) of `provisionedGpuSeconds` of which `busyGpuSeconds` busy.
 *
 * @example gpuEnergyKwh({ tdpWatts: 700, idleWatts: 75 }, 8 * 86_400, 8 * 43_200) // 74.4
 */
export const gpuEnergyKwh = (gpu: Pick<GpuPower, "tdpWatts" | "idleWatts">, provisionedGpuSeconds: number, busyGpuSeconds: number): number =>
  (gpu.idleWatts * provisionedGpuSeconds + (gpu.tdpWatts - gpu.idleWatts) * Math.min(busyGpuSeconds, provisionedGpuSeconds)) / JOULES_PER_KWH

/**
 * Peak IT power (kW) of `gpus` GPUs in their nodes: TDP × GPUs × the DGX H100 node-to-GPU power
 * ratio (10.2 kW / 5.6 kW). Colocation is contracted on this.
 *
 * @example nodePeakKw(700, 8) // 10.2
 */
export const nodePeakKw = (tdpWatts: number, gpus: number): number => (tdpWatts * gpus * NODE_POWER_PER_GPU_POWER) / 1000
