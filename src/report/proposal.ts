/**
 * What the customer proposal says, as plain data: titled sections of key figures, tables, notes and
 * chart slots. `markdown.ts` and `html.ts` render the same document, each with its own escaping, so
 * the two formats never disagree on a number. Cells hold plain (unescaped) text.
 *
 * Sections: summary · capacity · latency vs SLO · cost breakdown · price table · sensitivity (only
 * when `run --sensitivity` ran) · assumptions (last: the long list of defaults and their sources
 * reads as an appendix).
 * Cost and price sections say so ("—") instead of failing when the report has no ledger or quote.
 */
import { formatDuration } from "../domain/units.ts"
import { latency, money, num, pct } from "./format.ts"
import { SENSITIVITY_PRICES_NOTE, sensitivityBase, sensitivityTable, type Sensitivity } from "./sensitivity.ts"
import type { InferenceReport, Report } from "./types.ts"

export type Status = "ok" | "bad" | "warn"

export interface Fact {
  readonly label: string
  readonly value: string
  readonly status?: Status
}

export interface Table {
  readonly header: ReadonlyArray<string>
  readonly rows: ReadonlyArray<ReadonlyArray<string>>
  /** One letter per column: `l` or `r`. */
  readonly align: string
  readonly caption?: string
}

/** Where a chart goes; the HTML renderer is given the charts of each slot (Markdown has none). */
export type ChartSlot = "demand" | "utilization" | "latency" | "cost" | "sensitivity" | "compare-cost" | "compare-latency"

export type Block =
  | { readonly kind: "facts"; readonly facts: ReadonlyArray<Fact> }
  | { readonly kind: "paragraph"; readonly text: string }
  | { readonly kind: "note"; readonly text: string; readonly status?: Status }
  | { readonly kind: "table"; readonly table: Table }
  | { readonly kind: "chart"; readonly chart: ChartSlot }

export interface Section {
  /** summary, capacity, latency, cost, price, assumptions; the comparison has its own. */
  readonly id: string
  readonly title: string
  readonly blocks: ReadonlyArray<Block>
}

export interface Proposal {
  readonly title: string
  readonly description: string | null
  /** One line: seed, horizon, replications, engine, generator. */
  readonly runLine: string
  readonly sections: ReadonlyArray<Section>
}

/** GPUs a pool may hold at most, and the whole fleet's. */
export const poolGpus = (p: Report["pools"][number]): number => p.nodes.max * p.gpusPerNode
export const fleetGpus = (r: Report): number => r.pools.reduce((s, p) => s + poolGpus(p), 0)

/** Busy / provisioned GPU-hours over every pool. */
export const fleetUtilization = (r: Report): number => {
  const prov = r.pools.reduce((s, p) => s + p.gpuHoursProvisioned, 0)
  return prov > 0 ? r.pools.reduce((s, p) => s + p.gpuHoursBusy, 0) / prov : 0
}

export const stalePrices = (r: Report) => (r.quote?.prices ?? []).filter((p) => p.stale === true)

const sloText = (w: InferenceReport): { value: string; status?: Status } =>
  w.slo.targets.length === 0
    ? { value: "no SLO given" }
    : { value: `${w.slo.met ? "met" : "MISSED"} — ${pct(w.slo.attainment)} of requests within every SLO`, status: w.slo.met ? "ok" : "bad" }

const share = (part: number, total: number) => pct(total > 0 ? part / total : 0)

