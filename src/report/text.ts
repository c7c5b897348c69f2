/**
 * The text report: what a sales engineer reads at a glance. Headline first (does it hold, what it
 * costs), then details per workload and pool, then the assumptions the numbers rest on.
 */
import { formatDuration } from "../domain/units.ts"
import { latency, money, num, pct, table } from "./format.ts"
import type { InferenceReport, PoolReport, Report } from "./types.ts"

const sloMark = (w: InferenceReport, metric: "ttft" | "tpot" | "e2e"): string =>
  w.slo.targets
    .filter((t) => t.metric === metric)
    .map((t) => `${t.percentile} ≤ ${latency(t.targetSeconds)} ${t.met ? "✓" : "✗ MISSED"}`)
    .join(", ")

const workloadLines = (w: InferenceReport, r: Report): string[] => {
  const ci = (path: string) => {
    const u = r.uncertainty?.[path]
    return u ? ` (95% CI ${latency(u[0])}–${latency(u[1])})` : ""
  }
  const i = r.inference.indexOf(w)
  const lat = (m: "ttft" | "tpot" | "e2e" | "queue") => w.latency[m]
  const rows = (["ttft", "tpot", "e2e", "queue"] as const).map((m) => [
    m === "queue" ? "queueing" : m.toUpperCase(),
    latency(lat(m).mean),
    latency(lat(m).p50),
    latency(lat(m).p90),
    latency(lat(m).p99),
    m === "queue" ? "" : sloMark(w, m),
  ])
  const slo = w.slo.targets.length === 0 ? "no SLO given" : `${pct(w.slo.attainment)} of requests met every SLO · goodput ${num(w.slo.goodputRequestsPerSecond)} req/s · ${w.slo.met ? "all targets met" : "TARGETS MISSED"}`
  return [
    `  ${w.name} — ${w.model} ${w.weights} on ${w.gpu}, TP${w.tensorParallel}${w.pipelineParallel > 1 ? `×PP${w.pipelineParallel}` : ""} (${w.gpusPerReplica} GPU${w.gpusPerReplica > 1 ? "s" : ""}/replica), ${num(w.replicas.mean)} replicas on average (max ${w.replicas.max})`,
    `    requests    ${num(w.requests.arrived)} arrived · ${num(w.requests.completed)} completed · ${num(w.requests.rejected)} rejected · ${num(w.requests.preempted)} preempted · ${num(w.requests.inFlightAtEnd)} in flight at the end${w.requests.requeued > 0 ? ` · ${num(w.requests.requeued)} re-queued from lost or removed replicas (none lost)` : ""}`,
    `    throughput  ${num(w.throughput.requestsPerSecond)} req/s · ${num(w.throughput.outputTokensPerSecond)} output tok/s · ${num(w.throughput.inputTokensPerSecond)} input tok/s (over ${latency(w.throughput.spanSeconds)})`,
    `    SLO         ${slo}`,
    ...table(["    latency", "mean", "p50", "p90", "p99", "SLO"], rows.map((row) => ["    " + row[0]!, ...row.slice(1)]), "lrrrrl").map((l) => l),
    `    capacity    ${pct(w.utilization.capacity)} of the replicas' capacity in use (one replica serves up to ${num(w.utilization.replicaCapacityRequestsPerSecond)} req/s at this mix) · a batch runs ${pct(w.utilization.busy)} of the time · mean batch ${num(w.utilization.meanBatch)} · KV cache ${pct(w.utilization.kvCache)} full (${w.replicaKinds ? w.replicaKinds.map((k) => `${num(k.kvCapacityTokens)} tokens per ${k.gpu} replica`).join(", ") : `${num(w.kvCapacityTokens)} tokens per replica`})${ci(`inference[${i}].latency.ttft.p99`)}`,
  ]
}

/** Pool cost as "reserved $1,234.00 = rental $… + overflow $…", naming only the lines in use. */
const poolCostLine = (p: PoolReport, currency: string): string => {
  const b = p.costBreakdown
  const parts = b ? (["rental", "overflow", "depreciation", "energy", "colocation"] as const).filter((k) => b[k] !== 0).map((k) => `${k} ${money(b[k], currency)}`) : []
  const per = p.costPerGpuHour !== undefined && p.gpuHoursProvisioned > 0 ? ` · ${money(p.costPerGpuHour, currency)} per provisioned GPU-hour` : ""
  return `${p.name} (${p.pricing}) ${money(p.cost, currency)}${parts.length > 1 ? ` = ${parts.join(" + ")}` : ""}${per}`
}

