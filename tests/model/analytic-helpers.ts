/** Scenario text → prepared scenario, through the real loader and preparation, for the analytic-engine tests. */
import { decodeScenarioText } from "../../src/app/load-scenario.ts"
import { prepareScenario, type PreparedScenario } from "../../src/model/prepare.ts"

/** A one-workload scenario: Llama-3.1-8B bf16 on one H100 node of `gpus` GPUs, TP1, with the given arrivals and lengths. */
export const smallScenario = (arrivals: string, opts: { gpus?: number; prompt?: string; output?: string; horizon?: string; slo?: string } = {}): string => `
name: analytic test
horizon: ${opts.horizon ?? "1h"}
pools:
  - name: p
    gpu: H100-SXM
    gpusPerNode: ${opts.gpus ?? 1}
    nodes: 1
    pricing: { kind: on-demand, perGpuHour: 2 }
inference:
  - name: w
    model: llama-3.1-8b
    weights: bf16
    replica: { tensorParallel: 1 }
    arrivals: ${arrivals}
    promptTokens: ${opts.prompt ?? "{ distribution: fixed, value: 500 }"}
    outputTokens: ${opts.output ?? "{ distribution: fixed, value: 200 }"}
${opts.slo ? `    slo: ${opts.slo}\n` : ""}`

/** Decode and prepare scenario text; throws with the diagnostics if it is invalid. */
export const prepareText = (text: string): PreparedScenario => {
  const decoded = decodeScenarioText(text, "test.yaml", "/tmp", () => ({ kind: "missing" }))
  if (!decoded.ok) throw new Error(decoded.diagnostics.map((d) => `${d.path}: ${d.message}`).join("\n"))
  const prepared = prepareScenario(decoded.scenario, { traces: new Map(), lengths: new Map() }, decoded.explicitPaths)
  if (!prepared.ok) throw new Error(prepared.problems.map((p) => p.message).join("\n"))
  return prepared.value
}
