/**
 * What `gpuplan size` prints: the search in one line, the winner, a ranked table of the verified
 * candidates and the cheaper candidates the screen rejected, each with why it lost; then the
 * winner's own report. `--format json` gives the same as data.
 *
 * ```
 * SIZE — Size — 50 req/s Llama 3.1 70B chat, cheapest fleet
 *   searched   648 candidates · 436 promising by the analytic screen · 4 verified by simulation (3 replications × 30m)
 *   winner     H100-SXM TP2 · 2 reserved — $16.00 over 30m, every SLO met in 3/3 replications
 *   scenario   scenarios/size-chat-50rps-sized.yaml
 * ```
 */
import { formatDuration } from "../domain/units.ts"
import { latency, money, table } from "../report/format.ts"
import { renderText } from "../report/text.ts"
import { describeCandidate, worstSloRatio, type SizeResult, type Verified } from "./size.ts"
import type { Search } from "../domain/scenario/index.ts"

const objectiveWords = (o: Search["objective"]) => (o === "totalCost" ? "total cost" : "cost per 1M tokens")

const why = (v: Verified, winner: Verified | null, currency: string, objective: Search["objective"]): string => {
  if (v === winner) return "winner"
  if (v.passedReplications < v.replications) return `missed ${v.missed.join("; ")}`
  if (winner === null) return ""
  const d = v.objective - winner.objective
  if (d > 1e-9) return `${money(d, currency)} more ${objectiveWords(objective)} (+${((d / winner.objective) * 100).toFixed(1)}%)`
  return `same ${objectiveWords(objective)}, less SLO headroom (worst target at ${(worstSloRatio(v.report) * 100).toFixed(0)}% vs ${(worstSloRatio(winner.report) * 100).toFixed(0)}%)`
}

const worstTarget = (v: Verified): string => {
  const ts = v.report.inference.flatMap((w) => w.slo.targets.map((t) => ({ t, r: t.actualSeconds / t.targetSeconds })))
  const worst = ts.sort((a, b) => b.r - a.r)[0]
  return worst ? `${worst.t.metric.toUpperCase()} ${worst.t.percentile} ${latency(worst.t.actualSeconds)}` : "—"
}

/** The text of a size result (deterministic: no timings). */
export const renderSizeText = (r: SizeResult, currency: string, scenarioFile: string | null): string => {
  const h = formatDuration(r.verifyHorizonSeconds)
  const lines = [
    `SIZE — ${r.scenarioName}`,
    `  searched   ${r.candidates} candidates · ${r.promising} promising by the analytic screen · ${r.verified.length} verified by simulation (${r.replications} replication${r.replications === 1 ? "" : "s"} × ${h}) · objective: ${objectiveWords(r.objective)}`,
  ]
  const w = r.winner
  if (w === null) lines.push("  winner     none: no verified candidate met every SLO in every replication (widen the search: more nodes, GPU types or TP degrees)")
  else {
    lines.push(`  winner     ${describeCandidate(w.candidate)} — ${money(w.totalCost, currency)} over ${h}${r.objective === "perMillionTokens" ? ` (${money(w.objective, currency)} per 1M tokens)` : ""}, every SLO met in ${w.passedReplications}/${w.replications} replications`)
    if (scenarioFile !== null) lines.push(`  scenario   ${scenarioFile} (runnable: gpuplan run ${scenarioFile})`)
  }
  lines.push("", "RANKED (verified by simulation)")
  const rows = r.verified.map((v, i) => [String(i + 1), describeCandidate(v.candidate), money(v.objective, currency), `${v.passedReplications}/${v.replications}`, worstTarget(v), why(v, w, currency, r.objective)])
  lines.push(...table(["rank", "candidate", r.objective === "totalCost" ? `cost (${h})` : "per 1M tokens", "SLO met", "worst target", "why it lost"], rows, "r rr").map((l) => `  ${l}`))
  if (r.rejectedCheaper.length > 0) {
    lines.push("", "CHEAPER BUT SCREENED OUT (analytic estimate)")
    const rej = r.rejectedCheaper.map((x) => [describeCandidate(x.candidate), money(x.bound, currency), x.note])
    lines.push(...table(["candidate", "estimate", "why it lost"], rej, " r").map((l) => `  ${l}`))
  }
  if (w !== null) lines.push("", "WINNER'S REPORT", "", renderText(w.report))
  return lines.join("\n") + "\n"
}

/** The JSON of a size result: `{ schemaVersion: 1, kind: "size", … }`, the winner's full report inside. */
export const sizeJson = (r: SizeResult, scenarioFile: string | null): string =>
  JSON.stringify(
    {
      schemaVersion: 1,
      kind: "size",
      scenario: r.scenarioName,
      objective: r.objective,
      candidates: r.candidates,
      promising: r.promising,
      verifyHorizonSeconds: r.verifyHorizonSeconds,
      replications: r.replications,
      winner: r.winner === null ? null : { candidate: describeCandidate(r.winner.candidate), ...r.winner.candidate, objective: r.winner.objective, totalCost: r.winner.totalCost, scenarioFile, report: r.winner.report },
      ranked: r.verified.map((v, i) => ({ rank: i + 1, candidate: describeCandidate(v.candidate), ...v.candidate, objective: v.objective, totalCost: v.totalCost, passedReplications: v.passedReplications, replications: v.replications, missed: v.missed })),
      screenedOut: r.rejectedCheaper.map((x) => ({ candidate: describeCandidate(x.candidate), ...x.candidate, estimate: x.bound, why: x.note })),
    },
    null,
    2,
  ) + "\n"