/**
 * The COST AND QUOTE section:
 *
 * ```
 * COST AND QUOTE
 *   cost        $7,065.60 over 2.00 d · idle $0.2473 (0.0%) · $3.89 per 1M output tokens · $0.7365 per 1M tokens (all-in)
 *   pools       rented (reserved) $7,065.60 · $2.30 per provisioned GPU-hour
 *   energy      2,150 kWh drawn by the GPUs (included in the rental prices)
 *   price       $0.1334 / 1M input · $4.99 / 1M output · $3.29 / GPU-hour · $151,406.00 / month · $5,450,610.00 for 36 months (margin 30%)
 *   split       input tokens carry 10.3% of the GPU time (measured: prefill of the mean prompt vs decode of the mean output at the mean batch)
 *   break-even  the token prices cover the fleet down to 70.0% utilization (simulated 100.0%) · reserving beats on-demand above 65.7% ($2.30 vs $3.50 / GPU-hour)
 *   prices      rented perGpuHour $2.30 (scenario) · rented overflowPerGpuHour $3.50 (catalog, as of 2025-06-01, STALE)
 * ```
 */
const quoteLines = (r: Report): string[] => {
  const cur = r.scenario.currency
  const lines = ["COST AND QUOTE"]
  const c = r.cost
  if (c) {
    const idleShare = c.total > 0 ? ` (${pct(c.idle / c.total)})` : ""
    lines.push(`  cost        ${money(c.total, cur)} over ${formatDuration(c.spanSeconds)} · idle ${money(c.idle, cur)}${idleShare} · ${money(c.perMillionOutputTokens, cur)} per 1M output tokens · ${money(c.perMillionTokens, cur)} per 1M tokens (all-in)`)
    if (c.workloads.length > 1)
      lines.push(`  workloads   ${c.workloads.map((w) => `${w.name} ${money(w.cost, cur)} (${money(w.perMillionOutputTokens, cur)} per 1M output)`).join(" · ")}`)
    lines.push(`  pools       ${r.pools.map((p) => poolCostLine(p, cur)).join("\n              ")}`)
    const jobs = Object.entries(c.byTraining)
    if (jobs.length > 0) lines.push(`  training    ${jobs.map(([name, cost]) => `${name} ${money(cost, cur)}`).join(" · ")} (the GPU-seconds each job's gang held, at its pool's rate)`)
    lines.push(`  energy      ${num(c.energyKwh)} kWh drawn by the GPUs (${c.energy > 0 ? `owned pools pay ${money(c.energy, cur)} for it, PUE included` : "included in the rental prices"})`)
  }
  const q = r.quote
  if (q) {
    lines.push(
      `  price       ${money(q.perMillionInputTokens, cur)} / 1M input · ${money(q.perMillionOutputTokens, cur)} / 1M output · ${money(q.perGpuHour, cur)} / GPU-hour · ${money(q.monthly, cur)} / month · ${money(q.commitmentTotal, cur)} for ${num(q.commitmentMonths)} months (margin ${pct(q.margin, 0)})`,
    )
    lines.push(`  split       input tokens carry ${pct(q.inputShareOfGpuTime)} of the GPU time (${q.inputOutputSplit})`)
    const rvo = q.reservedVsOnDemand[0]
    const reserve = rvo ? ` · reserving beats on-demand above ${pct(rvo.breakEvenUtilization)} (${money(rvo.reservedPerGpuHour, cur)} vs ${money(rvo.onDemandPerGpuHour, cur)} / GPU-hour)` : ""
    lines.push(`  break-even  the token prices cover the fleet down to ${pct(q.breakEvenUtilization)} utilization (simulated ${pct(q.utilization)})${reserve}`)
    const shown = q.prices.map((p) => `${p.pool ?? "facility"} ${p.item} ${money(p.value, cur)} (${p.builtIn ? `catalog, as of ${p.asOf}${p.stale ? `, STALE: older than ${q.staleAfterDays} days` : ""}` : "scenario"})`)
    lines.push(`  prices      ${shown.join("\n              ")}`)
  }
  return lines
}

