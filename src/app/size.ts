/**
 * `gpuplan size`: the cheapest fleet that keeps the promise. The scenario's demand and SLOs are the
 * requirement; its `search:` section lists what may be chosen (GPU type × tensor parallel ×
 * baseline pricing × baseline nodes × burst pool size × autoscaling target).
 *
 * 1. Screen: every candidate through the analytic engine (< 1 ms each), its burst pool fixed at
 *    0, 1, … max nodes: the fewest with which every estimated percentile is within SCREEN_SLACK of
 *    its target makes the candidate "promising" (a burst pool at its max all the time is the most it
 *    could ever add: an optimistic SLO). A promising candidate with a burst pool is then estimated
 *    once more with its autoscaler on (the analytic HPA equilibrium over the horizon: burst nodes
 *    paid while the demand needs them), which orders the verification.
 * 2. Verify: promising candidates, cheapest estimate first, through the discrete-event engine with
 *    `search.replications` seeds; a candidate passes only if every SLO holds in every replication.
 *    Stops after `search.verify` runs (up to 3× as many while none has passed); when all of those
 *    burst, the best candidate without a burst pool is verified too (reserve for the peak vs burst).
 * 3. The winner is a verified configuration, never an analytic guess; its scenario is written as a
 *    new runnable file (never over an existing one).
 */
import { Effect } from "effect"
import * as fs from "node:fs"
import { parse as parseYamlValue, stringify } from "yaml"
import type { Scenario, Search } from "../domain/scenario/index.ts"
import type { Pricing as PoolPricing } from "../domain/scenario/pools.ts"
import { combineReports } from "../report/build.ts"
import type { Report } from "../report/types.ts"
import { InvalidInput } from "./diagnostics.ts"
import { prepare, runPrepared } from "./run.ts"
import { loadScenarioText } from "./what-if.ts"
import type { LoadedScenario } from "./load-scenario.ts"
import { analyzeScenario } from "../model/analytic/analyze.ts"
import { buildReport } from "../report/build.ts"
import { VERSION } from "./version.ts"
import { prepareScenario } from "../model/prepare.ts"
import { findGpu, gpuNames } from "../domain/catalog/index.ts"
import { closest } from "../domain/scenario/suggest.ts"
import { formatPath } from "../domain/scenario/issues.ts"

/** The analytic engine agrees with the DES within ~10% (tested); screen with more room than that. */
export const SCREEN_SLACK = 0.25

export interface Candidate {
  /** Position in the grid: the deterministic tie-break. */
  readonly index: number
  readonly gpu: string
  readonly tensorParallel: number
  readonly pricingIndex: number
  readonly pricingKind: string
  readonly baselineNodes: number
  readonly burstNodes: number
  /** Autoscaling target (queueDepth per replica); null without a burst pool. */
  readonly burstTarget: number | null
  /** The burst pool's GPU type (the baseline's unless `search.burst.gpus` says otherwise); null without a burst pool. */
  readonly burstGpu: string | null
  /** Index into the burst pricing list, and its kind; null without a burst pool. */
  readonly burstPricingIndex: number | null
  readonly burstPricingKind: string | null
}

export interface Screened {
  readonly candidate: Candidate
  /**
   * The objective with the burst pool fixed at the fewest nodes that meet the analytic SLOs (exact
   * without a burst pool); for a candidate screened out, the baseline pool's alone (a lower bound).
   * Null when the candidate cannot run.
   */
  readonly bound: number | null
  /**
   * The analytic engine's objective with the burst pool autoscaled (its HPA equilibrium over the
   * horizon: burst nodes paid only while the demand needs them); the bound without a burst pool.
   * Promising candidates are verified in this order.
   */
  readonly estimate: number | null
  readonly promising: boolean
  /** Why it was screened out, or the analytic worst target. */
  readonly note: string
}

export interface Verified {
  readonly candidate: Candidate
  readonly objective: number
  readonly totalCost: number
  readonly passedReplications: number
  readonly replications: number
  /** The SLO targets missed in some replication, e.g. `chat TTFT p99 2.41 s > 2.00 s (2/3 replications)`. */
  readonly missed: ReadonlyArray<string>
  readonly report: Report
  readonly text: string
}

