/**
 * Scenario → the concrete GPUs and models the simulation uses: built-in catalog entries merged with
 * the scenario's `gpus:` overrides, model presets merged with `models:` fields, explicit
 * architectures completed (parameter counts recomputed), each default recorded as an assumption.
 */
import { findGpu, findModel, HOPPER, type GpuSpec, type ModelSpec } from "../domain/catalog/index.ts"
import type { GpuOverride, ModelEntry, Scenario } from "../domain/scenario/index.ts"
import { countParams } from "../perf/params.ts"
import type { AssumptionLog } from "./assumptions.ts"

export interface Resolved {
  readonly gpus: ReadonlyMap<string, GpuSpec>
  readonly models: ReadonlyMap<string, ModelSpec>
}

const mergeGpu = (name: string, base: GpuSpec, o: GpuOverride): GpuSpec => ({
  ...base,
  name,
  flops: { ...base.flops, ...o.flops },
  memoryBytes: o.memory ?? base.memoryBytes,
  memoryBandwidthBytesPerSecond: o.memoryBandwidth ?? base.memoryBandwidthBytesPerSecond,
  tdpWatts: o.tdp ?? base.tdpWatts,
  idleWatts: o.idlePower ?? base.idleWatts,
  gpusPerNode: o.gpusPerNode ?? base.gpusPerNode,
  intraNodeBytesPerSecond: o.intraNodeBandwidth ?? base.intraNodeBytesPerSecond,
  interNodeBytesPerSecond: o.interNodeBandwidth ?? base.interNodeBytesPerSecond,
  efficiency: { ...base.efficiency, ...o.efficiency },
  overheads: {
    stepSeconds: o.overheads?.step ?? base.overheads.stepSeconds,
    layerSeconds: o.overheads?.layer ?? base.overheads.layerSeconds,
    requestSeconds: o.overheads?.request ?? base.overheads.requestSeconds,
    allReduceLatencySeconds: o.overheads?.allReduceLatency ?? base.overheads.allReduceLatencySeconds,
  },
  defaultMfu: o.mfu ?? base.defaultMfu,
  prices: { ...base.prices, ...o.prices },
  specSource: o.base !== undefined || findGpu(name) !== undefined ? { ...base.specSource, source: `${base.specSource.source}; overridden in the scenario` } : { source: "scenario", asOf: "" },
})

/** A brand-new GPU with no `base`: figures from the scenario, efficiencies and overheads of Hopper. */
const newGpu = (name: string, o: GpuOverride, log: AssumptionLog): GpuSpec => {
  const h100 = findGpu("H100-SXM")!
  log.add(`gpus.${name}.efficiency`, JSON.stringify(HOPPER.efficiency), "no base GPU given: Hopper-generation defaults")
  log.add(`gpus.${name}.overheads`, JSON.stringify(HOPPER.overheads), "no base GPU given: Hopper-generation defaults")
  return mergeGpu(name, { ...h100, ...HOPPER, idleWatts: (o.tdp ?? h100.tdpWatts) * 0.1 }, o)
}

