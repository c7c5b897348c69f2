/**
 * The text report: what a sales engineer reads at a glance. Headline first (does it hold, what it
 * costs), then details per workload and pool, then the assumptions the numbers rest on.
 */
import { formatDuration } from "../domain/units.ts"
import { latency, money, num, pct, table } from "./format.ts"
import type { InferenceReport, Report } from "./types.ts"

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
    `    requests    ${num(w.requests.arrived)} arrived · ${num(w.requests.completed)} completed · ${num(w.requests.rejected)} rejected · ${num(w.requests.preempted)} preempted · ${num(w.requests.inFlightAtEnd)} in flight at the end`,
    `    throughput  ${num(w.throughput.requestsPerSecond)} req/s · ${num(w.throughput.outputTokensPerSecond)} output tok/s · ${num(w.throughput.inputTokensPerSecond)} input tok/s (over ${latency(w.throughput.spanSeconds)})`,
    `    SLO         ${slo}`,
    ...table(["    latency", "mean", "p50", "p90", "p99", "SLO"], rows.map((row) => ["    " + row[0]!, ...row.slice(1)]), "lrrrrl").map((l) => l),
    `    utilization a batch runs ${pct(w.utilization.busy)} of the time · mean batch ${num(w.utilization.meanBatch)} sequences · KV cache ${pct(w.utilization.kvCache)} full on average (${num(w.kvCapacityTokens)} tokens per replica)${ci(`inference[${i}].latency.ttft.p99`)}`,
  ]
}

export const renderText = (r: Report): string => {
  const s = r.scenario
  const lines: string[] = []
  lines.push(s.name)
  if (s.description) lines.push(s.description)
  lines.push(`seed ${s.seed} · horizon ${formatDuration(s.horizonSeconds)} · ${s.replications} replication${s.replications > 1 ? "s (means; 95% intervals in JSON)" : ""} · ${s.engine === "des" ? "discrete-event engine" : "analytic engine (steady state)"}`)
  lines.push("")
  if (r.quote || r.cost) {
    lines.push("QUOTE")
    if (r.cost) lines.push(`  cost        ${money(r.cost.total, s.currency)} over the horizon · ${money(r.cost.perMillionOutputTokens, s.currency)} per 1M output tokens · idle ${money(r.cost.idle, s.currency)}`)
    if (r.quote)
      lines.push(
        `  price       ${money(r.quote.perMillionInputTokens, s.currency)} / 1M input · ${money(r.quote.perMillionOutputTokens, s.currency)} / 1M output · ${money(r.quote.perGpuHour, s.currency)} / GPU-hour · ${money(r.quote.monthly, s.currency)} / month (margin ${pct(r.quote.margin, 0)}, break-even at ${pct(r.quote.breakEvenUtilization)} utilization)`,
      )
    lines.push("")
  }
  if (r.inference.length > 0) {
    lines.push("INFERENCE")
    for (const w of r.inference) lines.push(...workloadLines(w, r), "")
  }
  if (r.training.length > 0) {
    lines.push("TRAINING")
    lines.push(
      ...table(
        ["  job", "done", "wall clock", "GPU-hours", "MFU", "ETTR", "interruptions", "deadline"],
        r.training.map((t) => ["  " + t.name, t.completed ? "yes" : "no", latency(t.wallClockSeconds), num(t.gpuHours), pct(t.mfu), pct(t.ettr), num(t.interruptions), t.deadlineMet === null ? "—" : t.deadlineMet ? "met" : "MISSED"]),
        "llrrrrrl",
      ),
      "",
    )
  }
  lines.push("POOLS")
  lines.push(
    ...table(
      ["  pool", "GPU", "pricing", "nodes", "GPU-h provisioned", "GPU-h busy", "utilization", "energy kWh", "cost"],
      r.pools.map((p) => ["  " + p.name, p.gpu, p.pricing, p.nodes.min === p.nodes.max ? String(p.nodes.initial) : `${p.nodes.min}–${p.nodes.max} (mean ${num(p.nodes.mean)})`, num(p.gpuHoursProvisioned), num(p.gpuHoursBusy), pct(p.utilization), num(p.energyKwh), money(p.cost, s.currency)]),
      "lllrrrrrr",
    ),
  )
  lines.push("")
  lines.push(`ASSUMPTIONS — ${r.assumptions.length} defaults applied (all listed in --format json):`)
  for (const a of r.assumptions.slice(0, 8)) lines.push(`  ${a.path} = ${a.value}  [${a.source}]`)
  if (r.assumptions.length > 8) lines.push(`  … and ${r.assumptions.length - 8} more`)
  return lines.join("\n") + "\n"
}
