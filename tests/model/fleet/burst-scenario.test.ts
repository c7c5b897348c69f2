/**
 * scenarios/chat-h100-burst.yaml: a diurnal chat on 4 reserved nodes plus an on-demand burst pool
 * that scales up before the 14:00 peak (the schedule pre-warms 4 nodes from 12:00) and back down
 * after it; the report shows it in the per-minute timeline and the pools' node means.
 */
import { Effect } from "effect"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { loadScenario } from "../../../src/app/load-scenario.ts"
import { runScenario } from "../../../src/app/run.ts"

describe("chat-h100-burst: burst capacity follows the day", async () => {
  const file = join(import.meta.dirname, "..", "..", "..", "scenarios", "chat-h100-burst.yaml")
  const report = await Effect.runPromise(Effect.flatMap(loadScenario(file), (l) => runScenario(l, { replications: 1 })))
  const series = report.timeline.series
  const at = (name: string, hhmm: number) => series[name]![Math.round(hhmm * 60) - 1]!

  it("the timeline has demand, serving replicas, provisioned and serving nodes, and queue depth per minute", () => {
    expect(report.timeline.stepSeconds).toBe(60)
    for (const k of ["chat.arrivalsPerSecond", "chat.replicas", "chat.queue", "burst.nodes", "burst.servingNodes", "reserved.nodes"]) expect(series[k]!.length).toBe(1440)
  })

  it("no burst node at night; the schedule's 4 nodes serve before the 14:00 peak; back to none late in the evening", () => {
    expect(at("burst.nodes", 4)).toBe(0)
    expect(at("burst.servingNodes", 13)).toBeGreaterThanOrEqual(4)
    expect(at("chat.replicas", 13)).toBeGreaterThanOrEqual(32)
    expect(at("burst.nodes", 23.5)).toBe(0)
    expect(at("reserved.nodes", 14)).toBe(4)
  })

  it("the pools' node means and GPU-hours by state show it: booting and loading are paid, the SLO holds", () => {
    const burst = report.pools[1]!
    expect(burst.nodes.mean).toBeGreaterThan(0.5)
    expect(burst.nodes.mean).toBeLessThan(3)
    expect(burst.fleet!.gpuHoursByState.booting).toBeGreaterThan(0)
    expect(burst.fleet!.gpuHoursByState.loading).toBeGreaterThan(0)
    expect(burst.gpuHoursProvisioned).toBeCloseTo(burst.nodes.mean * 8 * 24, 0)
    expect(report.inference[0]!.slo.met).toBe(true)
  })
})