export const resolveGpus = (s: Scenario, log: AssumptionLog): Map<string, GpuSpec> => {
  const out = new Map<string, GpuSpec>()
  const overrides = s.gpus ?? {}
  for (const pool of s.pools) {
    if (out.has(pool.gpu)) continue
    const o = overrides[pool.gpu]
    const builtIn = findGpu(pool.gpu)
    const base = builtIn ?? (o?.base !== undefined ? findGpu(o.base) : undefined)
    const gpu = o === undefined ? builtIn! : base !== undefined ? mergeGpu(pool.gpu, base, o) : newGpu(pool.gpu, o, log)
    out.set(pool.gpu, gpu)
    const src = `${gpu.specSource.source} (as of ${gpu.specSource.asOf})`
    const e = gpu.efficiency, v = gpu.overheads
    // Provenance: a customer calibration (`calibrations:`) names itself; otherwise the catalog's fit.
    const perfSource = o?.source ?? "gpuplan calibration of the GPU generation (README: Calibration)"
    log.add(`gpus.${pool.gpu}.efficiency`, `prefill ${e.prefillCompute}, decode ${e.decodeCompute}, memory ${e.memory}, interconnect ${e.interconnect}`, perfSource)
    log.add(`gpus.${pool.gpu}.overheads`, `step ${v.stepSeconds * 1e3} ms, layer ${v.layerSeconds * 1e6} µs, request ${v.requestSeconds * 1e6} µs, all-reduce ${v.allReduceLatencySeconds * 1e6} µs`, perfSource)
    log.add(`gpus.${pool.gpu}.spec`, `${(gpu.memoryBytes / 2 ** 30).toFixed(0)} GiB, ${(gpu.memoryBandwidthBytesPerSecond / 1e12).toFixed(2)} TB/s, ${(gpu.flops.bf16 ?? 0) / 1e12} TFLOP/s bf16 dense, ${gpu.tdpWatts} W`, src)
  }
  return out
}

const completeModel = (e: ModelEntry, base: ModelSpec | undefined): ModelSpec => {
  const heads = e.heads ?? base?.heads ?? 1
  const hidden = e.hidden ?? base?.hidden ?? 1
  const draft: ModelSpec = {
    ...(base ?? { contextLength: 8192, source: "scenario", publishedParams: 0 }),
    name: e.name,
    layers: e.layers ?? base?.layers ?? 1,
    hidden,
    heads,
    kvHeads: e.kvHeads ?? (e.heads !== undefined ? heads : base?.kvHeads ?? heads),
    headDim: e.headDim ?? (e.hidden !== undefined || e.heads !== undefined ? Math.floor(hidden / heads) : base?.headDim ?? Math.floor(hidden / heads)),
    ffn: e.ffn ?? base?.ffn ?? 4 * hidden,
    vocab: e.vocab ?? base?.vocab ?? 32000,
    contextLength: e.contextLength ?? base?.contextLength ?? 8192,
    totalParams: 0,
    activeParams: 0,
    ...(e.experts !== undefined ? { experts: e.experts } : {}),
    ...(e.activeExperts !== undefined ? { activeExperts: e.activeExperts } : {}),
  } as ModelSpec
  const architectureChanged = base === undefined || ["layers", "hidden", "heads", "kvHeads", "headDim", "ffn", "vocab", "experts", "activeExperts"].some((k) => (e as Record<string, unknown>)[k] !== undefined)
  const counted = architectureChanged ? countParams(draft) : { total: base.totalParams, active: base.activeParams }
  const total = e.totalParams ?? e.params ?? counted.total
  const active = e.activeParams ?? (e.params !== undefined && draft.experts === undefined ? e.params : counted.active)
  return { ...draft, totalParams: total, activeParams: Math.min(active, total), publishedParams: base?.publishedParams ?? total }
}

export const resolveModels = (s: Scenario, log: AssumptionLog): Map<string, ModelSpec> => {
  const out = new Map<string, ModelSpec>()
  s.models.forEach((e) => out.set(e.name, completeModel(e, e.preset !== undefined ? findModel(e.preset) : undefined)))
  const refs = [...s.inference.map((w) => w.model), ...s.training.map((t) => t.model)]
  for (const r of refs) {
    if (out.has(r)) continue
    const preset = findModel(r)
    if (preset) {
      out.set(r, preset)
      log.add(`models.${r}`, `${(preset.totalParams / 1e9).toFixed(1)}B params, ${preset.layers} layers, ${preset.kvHeads} KV heads`, preset.source)
    }
  }
  return out
}

export const resolve = (s: Scenario, log: AssumptionLog): Resolved => ({ gpus: resolveGpus(s, log), models: resolveModels(s, log) })
