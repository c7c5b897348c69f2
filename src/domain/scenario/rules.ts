/**
 * Cross-field rules of a scenario, checked on the raw document (before or alongside schema
 * decoding) so that every problem is reported in one pass even when other fields are malformed.
 * Each rule skips values the schema will reject anyway and reports with a precise path:
 * names unique per section, every reference resolves (with "did you mean"), pool node ranges,
 * tensor parallelism against heads and node size, training gangs against pool capacity,
 * length distributions, quote margin.
 */
import { findGpu, findModel, gpuNames, modelNames } from "../catalog/index.ts"
import { parseCount, parseDuration, parseFraction } from "../units.ts"
import { percentileOf } from "./fields.ts"
import type { PathSegment, Problem } from "./issues.ts"
import { didYouMean } from "./suggest.ts"

type Raw = Record<string, unknown>
const isObj = (v: unknown): v is Raw => typeof v === "object" && v !== null && !Array.isArray(v)
const list = (v: unknown): ReadonlyArray<unknown> => (Array.isArray(v) ? v : [])
const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined)
const int = (v: unknown): number | undefined => (typeof v === "number" && Number.isInteger(v) ? v : undefined)
/** Sizes the schema accepts (counts of nodes and GPUs); anything else is the schema's to report. */
const positiveInt = (v: unknown): number | undefined => (int(v) !== undefined && (v as number) > 0 ? (v as number) : undefined)
const nonNegativeInt = (v: unknown): number | undefined => (int(v) !== undefined && (v as number) >= 0 ? (v as number) : undefined)

const problem = (path: PathSegment[], message: string, at: Problem["at"] = "value"): Problem => ({ path, message, at })

/** Facts about a model the rules need, from a `models:` entry or a preset. */
interface ModelFacts {
  heads?: number
  kvHeads?: number
}