const summary = (r: Report): Section => {
  const c = r.scenario.currency
  const facts: Fact[] = []
  for (const w of r.inference) {
    const s = sloText(w)
    facts.push({ label: `Will it hold? (${w.name})`, value: s.value, ...(s.status ? { status: s.status } : {}) })
  }
  for (const t of r.training)
    facts.push({
      label: `Training ${t.name}`,
      value: `${t.completed ? "finishes" : "does not finish"} in ${latency(t.wallClockSeconds)} on ${t.gpus} GPUs${t.deadlineMet === null ? "" : t.deadlineMet ? " — deadline met" : " — DEADLINE MISSED"}`,
      ...(t.deadlineMet === false ? { status: "bad" as const } : t.deadlineMet ? { status: "ok" as const } : {}),
    })
  facts.push({ label: "GPUs", value: `${num(fleetGpus(r))} at most across ${r.pools.length} pool${r.pools.length === 1 ? "" : "s"} · ${pct(fleetUtilization(r))} busy` })
  facts.push({ label: `Cost over ${formatDuration(r.scenario.horizonSeconds)}`, value: r.cost ? `${money(r.cost.total, c)} · ${money(r.cost.perMillionOutputTokens, c)} per 1M output tokens` : "—" })
  facts.push({
    label: "Price per 1M tokens",
    value: r.quote ? `${money(r.quote.perMillionInputTokens, c)} input · ${money(r.quote.perMillionOutputTokens, c)} output (margin ${pct(r.quote.margin, 0)})` : "—",
  })
  facts.push({ label: "Monthly price", value: r.quote ? `${money(r.quote.monthly, c)} / month for ${num(r.quote.commitmentMonths)} months (${money(r.quote.commitmentTotal, c)} in total)` : "—" })
  const blocks: Block[] = [{ kind: "facts", facts }]
  const stale = stalePrices(r)
  if (stale.length > 0)
    blocks.push({ kind: "note", status: "warn", text: `${stale.length} built-in price${stale.length === 1 ? " is" : "s are"} older than ${r.quote?.staleAfterDays ?? 180} days (marked STALE in the price table): check them before sending this quote.` })
  blocks.push({ kind: "chart", chart: "demand" })
  return { id: "summary", title: "Summary", blocks }
}

const assumptions = (r: Report): Section => ({
  id: "assumptions",
  title: "Assumptions",
  blocks: [
    { kind: "paragraph", text: `${r.assumptions.length} default${r.assumptions.length === 1 ? "" : "s"} applied where the scenario did not say, each with its source.` },
    { kind: "table", table: { header: ["setting", "value", "source"], rows: r.assumptions.map((a) => [a.path, a.value, a.source]), align: "lll" } },
  ],
})

const capacity = (r: Report): Section => {
  const c = r.scenario.currency
  const blocks: Block[] = [
    {
      kind: "table",
      table: {
        caption: "GPU pools",
        header: ["pool", "GPU", "pricing", "nodes", "GPUs (max)", "GPU-h provisioned", "GPU-h busy", "utilization", "energy kWh"],
        rows: r.pools.map((p) => [
          p.name,
          p.gpu,
          p.pricing,
          p.nodes.min === p.nodes.max ? num(p.nodes.max) : `${num(p.nodes.min)}–${num(p.nodes.max)} (mean ${num(p.nodes.mean)})`,
          num(poolGpus(p)),
          num(p.gpuHoursProvisioned),
          num(p.gpuHoursBusy),
          pct(p.utilization),
          num(p.energyKwh),
        ]),
        align: "lllrrrrrr",
      },
    },
  ]
  if (r.inference.length > 0)
    blocks.push({
      kind: "table",
      table: {
        caption: "Inference serving",
        header: ["workload", "model", "GPU", "layout", "replicas (mean / max)", "req/s", "output tok/s", "busy", "mean batch", "KV cache"],
        rows: r.inference.map((w) => [
          w.name,
          `${w.model} ${w.weights}`,
          w.gpu,
          `TP${w.tensorParallel}${w.pipelineParallel > 1 ? `×PP${w.pipelineParallel}` : ""} (${w.gpusPerReplica} GPU${w.gpusPerReplica === 1 ? "" : "s"})`,
          `${num(w.replicas.mean)} / ${num(w.replicas.max)}`,
          num(w.throughput.requestsPerSecond),
          num(w.throughput.outputTokensPerSecond),
          pct(w.utilization.busy),
          num(w.utilization.meanBatch),
          pct(w.utilization.kvCache),
        ]),
        align: "llllrrrrrr",
      },
    })
  if (r.training.length > 0)
    blocks.push({
      kind: "table",
      table: {
        caption: `Training (${r.training[0]!.method})`,
        header: ["job", "GPUs", "wall clock", "GPU-hours", "MFU", "ETTR", "deadline", "cost"],
        rows: r.training.map((t) => [
          t.name,
          `${t.gpus} (${t.parallelism.tensor}×${t.parallelism.pipeline}×${t.parallelism.data})`,
          latency(t.wallClockSeconds),
          num(t.gpuHours),
          pct(t.mfu),
          pct(t.ettr),
          t.deadlineMet === null ? "—" : t.deadlineMet ? "met" : "MISSED",
          money(r.cost?.byTraining?.[t.name] ?? null, c),
        ]),
        align: "lrrrrrlr",
      },
    })
  blocks.push({ kind: "chart", chart: "utilization" })
  return { id: "capacity", title: "Capacity", blocks }
}