export interface SizeResult {
  readonly scenarioName: string
  readonly objective: Search["objective"]
  readonly candidates: number
  readonly promising: number
  readonly verified: ReadonlyArray<Verified>
  readonly winner: Verified | null
  /** Cheaper candidates the screen rejected, cheapest first (at most 5), to say why they lost. */
  readonly rejectedCheaper: ReadonlyArray<Screened>
  readonly verifyHorizonSeconds: number
  readonly replications: number
}

/** The burst pool's ways of paying, as a list (one pricing or several). */
export const burstPricings = (search: Search): ReadonlyArray<PoolPricing> => {
  const p = search.burst?.pricing
  return p === undefined ? [] : Array.isArray(p) ? (p as ReadonlyArray<PoolPricing>) : [p as PoolPricing]
}

/** Every candidate of the grid, in a fixed order. */
export const candidatesOf = (search: Search): Candidate[] => {
  const out: Candidate[] = []
  const pricings = burstPricings(search)
  for (const gpu of search.gpus) {
    // Burst options for this baseline GPU: none, or GPU type × pricing × size × target.
    const bursts: Array<Pick<Candidate, "burstNodes" | "burstTarget" | "burstGpu" | "burstPricingIndex" | "burstPricingKind">> = []
    const none = { burstNodes: 0, burstTarget: null, burstGpu: null, burstPricingIndex: null, burstPricingKind: null }
    if (search.burst === undefined) bursts.push(none)
    else {
      const burst = search.burst
      if (burst.maxNodes.includes(0)) bursts.push(none)
      for (const burstGpu of burst.gpus ?? [gpu])
        pricings.forEach((pricing, burstPricingIndex) => {
          for (const m of burst.maxNodes) if (m > 0) for (const t of burst.targets) bursts.push({ burstNodes: m, burstTarget: t, burstGpu, burstPricingIndex, burstPricingKind: pricing.kind })
        })
    }
    for (const tp of search.tensorParallel)
      search.baseline.pricing.forEach((pricing, pricingIndex) => {
        for (let n = search.baseline.nodes.min; n <= search.baseline.nodes.max; n++)
          for (const b of bursts) out.push({ index: out.length, gpu, tensorParallel: tp, pricingIndex, pricingKind: pricing.kind, baselineNodes: n, ...b })
      })
  }
  return out
}

/** `H100-SXM TP4 · 5 reserved + 0–2 on-demand burst (target 8)` */
export const describeCandidate = (c: Candidate): string =>
  `${c.gpu} TP${c.tensorParallel} · ${c.baselineNodes} ${c.pricingKind}` +
  (c.burstNodes > 0 ? ` + 0–${c.burstNodes} ${c.burstGpu !== c.gpu ? `${c.burstGpu} ` : ""}${c.burstPricingKind} burst (target ${c.burstTarget})` : "")

/**
 * The candidate as scenario YAML text: the base document with `search` removed and `pools` /
 * `autoscaling` replaced; every workload and training job is placed on the candidate's pools.
 * `burstFixed` writes the burst pool at its max size without an autoscaler (the screening bound).
 */
