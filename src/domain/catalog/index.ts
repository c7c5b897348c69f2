/**
 * The built-in catalogs: GPUs (with reference prices) and model architectures.
 *
 * ```ts
 * const h100 = findGpu("H100-SXM")       // GpuSpec | undefined
 * const m = findModel("llama-3.1-70b")   // ModelSpec | undefined
 * ```
 */
import { GPUS } from "./gpus.ts"
import { MODELS } from "./models.ts"
import type { GpuSpec, ModelSpec } from "./types.ts"

export * from "./types.ts"
export { GPUS, AMPERE, HOPPER, BLACKWELL, ADA, CDNA3 } from "./gpus.ts"
export type { GenerationDefaults } from "./gpus.ts"
export { MODELS } from "./models.ts"

/** Names of the built-in GPUs, in catalog order. */
export const gpuNames: ReadonlyArray<string> = Object.keys(GPUS)

/** Names of the built-in models, in catalog order. */
export const modelNames: ReadonlyArray<string> = Object.keys(MODELS)

/** The built-in GPU of that exact name, or undefined. */
export const findGpu = (name: string): GpuSpec | undefined =>
  Object.hasOwn(GPUS, name) ? GPUS[name] : undefined

/** The built-in model of that exact name, or undefined. */
export const findModel = (name: string): ModelSpec | undefined =>
  Object.hasOwn(MODELS, name) ? MODELS[name] : undefined