const latencySection = (r: Report): Section => {
  const blocks: Block[] = []
  if (r.inference.length === 0) blocks.push({ kind: "note", text: "No inference workload in this scenario." })
  for (const w of r.inference) {
    const rows = (["ttft", "tpot", "e2e"] as const).map((m) => {
      const targets = w.slo.targets.filter((t) => t.metric === m)
      return [
        m === "ttft" ? "time to first token" : m === "tpot" ? "time per output token" : "end to end",
        latency(w.latency[m].mean),
        latency(w.latency[m].p50),
        latency(w.latency[m].p90),
        latency(w.latency[m].p99),
        targets.length === 0 ? "—" : targets.map((t) => `${t.percentile} ≤ ${latency(t.targetSeconds)}`).join(", "),
        targets.length === 0 ? "—" : targets.every((t) => t.met) ? "met" : "MISSED",
      ]
    })
    blocks.push({ kind: "table", table: { caption: `${w.name} — SLO ${sloText(w).value}`, header: ["latency", "mean", "p50", "p90", "p99", "SLO", "status"], rows, align: "lrrrrll" } })
  }
  if (r.inference.length > 0) blocks.push({ kind: "chart", chart: "latency" })
  return { id: "latency", title: "Latency vs SLO", blocks }
}

const costSection = (r: Report): Section => {
  const c = r.scenario.currency
  if (!r.cost) return { id: "cost", title: "Cost breakdown", blocks: [{ kind: "note", text: "— (no cost ledger for this run)" }] }
  const cost = r.cost
  // A line the pricing kind does not use is 0: shown as "—", not "$0.0000".
  const m = (x: number | undefined) => (x === undefined || x === 0 ? "—" : money(x, c))
  const blocks: Block[] = [
    {
      kind: "facts",
      facts: [
        { label: `Total over ${formatDuration(cost.spanSeconds ?? r.scenario.horizonSeconds)}`, value: money(cost.total, c) },
        { label: "Idle capacity", value: `${money(cost.idle, c)} (${share(cost.idle, cost.total)} of the total)` },
        { label: "Per 1M output tokens", value: money(cost.perMillionOutputTokens, c) },
        { label: "Per 1M tokens (input + output)", value: money(cost.perMillionTokens, c) },
        { label: "Energy", value: `${num(cost.energyKwh ?? 0)} kWh of GPU load · ${money(cost.energy, c)} paid (owned pools)` },
      ],
    },
    {
      kind: "table",
      table: {
        caption: "By pool",
        header: ["pool", "pricing", "rental", "overflow", "depreciation", "energy", "colocation", "total", "per GPU-hour"],
        rows: r.pools.map((p) => {
          const b = p.costBreakdown
          return [p.name, p.pricing, m(b?.rental), m(b?.overflow), m(b?.depreciation), m(b?.energy), m(b?.colocation), money(p.cost, c), m(p.costPerGpuHour)]
        }),
        align: "llrrrrrrr",
      },
    },
    {
      kind: "table",
      table: {
        caption: "By use (attributed by GPU-seconds used; idle is its own line)",
        header: ["line", "cost", "share"],
        rows: [
          ...Object.entries(cost.byWorkload).map(([name, v]) => [`workload ${name}`, money(v, c), share(v, cost.total)]),
          ...Object.entries(cost.byTraining ?? {}).map(([name, v]) => [`training ${name}`, money(v, c), share(v, cost.total)]),
          ["idle capacity", money(cost.idle, c), share(cost.idle, cost.total)],
          ["total", money(cost.total, c), pct(cost.total > 0 ? 1 : 0)],
        ],
        align: "lrr",
      },
    },
  ]
  if ((cost.workloads ?? []).length > 0)
    blocks.push({
      kind: "table",
      table: {
        caption: "Unit cost per workload (loaded: with its share of idle)",
        header: ["workload", "cost", "loaded cost", "busy GPU-h", "per 1M output tokens", "per 1M tokens"],
        rows: cost.workloads.map((w) => [w.name, money(w.cost, c), money(w.loadedCost, c), num(w.gpuHoursBusy), money(w.perMillionOutputTokens, c), money(w.perMillionTokens, c)]),
        align: "lrrrrr",
      },
    })
  blocks.push({ kind: "chart", chart: "cost" })
  return { id: "cost", title: "Cost breakdown", blocks }
}