export const candidateText = (baseDoc: Record<string, unknown>, search: Search, workload: string, c: Candidate, burstFixed = false): string => {
  const doc: Record<string, unknown> = structuredClone(baseDoc)
  // Pricing as the user wrote it (`term: 12mo`, not its decoded seconds).
  const raw = doc.search as { baseline?: { pricing?: unknown[] }; burst?: { pricing?: unknown; provisioning?: unknown } } | undefined
  const rawBurst = raw?.burst?.pricing
  const burstPricing = Array.isArray(rawBurst) ? rawBurst[c.burstPricingIndex ?? 0] : rawBurst
  delete doc.search
  const pools: unknown[] = [{ name: "baseline", gpu: c.gpu, nodes: c.baselineNodes, pricing: raw?.baseline?.pricing?.[c.pricingIndex] ?? search.baseline.pricing[c.pricingIndex] }]
  const names = ["baseline"]
  if (c.burstNodes > 0 && search.burst !== undefined) {
    pools.push({
      name: "burst",
      gpu: c.burstGpu ?? c.gpu,
      nodes: burstFixed ? c.burstNodes : { min: 0, max: c.burstNodes, initial: 0 },
      ...(search.burst.provisioning !== undefined ? { provisioning: raw?.burst?.provisioning ?? search.burst.provisioning } : {}),
      pricing: burstPricing ?? burstPricings(search)[c.burstPricingIndex ?? 0],
    })
    names.push("burst")
  }
  // Pools of their own that other workloads and training jobs name (e.g. spot for a batch job) stay,
  // with their autoscalers; everything else moves onto the candidate's pools.
  const kept = keptPools(baseDoc, workload)
  doc.pools = [...pools, ...((baseDoc.pools as Array<Record<string, unknown>> | undefined) ?? []).filter((p) => kept.has(p.name as string))]
  const onOwnPools = (list: unknown) => Array.isArray(list) && list.length > 0 && list.every((n) => kept.has(n as string))
  const inference = (doc.inference as Array<Record<string, unknown>> | undefined) ?? []
  for (const w of inference) {
    if (w.name === workload) w.replica = { ...((w.replica as Record<string, unknown> | undefined) ?? {}), tensorParallel: c.tensorParallel }
    if (w.name === workload || !onOwnPools(w.pools)) w.pools = names
  }
  for (const j of (doc.training as Array<Record<string, unknown>> | undefined) ?? []) if (!onOwnPools(j.pools)) j.pools = ["baseline"]
  const keptScalers = ((baseDoc.autoscaling as Array<Record<string, unknown>> | undefined) ?? []).filter((a) => a.workload !== workload && onOwnPools(a.pools))
  const scalers = [...(c.burstNodes > 0 && !burstFixed ? [{ name: "burst", workload, pools: ["burst"], metric: "queueDepth", target: c.burstTarget }] : []), ...keptScalers]
  if (scalers.length > 0) doc.autoscaling = scalers
  else delete doc.autoscaling
  return stringify(doc, { lineWidth: 0 })
}

/**
 * Names of the scenario's pools that stay in every candidate: those named by another inference
 * workload or a training job and not by the workload being sized (a batch job's spot pool).
 */
export const keptPools = (baseDoc: Record<string, unknown>, workload: string): Set<string> => {
  const all = ((baseDoc.pools as Array<Record<string, unknown>> | undefined) ?? []).map((p) => p.name as string)
  const inference = (baseDoc.inference as Array<Record<string, unknown>> | undefined) ?? []
  const sized = inference.find((w) => w.name === workload)
  const sizedPools = new Set(Array.isArray(sized?.pools) ? (sized.pools as string[]) : all)
  const kept = new Set<string>()
  const others = [...inference.filter((w) => w.name !== workload), ...((baseDoc.training as Array<Record<string, unknown>> | undefined) ?? [])]
  for (const o of others) if (Array.isArray(o.pools) && (o.pools as string[]).every((n) => !sizedPools.has(n))) for (const n of o.pools as string[]) kept.add(n)
  return kept
}

/** Every SLO target of every workload, for one report: missed ones as `chat TTFT p99 2.41 s > 2.00 s`. */
const missedTargets = (r: Report, slack = 0): string[] =>
  r.inference.flatMap((w) => w.slo.targets.filter((t) => !(t.actualSeconds <= t.targetSeconds * (1 + slack))).map((t) => `${w.name} ${t.metric.toUpperCase()} ${t.percentile} ${fmtS(t.actualSeconds)} > ${fmtS(t.targetSeconds)}`))

const fmtS = (s: number) => (!Number.isFinite(s) ? "∞" : s < 1 ? `${(s * 1000).toPrecision(3)} ms` : s < 1000 ? `${s.toPrecision(3)} s` : `${Math.round(s)} s`)

const objectiveOf = (r: Report, objective: Search["objective"], cost = r.cost?.total ?? Number.POSITIVE_INFINITY): number => {
  if (objective === "totalCost") return cost
  const tokens = r.inference.reduce((a, w) => a + w.tokens.input + w.tokens.output, 0)
  return tokens > 0 ? (cost / tokens) * 1e6 : Number.POSITIVE_INFINITY
}

const fail = (file: string, message: string) => new InvalidInput({ diagnostics: [{ file, line: 1, column: 1, path: "search", message }] })