export const renderText = (r: Report): string => {
  const s = r.scenario
  const lines: string[] = []
  lines.push(s.name)
  if (s.description) lines.push(s.description)
  lines.push(`seed ${s.seed} · horizon ${formatDuration(s.horizonSeconds)} · ${s.replications} replication${s.replications > 1 ? "s (means; 95% intervals in JSON)" : ""} · ${s.engine === "des" ? "discrete-event engine" : "analytic engine (steady state)"}`)
  lines.push("")
  if (r.quote || r.cost) lines.push(...quoteLines(r), "")
  if (r.inference.length > 0) {
    lines.push("INFERENCE")
    for (const w of r.inference) lines.push(...workloadLines(w, r), "")
  }
  if (r.training.length > 0) {
    lines.push(`TRAINING — ${r.training[0]!.method}`)
    lines.push(
      ...table(
        ["  job", "GPUs", "done in horizon", "wall clock", "GPU-hours", "MFU", "ETTR", "interruptions", "deadline"],
        r.training.map((t) => ["  " + t.name, `${t.gpus} (${t.parallelism.tensor}×${t.parallelism.pipeline}×${t.parallelism.data})`, t.completed ? "yes" : "no", latency(t.wallClockSeconds), num(t.gpuHours), pct(t.mfu), pct(t.ettr), num(t.interruptions), t.deadlineMet === null ? "—" : t.deadlineMet ? "met" : "MISSED"]),
        "lrlrrrrrl",
      ),
      "",
    )
  }
  lines.push("POOLS")
  lines.push(
    ...table(
      ["  pool", "GPU", "pricing", "nodes", "GPU-h provisioned", "GPU-h used", "utilization", "GPU-h active", "energy kWh", "cost"],
      r.pools.map((p) => ["  " + p.name, p.gpu, p.pricing, p.nodes.min === p.nodes.max ? String(p.nodes.initial) : `${p.nodes.min}–${p.nodes.max} (mean ${num(p.nodes.mean)})`, num(p.gpuHoursProvisioned), num(p.gpuHoursBusy), pct(p.utilization), num(p.gpuHoursActive), num(p.energyKwh), money(p.cost, s.currency)]),
      "lllrrrrrrr",
    ),
  )
  const fleetLines = r.pools.flatMap((p) => {
    const f = p.fleet
    if (f === undefined) return []
    const st = f.gpuHoursByState
    const events = [
      f.nodesRequested > 0 ? `${num(f.nodesRequested)} node${f.nodesRequested === 1 ? "" : "s"} requested` : "",
      f.failures > 0 ? `${num(f.failures)} failure${f.failures === 1 ? "" : "s"}` : "",
      f.interruptions > 0 ? `${num(f.interruptions)} spot reclaim${f.interruptions === 1 ? "" : "s"}` : "",
    ].filter((x) => x !== "")
    const notServing = st.booting + st.loading + st.draining + st.repairing
    if (events.length === 0 && notServing === 0 && st.idle === 0 && st.training === 0) return []
    return [
      `  ${p.name}: ${events.length > 0 ? events.join(", ") + " · " : ""}GPU-hours ${num(st.serving)} serving, ${num(st.training)} training, ${num(st.idle)} up but idle, ${num(notServing)} booting/loading/draining/repairing (paid, not serving)`,
    ]
  })
  if (fleetLines.length > 0) lines.push("", "FLEET", ...fleetLines)
  lines.push("")
  // Which performance figures rest on a customer's calibration (scenario `calibrations:`), and which on catalog defaults.
  const calibrated = r.assumptions.filter((a) => a.source.startsWith("customer calibration"))
  const catalog = r.assumptions.filter((a) => /^gpus\.[^.]+\.(efficiency|overheads)$/.test(a.path) && !a.source.startsWith("customer calibration"))
  if (calibrated.length > 0) {
    lines.push("CALIBRATION")
    for (const a of calibrated) lines.push(`  ${a.path} = ${a.value}  [${a.source}]`)
    for (const a of catalog) lines.push(`  ${a.path} = ${a.value}  [catalog default: ${a.source}]`)
    lines.push("")
  }
  lines.push(`ASSUMPTIONS — ${r.assumptions.length} defaults applied (all listed in --format json):`)
  for (const a of r.assumptions.slice(0, 8)) lines.push(`  ${a.path} = ${a.value}  [${a.source}]`)
  if (r.assumptions.length > 8) lines.push(`  … and ${r.assumptions.length - 8} more`)
  return lines.join("\n") + "\n"
}
