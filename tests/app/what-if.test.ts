/** What-if knobs: stepping, and applying settings to the scenario's YAML (kept readable and valid). */
import * as fs from "node:fs"
import * as path from "node:path"
import { describe, expect, it } from "vitest"
import { bundledScenarioDir } from "../../src/app/scenario-catalog.ts"
import { applyKnobs, describeSettings, formatKnob, knobsOf, loadScenarioText, stepKnob } from "../../src/app/what-if.ts"

const file = path.join(bundledScenarioDir(), "chat-h100-burst.yaml")
const text = fs.readFileSync(file, "utf8")
const loaded = loadScenarioText(text, file)
if (!loaded.ok) throw new Error("the default scenario must load")
const s = loaded.loaded.scenario
const knobs = knobsOf(s)
const knob = (id: string) => knobs.find((k) => k.id === id)!

describe("what-if knobs", () => {
  it("the default scenario offers pool nodes, GPU type, demand, margin, SLO, tensor parallel and autoscaling target", () => {
    expect(knobs.map((k) => `${k.label}=${formatKnob(k, k.base)}`)).toEqual([
      "reserved nodes=4",
      "burst max nodes=6",
      "demand=×1.0",
      "margin=30%",
      "chat SLO TTFT p99=2s",
      "chat tensor parallel=2",
      "GPU type (pools on H100-SXM)=H100-SXM",
      "chat-burst autoscaling target (queueDepth)=8",
    ])
  })

  it("the GPU knob walks the catalog and switches every pool of that type together; the target knob steps by 1", () => {
    const gpu = knob("gpu")
    // Catalog order: … H100-SXM, H100-PCIe, H200, …
    expect(formatKnob(gpu, stepKnob(gpu, gpu.base, 1))).toBe("H100-PCIe")
    const h200 = stepKnob(gpu, stepKnob(gpu, gpu.base, 1), 1)
    expect(formatKnob(gpu, h200)).toBe("H200")
    const out = applyKnobs(text, s, { gpu: h200, "target:0": stepKnob(knob("target:0"), 8, 1) })
    const again = loadScenarioText(out, file)
    expect(again.ok).toBe(true)
    if (!again.ok) return
    expect(again.loaded.scenario.pools.map((p) => p.gpu)).toEqual(["H200", "H200"])
    // The H100 prices written in the file are dropped: the H200's catalog prices apply.
    expect(again.loaded.scenario.pools.map((p) => (p.pricing as { perGpuHour?: number }).perGpuHour)).toEqual([undefined, undefined])
    expect(again.loaded.scenario.autoscaling[0]!.target).toBe(9)
  })
  it("steps: nodes ±1 (at least 1), demand ±0.1, margin ±5 points, SLO and TP through round values", () => {
    expect(stepKnob(knob("nodes:0"), 1, -1)).toBe(1)
    expect(stepKnob(knob("demand"), 1, 1)).toBe(1.1)
    expect(stepKnob(knob("margin"), 0.3, -1)).toBe(0.25)
    expect(stepKnob(knob("slo:0"), 2, 1)).toBe(2.5)
    expect(stepKnob(knob("slo:0"), 2, -1)).toBe(1.5)
    expect(stepKnob(knob("tp:0"), 2, 1)).toBe(4)
    expect(stepKnob(knob("tp:0"), 1, -1)).toBe(1)
  })
  it("applying settings edits the YAML in place (comments kept) and the result loads with the new values", () => {
    const out = applyKnobs(text, s, { "nodes:0": 5, "nodes:1": 2, demand: 1.5, margin: 0.4, "slo:0": 1.5, "tp:0": 4 })
    expect(out).toContain("# This is gpuplan's default scenario")
    // Only the edited values change: every other line reads as before.
    const changed = out.split("\n").filter((l, i) => l !== text.split("\n")[i])
    expect(changed).toEqual([
      "    nodes: 5",
      "    nodes: { min: 0, max: 2, initial: 0 }",
      "    replica: { tensorParallel: 4 }",
      '    arrivals: { pattern: diurnal, meanRate: 30, peakToMean: 1.8, peakAt: "14:00" }',
      "    slo: { ttft: { p99: 1.5 }, tpot: { p99: 150ms } }",
      "  margin: 0.4",
    ])
    const l = loadScenarioText(out, file)
    if (!l.ok) throw new Error(l.diagnostics.map((d) => d.message).join("; "))
    const t = l.loaded.scenario
    expect(t.pools[0]!.nodes).toBe(5)
    expect(t.pools[1]!.nodes).toMatchObject({ min: 0, max: 2, initial: 0 })
    expect(t.inference[0]!.arrivals).toMatchObject({ pattern: "diurnal", meanRate: 30 })
    expect(t.quote.margin).toBe(0.4)
    expect(t.inference[0]!.slo?.ttft).toEqual({ p99: 1.5 })
    expect(t.inference[0]!.replica.tensorParallel).toBe(4)
  })
  it("no settings, same text", () => {
    expect(applyKnobs(text, s, {})).toBe(text)
  })
  it("describes what changed", () => {
    expect(describeSettings(knobs, { demand: 1.2, "nodes:1": 8, margin: 0.3 })).toBe("burst max nodes 8, demand ×1.2")
  })
})

describe("what-if knobs on a scenario without the keys", () => {
  it("adds quote.margin and replica.tensorParallel when the file does not have them", () => {
    const bare = text.replace(/\nquote:\n  margin: 30%\n  commitment: 12mo\n/, "\n").replace("    replica: { tensorParallel: 2 }\n", "")
    const b = loadScenarioText(bare, file)
    if (!b.ok) throw new Error(b.diagnostics.map((d) => d.message).join("; "))
    const out = applyKnobs(bare, b.loaded.scenario, { margin: 0.25, "tp:0": 4 })
    const l = loadScenarioText(out, file)
    if (!l.ok) throw new Error(l.diagnostics.map((d) => d.message).join("; "))
    expect(l.loaded.scenario.quote.margin).toBe(0.25)
    expect(l.loaded.scenario.inference[0]!.replica.tensorParallel).toBe(4)
    expect(l.loaded.scenario.inference[0]!.name).toBe("chat")
  })
})

describe("export", () => {
  it("writes the proposal as md and html under new names, never over an existing file", async () => {
    const { Effect } = await import("effect")
    const os = await import("node:os")
    const { exportReport } = await import("../../src/app/save-scenario.ts")
    const { runScenario } = await import("../../src/app/run.ts")
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gpuplan-export-"))
    const report = await Effect.runPromise(runScenario(loaded.loaded, { engine: "analytic" }))
    const first = await Effect.runPromise(exportReport(report, dir))
    const second = await Effect.runPromise(exportReport(report, dir))
    expect(first.map((f) => path.basename(f))).toEqual(["gpuplan-acme-chat-assistant-llama-3-1-70b-on-h100.md", "gpuplan-acme-chat-assistant-llama-3-1-70b-on-h100.html"])
    expect(second.map((f) => path.basename(f))).toEqual(["gpuplan-acme-chat-assistant-llama-3-1-70b-on-h100-2.md", "gpuplan-acme-chat-assistant-llama-3-1-70b-on-h100-2.html"])
    expect(fs.readFileSync(first[0]!, "utf8")).toContain("Acme chat assistant")
    expect(fs.readFileSync(first[1]!, "utf8")).toMatch(/^<!doctype html>/i)
  })
})