interface Analytic {
  readonly report: Report | null
  readonly note: string
}

/** The analytic report of a candidate with its burst pool fixed at `burstNodes` (or, with `autoscaled`, grown by its autoscaler). */
const analyticOf = (loaded: LoadedScenario, baseDoc: Record<string, unknown>, search: Search, workload: string, c: Candidate, autoscaled = false): Analytic => {
  const horizonSeconds = search.horizon ?? loaded.scenario.horizon
  const l = loadScenarioText(candidateText(baseDoc, search, workload, c, !autoscaled), loaded.file)
  if (!l.ok) return { report: null, note: l.diagnostics[0]?.message ?? "invalid" }
  const prepared = prepareScenario(l.loaded.scenario, { traces: new Map(), lengths: new Map() }, l.loaded.explicitPaths)
  if (!prepared.ok) return { report: null, note: prepared.problems[0]?.message ?? "cannot be prepared" }
  const run = analyzeScenario(prepared.value, { horizonSeconds })
  return { report: buildReport(prepared.value, run.result, { version: VERSION, engine: "analytic", seed: l.loaded.scenario.seed, explicitPaths: l.loaded.explicitPaths }), note: "" }
}

/**
 * Screen one candidate with the analytic engine (`cache` shares runs between candidates that differ
 * only in the autoscaling target). The estimate counts the fewest burst nodes (0 … max) with which
 * the analytic SLOs hold as running the whole horizon: exact for fixed pools and steady demand,
 * pessimistic for a daily cycle whose burst is needed only at the peak.
 */
export const screenCandidate = (loaded: LoadedScenario, baseDoc: Record<string, unknown>, search: Search, workload: string, c: Candidate, cache = new Map<string, Analytic>()): Screened => {
  let firstNote = ""
  for (let k = 0; k <= c.burstNodes; k++) {
    const key = `${c.gpu}|${c.tensorParallel}|${c.pricingIndex}|${c.baselineNodes}|${k}|${k > 0 ? `${c.burstGpu}|${c.burstPricingIndex}` : ""}`
    let a = cache.get(key)
    if (a === undefined) {
      a = analyticOf(loaded, baseDoc, search, workload, { ...c, burstNodes: k })
      cache.set(key, a)
    }
    if (a.report === null) return { candidate: c, bound: null, estimate: null, promising: false, note: a.note }
    const missed = missedTargets(a.report, SCREEN_SLACK)
    if (missed.length === 0) {
      const bound = objectiveOf(a.report, search.objective)
      let estimate = bound
      if (c.burstNodes > 0) {
        // What the autoscaler would pay for: the analytic HPA equilibrium over the horizon.
        const key = `${c.gpu}|${c.tensorParallel}|${c.pricingIndex}|${c.baselineNodes}|${c.burstNodes}|${c.burstGpu}|${c.burstPricingIndex}|${c.burstTarget}|autoscaled`
        let s = cache.get(key)
        if (s === undefined) {
          s = analyticOf(loaded, baseDoc, search, workload, c, true)
          cache.set(key, s)
        }
        // The whole candidate must run: its burst pool's GPU may not hold the weights at this TP.
        if (s.report === null) return { candidate: c, bound: null, estimate: null, promising: false, note: s.note }
        estimate = objectiveOf(s.report, search.objective)
      }
      return { candidate: c, bound, estimate, promising: true, note: k > 0 ? `analytic: needs ${k} burst node${k === 1 ? "" : "s"}` : "" }
    }
    if (k === c.burstNodes) {
      const baseline = a.report.pools.find((p) => p.name === "baseline")?.cost ?? Number.POSITIVE_INFINITY
      const bound = objectiveOf(a.report, search.objective, baseline)
      return { candidate: c, bound, estimate: bound, promising: false, note: `analytic${k > 0 ? ` with all ${k} burst nodes` : ""}: ${missed.join(", ")}` }
    }
    if (firstNote === "") firstNote = missed.join(", ")
  }
  return { candidate: c, bound: null, estimate: null, promising: false, note: firstNote }
}

export interface SizeOptions {
  /** Called after each verification run (for a progress line). */
  readonly onVerify?: (done: number, candidate: Candidate) => void
}