const priceSection = (r: Report): Section => {
  const c = r.scenario.currency
  const q = r.quote
  if (!q) return { id: "price", title: "Price table", blocks: [{ kind: "note", text: "— (no quote for this run)" }] }
  const blocks: Block[] = [
    {
      kind: "table",
      table: {
        caption: `Margin ${pct(q.margin, 0)} on cost (price = cost / (1 − margin))`,
        header: ["item", "price"],
        rows: [
          ["per 1M input tokens", money(q.perMillionInputTokens, c)],
          ["per 1M output tokens", money(q.perMillionOutputTokens, c)],
          ["per GPU-hour", money(q.perGpuHour, c)],
          ["per month", money(q.monthly, c)],
          [`commitment (${num(q.commitmentMonths)} months)`, money(q.commitmentTotal, c)],
          ["break-even utilization", pct(q.breakEvenUtilization)],
          ["reserved beats on-demand above", q.reservedVsOnDemandBreakEven === null || q.reservedVsOnDemandBreakEven === undefined ? "—" : pct(q.reservedVsOnDemandBreakEven)],
          ["blended cost per GPU-hour", m0(q.blendedCostPerGpuHour, c)],
        ],
        align: "lr",
      },
    },
  ]
  if (q.inputOutputSplit !== undefined)
    blocks.push({ kind: "paragraph", text: `Input/output split: ${pct(q.inputShareOfGpuTime)} of the workloads' cost is priced into input tokens (${q.inputOutputSplit}).` })
  if ((q.byWorkload ?? []).length > 1)
    blocks.push({
      kind: "table",
      table: { caption: "Per workload", header: ["workload", "input share", "per 1M input", "per 1M output"], rows: q.byWorkload.map((w) => [w.name, pct(w.inputShareOfGpuTime), money(w.perMillionInputTokens, c), money(w.perMillionOutputTokens, c)]), align: "lrrr" },
    })
  if ((q.prices ?? []).length > 0)
    blocks.push({
      kind: "table",
      table: {
        caption: "Prices used",
        header: ["pool", "kind", "item", "value", "as of", "source"],
        rows: q.prices.map((p) => [p.pool ?? "—", p.kind, p.item, money(p.value, c), `${p.asOf ?? "—"}${p.stale ? " (STALE)" : ""}`, p.source]),
        align: "lllrll",
      },
    })
  return { id: "price", title: "Price table", blocks }
}

const m0 = (x: number | undefined, c: string) => (x === undefined ? "—" : money(x, c))

const sensitivitySection = (r: Report, s: Sensitivity): Section => ({
  id: "sensitivity",
  title: "Sensitivity",
  blocks: [
    { kind: "paragraph", text: `Each input moved alone, everything else as written (same engine, seeds and horizon); ${sensitivityBase(s, r.scenario.currency)}. Biggest swing first.` },
    { kind: "table", table: { ...sensitivityTable(s), caption: "Which inputs move cost and SLO attainment most" } },
    { kind: "note", text: SENSITIVITY_PRICES_NOTE },
    { kind: "chart", chart: "sensitivity" },
  ],
})

/** The proposal document of a report, with the sensitivity section when `run --sensitivity` ran. */
export const buildProposal = (r: Report, sensitivity?: Sensitivity): Proposal => ({
  title: r.scenario.name,
  description: r.scenario.description,
  runLine: `seed ${r.scenario.seed} · horizon ${formatDuration(r.scenario.horizonSeconds)} · ${r.scenario.replications} replication${r.scenario.replications === 1 ? "" : "s (means)"} · ${r.scenario.engine === "des" ? "discrete-event simulation" : "analytic steady-state estimate"} · ${r.generator.name} ${r.generator.version}`,
  sections: [summary(r), capacity(r), latencySection(r), costSection(r), priceSection(r), ...(sensitivity ? [sensitivitySection(r, sensitivity)] : []), assumptions(r)],
})