export const checkRules = (doc: unknown): Problem[] => {
  if (!isObj(doc)) return []
  const out: Problem[] = []

  // 1. names unique per section
  const names = (section: string): Map<string, number> => {
    const seen = new Map<string, number>()
    list(doc[section]).forEach((e, i) => {
      const n = isObj(e) ? str(e.name) : undefined
      if (n === undefined) return
      const first = seen.get(n)
      if (first !== undefined) out.push(problem([section, i, "name"], `duplicate name "${n}": ${section}[${first}] already uses it; names must be unique within ${section}`))
      else seen.set(n, i)
    })
    return seen
  }
  const models = names("models")
  const pools = names("pools")
  const workloads = names("inference")
  names("training")
  names("autoscaling")

  // 2. GPUs: overrides and new GPUs
  const gpuSection = isObj(doc.gpus) ? doc.gpus : {}
  const customGpus = Object.keys(gpuSection)
  for (const [name, o] of Object.entries(gpuSection)) {
    if (!isObj(o)) continue
    const base = str(o.base)
    if (base !== undefined && findGpu(base) === undefined)
      out.push(problem(["gpus", name, "base"], `unknown GPU "${base}"${didYouMean(base, gpuNames)} (built-in GPUs: ${gpuNames.join(", ")})`))
    if (findGpu(name) === undefined && base === undefined) {
      const need = ["flops", "memory", "memoryBandwidth", "tdp"].filter((k) => o[k] === undefined)
      if (need.length > 0)
        out.push(problem(["gpus", name], `"${name}" is not a built-in GPU${didYouMean(name, gpuNames)}; give base: <a built-in GPU> or the figures ${need.join(", ")}`, "key"))
    }
  }
  const allGpus = [...gpuNames, ...customGpus.filter((g) => findGpu(g) === undefined)]
  const gpusPerNodeOf = (gpu: string | undefined): number | undefined => {
    if (gpu === undefined) return undefined
    const o = gpuSection[gpu]
    if (isObj(o) && positiveInt(o.gpusPerNode) !== undefined) return positiveInt(o.gpusPerNode)
    const base = isObj(o) ? str(o.base) : undefined
    return findGpu(gpu)?.gpusPerNode ?? (base ? findGpu(base)?.gpusPerNode : undefined) ?? 8
  }

  // 3. models: preset or architecture
  const modelFacts = new Map<string, ModelFacts>()
  list(doc.models).forEach((m, i) => {
    if (!isObj(m)) return
    const preset = str(m.preset)
    const base = preset !== undefined ? findModel(preset) : undefined
    if (preset !== undefined && base === undefined)
      out.push(problem(["models", i, "preset"], `unknown model preset "${preset}"${didYouMean(preset, modelNames)} (built-in: ${modelNames.join(", ")})`))
    if (preset === undefined) {
      const need = ["layers", "hidden", "heads", "ffn", "vocab"].filter((k) => m[k] === undefined)
      if (need.length > 0)
        out.push(problem(["models", i], `model "${str(m.name) ?? i}" needs a preset (one of ${modelNames.join(", ")}) or its architecture: missing ${need.join(", ")}`, "value"))
    }
    const heads = positiveInt(m.heads) ?? base?.heads
    const kvHeads = positiveInt(m.kvHeads) ?? (m.heads !== undefined && m.kvHeads === undefined ? heads : base?.kvHeads)
    if (heads !== undefined && kvHeads !== undefined && (kvHeads > heads || heads % kvHeads !== 0))
      out.push(problem(["models", i, m.kvHeads !== undefined ? "kvHeads" : "heads"], `kvHeads (${kvHeads}) must divide heads (${heads})`))
    const experts = positiveInt(m.experts) ?? base?.experts
    const active = positiveInt(m.activeExperts) ?? base?.activeExperts
    if ((m.experts !== undefined) !== (m.activeExperts !== undefined) && base?.experts === undefined)
      out.push(problem(["models", i], "a mixture-of-experts model needs both experts and activeExperts"))
    if (experts !== undefined && active !== undefined && active > experts)
      out.push(problem(["models", i, "activeExperts"], `activeExperts (${active}) cannot exceed experts (${experts})`))
    const total = parseCount(m.totalParams), act = parseCount(m.activeParams)
    if (total !== undefined && act !== undefined && act > total)
      out.push(problem(["models", i, "activeParams"], `activeParams (${m.activeParams}) cannot exceed totalParams (${m.totalParams})`))
    const name = str(m.name)
    if (name !== undefined) modelFacts.set(name, { ...(heads !== undefined ? { heads } : {}), ...(kvHeads !== undefined ? { kvHeads } : {}) })
  })
  const modelRef = (path: PathSegment[], ref: unknown): ModelFacts | undefined => {
    const r = str(ref)
    if (r === undefined) return undefined
    const declared = modelFacts.get(r)
    if (declared) return declared
    const preset = findModel(r)
    if (preset) return { heads: preset.heads, kvHeads: preset.kvHeads }
    const all = [...models.keys(), ...modelNames]
    out.push(problem(path, `unknown model "${r}"${didYouMean(r, all)} (declare it under models: or use a built-in: ${modelNames.join(", ")})`))
    return undefined
  }

  // 4. pools
  const poolInfo = new Map<string, { gpusPerNode?: number; maxNodes?: number; elastic: boolean }>()
  list(doc.pools).forEach((p, i) => {
    if (!isObj(p)) return
    const gpu = str(p.gpu)
    if (gpu !== undefined && !allGpus.includes(gpu))
      out.push(problem(["pools", i, "gpu"], `unknown GPU "${gpu}"${didYouMean(gpu, allGpus)} (built-in: ${gpuNames.join(", ")}; add others under gpus:)`))
    const gpn = positiveInt(p.gpusPerNode) ?? (gpu !== undefined && allGpus.includes(gpu) ? gpusPerNodeOf(gpu) : undefined)
    let maxNodes: number | undefined
    let elastic = false
    if (isObj(p.nodes)) {
      elastic = true
      const min = nonNegativeInt(p.nodes.min) ?? 0, max = positiveInt(p.nodes.max), initial = nonNegativeInt(p.nodes.initial)
      maxNodes = max
      if (max !== undefined && min > max) out.push(problem(["pools", i, "nodes", "min"], `min (${min}) must not exceed max (${max})`))
      if (initial !== undefined && initial < min) out.push(problem(["pools", i, "nodes", "initial"], `initial (${initial}) must be at least min (${min})`))
      if (initial !== undefined && max !== undefined && initial > max) out.push(problem(["pools", i, "nodes", "initial"], `initial (${initial}) must not exceed max (${max})`))
    } else maxNodes = positiveInt(p.nodes)
    const name = str(p.name)
    if (name !== undefined && !poolInfo.has(name))
      poolInfo.set(name, { ...(gpn !== undefined ? { gpusPerNode: gpn } : {}), ...(maxNodes !== undefined ? { maxNodes } : {}), elastic })
  })
  /** The pools a list names that exist, each with the path of its list element. */
  const poolRefsAt = (path: PathSegment[], refs: unknown): Array<{ name: string; path: PathSegment[] }> => {
    const found: Array<{ name: string; path: PathSegment[] }> = []
    list(refs).forEach((r, j) => {
      const s = str(r)
      if (s === undefined) return
      if (!pools.has(s)) out.push(problem([...path, j], `unknown pool "${s}"${didYouMean(s, [...pools.keys()])} (pools: ${[...pools.keys()].join(", ")})`))
      else found.push({ name: s, path: [...path, j] })
    })
    return found
  }
  const poolRefs = (path: PathSegment[], refs: unknown): string[] => poolRefsAt(path, refs).map((r) => r.name)

  /**
   * Without `pools:`, a workload may go on any pool and placement skips pools its replica does not
   * fit, so only "fits in no pool" is a mistake. Answered once per replica shape (not once per
   * workload × pool: 1,000 workloads on 1,000 pools would be a million checks).
   */
  const fitsSomewhere = new Map<string, { tensor: boolean; replica: boolean }>()
  const anyPoolFits = (tp: number, pp: number) => {
    const k = `${tp}x${pp}`
    let fit = fitsSomewhere.get(k)
    if (fit === undefined) {
      const infos = [...poolInfo.values()]
      fit = {
        tensor: infos.some((p) => p.gpusPerNode === undefined || tp <= p.gpusPerNode),
        replica: infos.some((p) => p.gpusPerNode === undefined || p.maxNodes === undefined || (tp <= p.gpusPerNode && tp * pp <= p.gpusPerNode * p.maxNodes)),
      }
      fitsSomewhere.set(k, fit)
    }
    return fit
  }
  const largest = (f: (p: { gpusPerNode?: number; maxNodes?: number }) => number | undefined) =>
    Math.max(...[...poolInfo.values()].map((p) => f(p) ?? 0))

  // 5. inference workloads
  list(doc.inference).forEach((w, i) => {
    if (!isObj(w)) return
    const facts = modelRef(["inference", i, "model"], w.model)
    const replica = isObj(w.replica) ? w.replica : {}
    const tp = positiveInt(replica.tensorParallel) ?? 1
    const pp = positiveInt(replica.pipelineParallel) ?? 1
    if (facts?.heads !== undefined && facts.heads % tp !== 0)
      out.push(problem(["inference", i, "replica", "tensorParallel"], `tensorParallel ${tp} must divide the model's ${facts.heads} attention heads`))
    if (w.pools === undefined && poolInfo.size > 0) {
      const fit = anyPoolFits(tp, pp)
      if (!fit.tensor)
        out.push(problem(["inference", i, "replica", "tensorParallel"], `tensorParallel ${tp} does not fit in a node of any pool (the largest node has ${largest((p) => p.gpusPerNode)} GPUs); tensor parallelism stays inside a node`))
      else if (!fit.replica)
        out.push(problem(["inference", i, "replica"], `a replica needs ${tp * pp} GPUs but no pool can hold one (the largest holds ${largest((p) => (p.gpusPerNode !== undefined && p.maxNodes !== undefined && tp <= p.gpusPerNode ? p.gpusPerNode * p.maxNodes : 0))} GPUs)`))
    }
    const placed = w.pools === undefined ? [] : poolRefs(["inference", i, "pools"], w.pools)
    for (const pool of placed) {
      const gpn = poolInfo.get(pool)?.gpusPerNode
      if (gpn !== undefined && tp > gpn)
        out.push(problem(["inference", i, "replica", "tensorParallel"], `tensorParallel ${tp} does not fit in a node of pool "${pool}" (${gpn} GPUs per node); tensor parallelism stays inside a node`))
      const info = poolInfo.get(pool)
      if (gpn !== undefined && info?.maxNodes !== undefined && tp * pp > gpn * info.maxNodes)
        out.push(problem(["inference", i, "replica"], `a replica needs ${tp * pp} GPUs but pool "${pool}" has at most ${gpn * info.maxNodes}`))
    }
    const arrivals = isObj(w.arrivals) ? w.arrivals : undefined
    const isTrace = arrivals?.pattern === "trace"
    for (const key of ["promptTokens", "outputTokens"] as const) {
      if (isTrace && w[key] !== undefined)
        out.push(problem(["inference", i, key], `trace arrivals take ${key} from the trace; remove ${key}`, "key"))
      if (!isTrace && arrivals !== undefined && w[key] === undefined)
        out.push(problem(["inference", i, key], `missing key "${key}": a length distribution such as { distribution: lognormal, mean: 1200, p99: 8000 } (required unless arrivals come from a trace)`, "parent"))
      const d = w[key]
      if (isObj(d)) {
        if (d.distribution === "uniform") {
          const lo = parseCount(d.min), hi = parseCount(d.max)
          if (lo !== undefined && hi !== undefined && lo > hi) out.push(problem(["inference", i, key, "min"], `min (${d.min}) must not exceed max (${d.max})`))
        }
        if (d.distribution === "lognormal") {
          const mean = parseCount(d.mean), p99 = parseCount(d.p99)
          if (d.p99 === undefined && d.sigma === undefined) out.push(problem(["inference", i, key], "a lognormal length needs p99 (or sigma) besides mean"))
          if (d.p99 !== undefined && d.sigma !== undefined) out.push(problem(["inference", i, key, "sigma"], "give p99 or sigma, not both"))
          if (mean !== undefined && p99 !== undefined && p99 <= mean) out.push(problem(["inference", i, key, "p99"], `p99 (${d.p99}) must be larger than the mean (${d.mean}) for a lognormal`))
          if (mean !== undefined && mean < 1) out.push(problem(["inference", i, key, "mean"], "mean must be at least 1 token"))
        }
      }
    }
    const slo = isObj(w.slo) ? w.slo : {}
    for (const metric of ["ttft", "tpot", "e2e"] as const) {
      const targets = slo[metric]
      if (!isObj(targets)) continue
      if (Object.keys(targets).length === 0) out.push(problem(["inference", i, "slo", metric], `expected at least one target such as p99: 2s`))
      for (const k of Object.keys(targets))
        if (percentileOf(k) === undefined)
          out.push(problem(["inference", i, "slo", metric, k], `expected a percentile key p1…p99.9 (or mean), found ${JSON.stringify(k)}`, "key"))
    }
    if (arrivals?.pattern === "ramp") {
      const over = parseDuration(arrivals.over)
      if (over === 0) out.push(problem(["inference", i, "arrivals", "over"], "a ramp needs a positive duration"))
    }
  })

  // 6. training jobs
  list(doc.training).forEach((t, i) => {
    if (!isObj(t)) return
    modelRef(["training", i, "model"], t.model)
    const placed = t.pools === undefined ? [...pools.keys()] : poolRefs(["training", i, "pools"], t.pools)
    const gpus = positiveInt(t.gpus)
    let capacity = 0
    let known = true
    for (const p of placed) {
      const info = poolInfo.get(p)
      if (info?.gpusPerNode === undefined || info.maxNodes === undefined) known = false
      else capacity += info.gpusPerNode * info.maxNodes
    }
    if (gpus !== undefined && known && placed.length > 0 && gpus > capacity)
      out.push(problem(["training", i, "gpus"], `asks for ${gpus} GPUs but its pools (${placed.join(", ")}) hold at most ${capacity}`))
    const start = parseDuration(t.start) ?? 0, deadline = parseDuration(t.deadline)
    if (deadline !== undefined && deadline <= start) out.push(problem(["training", i, "deadline"], `deadline (${t.deadline}) must come after start (${t.start ?? "0s"})`))
    const par = isObj(t.parallelism) ? t.parallelism : undefined
    if (par && gpus !== undefined) {
      const tp = positiveInt(par.tensor) ?? 1, pp = positiveInt(par.pipeline) ?? 1
      if (gpus % (tp * pp) !== 0) out.push(problem(["training", i, "parallelism"], `tensor × pipeline (${tp}×${pp} = ${tp * pp}) must divide the job's ${gpus} GPUs`))
    }
  })

  // 7. autoscalers
  list(doc.autoscaling).forEach((a, i) => {
    if (!isObj(a)) return
    const w = str(a.workload)
    if (w !== undefined && !workloads.has(w))
      out.push(problem(["autoscaling", i, "workload"], `unknown inference workload "${w}"${didYouMean(w, [...workloads.keys()])}${workloads.size ? ` (workloads: ${[...workloads.keys()].join(", ")})` : ""}`))
    for (const { name: p, path } of poolRefsAt(["autoscaling", i, "pools"], a.pools)) {
      if (poolInfo.get(p)?.elastic === false)
        out.push(problem(path, `pool "${p}" has a fixed size; give it nodes: { min, max } to autoscale it`))
    }
    if ((a.metric === "kvUtilization" || a.metric === "gpuBusy") && typeof a.target === "number" && a.target > 1)
      out.push(problem(["autoscaling", i, "target"], `${a.metric} is a fraction; expected a target between 0 and 1, found ${a.target}`))
  })

  // 8. scenario span
  if (parseDuration(doc.horizon) === 0) out.push(problem(["horizon"], "the horizon must be longer than 0s"))
  if (list(doc.inference).length === 0 && list(doc.training).length === 0 && Array.isArray(doc.pools))
    out.push(problem([], "nothing to simulate: add at least one inference workload or training job", "value"))

  // 9. quote
  if (isObj(doc.quote)) {
    const m = doc.quote.margin
    // Read as the schema reads it (`1_00%`, `1e2%`, `100 %` are all 100%).
    if (parseFraction(m) === 1) out.push(problem(["quote", "margin"], "a margin of 100% gives an infinite price (price = cost / (1 − margin)); use less than 100%"))
  }
  return out
}