/** Search the grid: screen all, verify the best, pick the cheapest that met every SLO in every replication. */
export const sizeScenario = (loaded: LoadedScenario, text: string, opts: SizeOptions = {}): Effect.Effect<SizeResult, InvalidInput> =>
  Effect.gen(function* () {
    const s: Scenario = loaded.scenario
    const search = s.search
    if (search === undefined) return yield* Effect.fail(fail(loaded.file, "gpuplan size needs a `search:` section (GPU types, tensor parallel, pricing, node counts); see the README"))
    const workload = search.workload ?? s.inference[0]?.name
    if (workload === undefined || !s.inference.some((w) => w.name === workload))
      return yield* Effect.fail(fail(loaded.file, workload === undefined ? "gpuplan size needs an inference workload to size" : `search.workload: no inference workload named "${workload}"`))
    if (s.inference.some((w) => w.arrivals.pattern === "trace" || w.promptTokens?.distribution === "empirical" || w.outputTokens?.distribution === "empirical"))
      return yield* Effect.fail(fail(loaded.file, "gpuplan size does not yet support trace arrivals or empirical lengths"))
    const named: Array<[string, Array<string | number>]> = [
      ...search.gpus.map((g, i): [string, Array<string | number>] => [g, ["search", "gpus", i]]),
      ...(search.burst?.gpus ?? []).map((g, i): [string, Array<string | number>] => [g, ["search", "burst", "gpus", i]]),
    ]
    const unknown = named.flatMap(([g, at]) => {
      if (findGpu(g) !== undefined || s.gpus?.[g] !== undefined) return []
      const pos = loaded.locate(at)
      const hint = closest(g, [...gpuNames, ...Object.keys(s.gpus ?? {})])
      return [{ file: loaded.file, line: pos.line, column: pos.column, path: formatPath(at), message: `unknown GPU "${g}"${hint ? ` — did you mean "${hint}"?` : ""} (built-in: ${gpuNames.join(", ")}, or add it under gpus:)` }]
    })
    if (unknown.length > 0) return yield* Effect.fail(new InvalidInput({ diagnostics: unknown }))
    const baseDoc = parseYamlValue(text) as Record<string, unknown>
    const clash = [...keptPools(baseDoc, workload)].find((n) => n === "baseline" || n === "burst")
    if (clash !== undefined) {
      const i = s.pools.findIndex((p) => p.name === clash)
      const pos = loaded.locate(["pools", i, "name"])
      return yield* Effect.fail(
        new InvalidInput({ diagnostics: [{ file: loaded.file, line: pos.line, column: pos.column, path: `pools[${i}].name`, message: `pool "${clash}" stays in every candidate (other workloads run on it), but the search names its own pools baseline and burst; rename this pool` }] }),
      )
    }
    const candidates = candidatesOf(search)
    const cache = new Map<string, Analytic>()
    const screened = candidates.map((c) => screenCandidate(loaded, baseDoc, search, workload, c, cache))
    const byEstimate = (a: Screened, b: Screened) => (a.estimate ?? Infinity) - (b.estimate ?? Infinity) || (a.bound ?? Infinity) - (b.bound ?? Infinity) || a.candidate.index - b.candidate.index
    const promising = screened.filter((x) => x.promising && x.bound !== null).sort(byEstimate)
    const horizonSeconds = search.horizon ?? s.horizon
    const verified: Verified[] = []
    let best: Verified | null = null
    // Verify the `verify` cheapest promising candidates; while none has passed, up to 3× as many.
    for (const p of promising) {
      if (verified.length >= (best === null ? 3 * search.verify : search.verify)) break
      const v = yield* verifyCandidate(loaded, baseDoc, search, workload, p.candidate, horizonSeconds)
      verified.push(v)
      opts.onVerify?.(verified.length, p.candidate)
      if (v.passedReplications === v.replications && (best === null || rankVerified(v, best) < 0)) best = v
    }
    // "Reserve for the peak, or reserve less and burst?": when every verified candidate bursts, the
    // best-estimated one without a burst pool is verified too, so the answer shows both.
    if (search.burst !== undefined && verified.length > 0 && verified.every((v) => v.candidate.burstNodes > 0)) {
      const fixed = promising.find((p) => p.candidate.burstNodes === 0)
      if (fixed !== undefined) {
        const v = yield* verifyCandidate(loaded, baseDoc, search, workload, fixed.candidate, horizonSeconds)
        verified.push(v)
        opts.onVerify?.(verified.length, fixed.candidate)
        if (v.passedReplications === v.replications && (best === null || rankVerified(v, best) < 0)) best = v
      }
    }
    const winnerBound = best?.objective ?? Infinity
    const seen = new Set<string>()
    const rejectedCheaper = screened
      .filter((x) => !x.promising && x.bound !== null && x.bound < winnerBound)
      .sort((a, b) => b.bound! - a.bound! || a.candidate.index - b.candidate.index)
      .filter((x) => {
        const key = `${x.candidate.gpu}|${x.candidate.tensorParallel}|${x.candidate.pricingIndex}|${x.candidate.baselineNodes}`
        if (seen.has(key)) return false
        seen.add(key)
        return true
      })
      .slice(0, 5)
    return {
      scenarioName: s.name,
      objective: search.objective,
      candidates: candidates.length,
      promising: promising.length,
      verified: [...verified].sort(rankVerified),
      winner: best,
      rejectedCheaper,
      verifyHorizonSeconds: horizonSeconds,
      replications: search.replications,
    }
  })

