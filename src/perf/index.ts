/**
 * The pure performance model: parameters and FLOPs, KV-cache bytes, memory plans, roofline step
 * times packaged as `ReplicaTiming`, training time and memory, failures/ETTR, and queueing.
 *
 * ```ts
 * const timing = makeReplicaTiming({ gpu: GPUS["H100-SXM"], model: MODELS["llama-3.1-70b"], weights: "fp8",
 *   kvCache: "fp8", tensorParallel: 2, pipelineParallel: 1, memoryUtilization: 0.9, maxBatch: 256, prefillChunk: 2048 })
 * if ("_tag" in timing) console.log(timing.message)       // WeightsDoNotFit
 * else timing.iterationSeconds(0, 64, 64 * 1500)            // one decode step, seconds
 * ```
 */
export * from "./params.ts"
export * from "./kv-cache.ts"
export * from "./memory.ts"
export * from "./step-time.ts"
export * from "./replica-timing.ts"
export * from "./training.ts"
export * from "./training-memory.ts"
export * from "./failures.ts"
export * from "./queueing.ts"
