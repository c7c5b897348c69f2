/** One-line and short summaries of a scenario, for `validate` and the scenario browser. */
import { findGpu } from "../domain/catalog/index.ts"
import type { Scenario } from "../domain/scenario/index.ts"
import { formatDuration } from "../domain/units.ts"

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`

/** GPUs a pool holds at most and at the start. */
export const poolGpus = (s: Scenario, i: number): { readonly initial: number; readonly max: number; readonly gpu: string } => {
  const p = s.pools[i]!
  const gpn = p.gpusPerNode ?? s.gpus?.[p.gpu]?.gpusPerNode ?? findGpu(p.gpu)?.gpusPerNode ?? findGpu(s.gpus?.[p.gpu]?.base ?? "")?.gpusPerNode ?? 8
  const [initial, max] = typeof p.nodes === "number" ? [p.nodes, p.nodes] : [p.nodes.initial ?? p.nodes.min, p.nodes.max]
  return { initial: initial * gpn, max: max * gpn, gpu: p.gpu }
}

/** `4 pools (up to 288 GPUs: 224 H100-SXM, 64 H200) · 1 inference workload · 1 training job · 1 autoscaler · horizon 7d` */
export const summarizeScenario = (s: Scenario): string => {
  const byGpu = new Map<string, number>()
  let total = 0
  s.pools.forEach((_, i) => {
    const g = poolGpus(s, i)
    byGpu.set(g.gpu, (byGpu.get(g.gpu) ?? 0) + g.max)
    total += g.max
  })
  const gpus = [...byGpu].map(([g, n]) => `${n} ${g}`).join(", ")
  const parts = [
    `${plural(s.pools.length, "pool")} (up to ${total} GPUs: ${gpus})`,
    plural(s.inference.length, "inference workload"),
    plural(s.training.length, "training job"),
  ]
  if (s.autoscaling.length > 0) parts.push(plural(s.autoscaling.length, "autoscaler"))
  parts.push(`horizon ${formatDuration(s.horizon)}`)
  if (s.replications > 1) parts.push(`${s.replications} replications`)
  return parts.join(" · ")
}
