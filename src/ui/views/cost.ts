/** The Cost tab: the ledger by pool, workload and idle capacity, and the quote table. */
import { money, num, pct, table } from "../../report/format.ts"
import type { Report } from "../../report/types.ts"
import type { Line } from "./text.ts"

export const costLines = (r: Report): Line[] => {
  const c = r.scenario.currency
  const out: Line[] = [{ text: "by pool", tone: "title" }]
  out.push(
    ...table(
      ["  pool", "GPU", "pricing", "GPU-h", "busy", "cost"],
      r.pools.map((p) => [`  ${p.name}`, p.gpu, p.pricing, num(p.gpuHoursProvisioned), pct(p.utilization), r.cost ? money(p.cost, c) : "—"]),
      "lllrrr",
    ),
  )
  if (r.cost === null) {
    out.push("", "cost ledger: — (not in this build yet; pools, workloads and idle cost appear when it lands)")
  } else {
    out.push("", { text: "by workload", tone: "title" })
    out.push(...table(["  workload", "cost"], [...Object.entries(r.cost.byWorkload).map(([k, v]) => [`  ${k}`, money(v, c)]), ["  idle capacity", money(r.cost.idle, c)], ["  total", money(r.cost.total, c)]], "lr"))
  }
  out.push("", { text: "quote", tone: "title" })
  const q = r.quote
  if (q === null) out.push("  — (quote not in this build yet)")
  else
    out.push(
      ...table(
        ["  per GPU-hour", "1M input", "1M output", "monthly", "break-even", "margin"],
        [[`  ${money(q.perGpuHour, c)}`, money(q.perMillionInputTokens, c), money(q.perMillionOutputTokens, c), money(q.monthly, c), pct(q.breakEvenUtilization), pct(q.margin, 0)]],
        "rrrrrr",
      ),
    )
  return out
}
