/** The Latency tab: per workload, percentiles of TTFT / TPOT / E2E / queueing against the SLO. */
import { latency, num, pct, table } from "../../report/format.ts"
import type { InferenceReport, Report } from "../../report/types.ts"
import type { Line } from "./text.ts"

const target = (w: InferenceReport, metric: "ttft" | "tpot" | "e2e"): string =>
  w.slo.targets
    .filter((t) => t.metric === metric)
    .map((t) => `${t.percentile} ≤ ${latency(t.targetSeconds)} ${t.met ? "✓" : "✗"}`)
    .join(" ")

export const latencyLines = (r: Report): Line[] => {
  if (r.inference.length === 0) return ["no inference workloads"]
  return r.inference.flatMap((w): Line[] => [
    { text: `${w.name} — ${w.model} ${w.weights} on ${w.gpu}, TP${w.tensorParallel} · ${num(w.replicas.mean)} replicas on average`, tone: "title" },
    w.slo.targets.length === 0
      ? "  no SLO given"
      : { text: `  ${pct(w.slo.attainment)} of requests met every SLO · ${w.slo.met ? "all targets met ✓" : "TARGETS MISSED ✗"}`, tone: w.slo.met ? "good" : "bad" },
    ...table(
      ["  latency", "mean", "p50", "p90", "p99", "SLO"],
      (["ttft", "tpot", "e2e", "queue"] as const).map((m) => [
        `  ${m === "queue" ? "queueing" : m.toUpperCase()}`,
        latency(w.latency[m].mean),
        latency(w.latency[m].p50),
        latency(w.latency[m].p90),
        latency(w.latency[m].p99),
        m === "queue" ? "" : target(w, m),
      ]),
      "lrrrrl",
    ),
    "",
  ])
}