/** Worst observed/target ratio over every SLO target of every workload (1 = exactly at the target). */
export const worstSloRatio = (r: Report): number => Math.max(0, ...r.inference.flatMap((w) => w.slo.targets.map((t) => t.actualSeconds / t.targetSeconds)))

/** Passing in every replication first, then the objective, then SLO headroom, then grid order. */
export const rankVerified = (a: Verified, b: Verified): number =>
  Number(b.passedReplications === b.replications) - Number(a.passedReplications === a.replications) ||
  a.objective - b.objective ||
  worstSloRatio(a.report) - worstSloRatio(b.report) ||
  a.candidate.index - b.candidate.index

/** Run one candidate through the DES, one replication at a time (seed, seed+1, …). */
export const verifyCandidate = (loaded: LoadedScenario, baseDoc: Record<string, unknown>, search: Search, workload: string, c: Candidate, horizonSeconds: number): Effect.Effect<Verified, InvalidInput> =>
  Effect.gen(function* () {
    const text = candidateText(baseDoc, search, workload, c)
    const l = loadScenarioText(text, loaded.file)
    if (!l.ok) return yield* Effect.fail(new InvalidInput({ diagnostics: l.diagnostics }))
    const prepared = yield* prepare(l.loaded)
    const reports: Report[] = []
    const misses = new Map<string, number>()
    let passed = 0
    for (let r = 0; r < search.replications; r++) {
      const report = yield* runPrepared(l.loaded, prepared, { engine: "des", seed: l.loaded.scenario.seed + r, horizonSeconds, replications: 1 })
      const missed = missedTargets(report)
      if (missed.length === 0 && report.inference.every((w) => w.slo.met)) passed++
      for (const w of report.inference) for (const t of w.slo.targets) if (!t.met) misses.set(`${w.name} ${t.metric.toUpperCase()} ${t.percentile}`, (misses.get(`${w.name} ${t.metric.toUpperCase()} ${t.percentile}`) ?? 0) + 1)
      reports.push(report)
    }
    // Seeds seed … seed+N−1, as `gpuplan run --replications N` numbers them.
    const combined = combineReports(reports)
    return {
      candidate: c,
      objective: objectiveOf(combined, search.objective),
      totalCost: combined.cost?.total ?? Number.POSITIVE_INFINITY,
      passedReplications: passed,
      replications: search.replications,
      missed: [...misses].map(([k, n]) => `${k} (${n}/${search.replications} replications)`),
      report: combined,
      text,
    }
  })

/** `scenarios/x.yaml` → `scenarios/x-sized.yaml` (or `-sized-2`, … when taken). */
export const sizedFileName = (file: string): string => {
  const stem = file.replace(/(\.ya?ml)?$/i, "")
  for (let n = 1; ; n++) {
    const candidate = `${stem}-sized${n === 1 ? "" : `-${n}`}.yaml`
    if (!fs.existsSync(candidate)) return candidate
  }
}
