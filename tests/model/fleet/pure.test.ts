/** The fleet's pure arithmetic: HPA rules, daily schedules, checkpoint cycles, model load time. */
import { describe, expect, it } from "vitest"
import { AutoscalerState } from "../../../src/model/fleet/autoscaler.ts"
import { computeSecondsAfter, savedComputeSecondsAfter, wallSecondsFor } from "../../../src/model/fleet/checkpoint-cycle.ts"
import { hpaDesiredReplicas, hpaScaleUpCap, scheduledMinNodes, StabilizationWindow } from "../../../src/model/fleet/hpa.ts"
import { DEFAULT_LOAD_BYTES_PER_SECOND, modelLoadSeconds } from "../../../src/model/fleet/provisioning.ts"

describe("HPA arithmetic (Kubernetes docs)", () => {
  it("desired = ceil(current · metric / target)", () => {
    expect(hpaDesiredReplicas(4, 12, 8, 0.1)).toBe(6) // 4 · 1.5
    expect(hpaDesiredReplicas(3, 1, 8, 0.1)).toBe(1) // ceil(0.375)
    expect(hpaDesiredReplicas(10, 0, 8, 0.1)).toBe(0)
  })
  it("no change inside the 0.1 tolerance, a change just outside it", () => {
    expect(hpaDesiredReplicas(4, 8.7, 8, 0.1)).toBe(4) // ratio 1.0875
    expect(hpaDesiredReplicas(4, 8.9, 8, 0.1)).toBe(5) // ratio 1.1125 → ceil(4.45)
    expect(hpaDesiredReplicas(10, 7.3, 8, 0.1)).toBe(10) // ratio 0.9125
  })
  it("from zero replicas a queue asks for one replica per target of it", () => {
    expect(hpaDesiredReplicas(0, 20, 8, 0.1)).toBe(3)
    expect(hpaDesiredReplicas(0, 0, 8, 0.1)).toBe(0)
  })
  it("scale-up is capped at max(+100 %, +4) per period", () => {
    expect(hpaScaleUpCap(0)).toBe(4)
    expect(hpaScaleUpCap(3)).toBe(7)
    expect(hpaScaleUpCap(10)).toBe(20)
  })
  it("scale-down follows the highest recommendation of the last 300 s", () => {
    const w = new StabilizationWindow(300)
    expect(w.recommend(0, 10)).toBe(10)
    expect(w.recommend(15, 2)).toBe(10)
    expect(w.recommend(300, 3)).toBe(10) // the 10 from t = 0 is still inside [0, 300]
    expect(w.recommend(315, 3)).toBe(3) // 0 has left the window, 2 and 3 remain
  })
  it("schedule windows by time of day, wrapping past midnight, every day", () => {
    const windows = [
      { fromSeconds: 12.5 * 3600, toSeconds: 16.5 * 3600, minNodes: 2 },
      { fromSeconds: 23 * 3600, toSeconds: 1 * 3600, minNodes: 1 },
    ]
    expect(scheduledMinNodes(windows, 12 * 3600)).toBe(0)
    expect(scheduledMinNodes(windows, 12.5 * 3600)).toBe(2)
    expect(scheduledMinNodes(windows, 16.5 * 3600)).toBe(0)
    expect(scheduledMinNodes(windows, 86_400 + 14 * 3600)).toBe(2) // day 2
    expect(scheduledMinNodes(windows, 23.5 * 3600)).toBe(1)
    expect(scheduledMinNodes(windows, 86_400 + 0.5 * 3600)).toBe(1)
  })
})

describe("checkpoint cycles (τ compute + δ write)", () => {
  it("compute done and saved after a run, by hand", () => {
    expect(computeSecondsAfter(2_000, 800, 60)).toBe(1_880) // two cycles end at 1,720, then 280 s of compute
    expect(computeSecondsAfter(830, 800, 60)).toBe(800) // writing the first checkpoint
    expect(savedComputeSecondsAfter(2_000, 800, 60)).toBe(1_600)
    expect(savedComputeSecondsAfter(859, 800, 60)).toBe(0) // the first checkpoint is not written yet
  })
  it("wall time to finish a compute amount, no checkpoint after the last second", () => {
    expect(wallSecondsFor(1_000, 800, 60)).toBe(1_060)
    expect(wallSecondsFor(1_600, 800, 60)).toBe(1_660)
    expect(wallSecondsFor(800, 800, 60)).toBe(800)
    expect(computeSecondsAfter(wallSecondsFor(1_234, 800, 60), 800, 60)).toBeCloseTo(1_234, 9)
  })
})

describe("model load time", () => {
  it("given, or weight bytes over 52 GiB / 62 s ≈ 0.9 GB/s (measured cold start, calibration.md)", () => {
    expect(DEFAULT_LOAD_BYTES_PER_SECOND).toBeCloseTo(900_557_658.8, 0)
    expect(modelLoadSeconds(70.6e9, undefined, undefined)).toBeCloseTo(78.40, 2)
    expect(modelLoadSeconds(70.6e9, 90, undefined)).toBe(90)
    expect(modelLoadSeconds(70e9, undefined, 2e9)).toBe(35)
  })
})

describe("autoscaler evaluation (HPA on outstanding requests per replica)", () => {
  const spec = {
    name: "a",
    workload: 0,
    pools: [0],
    metric: "queueDepth" as const,
    target: 4,
    intervalSeconds: 15,
    tolerance: 0.1,
    scaleUpLimitNodes: undefined,
    scaleDownAfterSeconds: 300,
    schedule: [{ fromSeconds: 3600, toSeconds: 7200, minNodes: 6 }],
  }
  const view = (queueLength: number, running: number, nodes: number) => ({ readyReplicas: nodes, queueLength, running, kvUtilization: 0, fixedReplicas: 0, scaledNodes: nodes, replicasPerNode: 1 })

  it("idle: keeps the starting size for the 300 s stabilization window, then scales in", () => {
    const a = new AutoscalerState(spec)
    expect(a.evaluate(15, view(0, 0, 4))).toBe(4)
    expect(a.evaluate(300, view(0, 0, 4))).toBe(4)
    expect(a.evaluate(315, view(0, 0, 4))).toBe(0)
  })

  it("busy: (48 waiting + 0 running) / 4 replicas = 12 per replica vs 4 → 12 wanted, capped at max(2·4, 4 + 4) = 8", () => {
    expect(new AutoscalerState(spec).evaluate(15, view(48, 0, 4))).toBe(8)
    expect(new AutoscalerState(spec).evaluate(15, view(10, 10, 4))).toBe(5) // 5 per replica → ceil(4 · 1.25)
    expect(new AutoscalerState({ ...spec, scaleUpLimitNodes: 1 }).evaluate(15, view(48, 0, 4))).toBe(5)
  })

  it("the schedule's minimum applies inside its window", () => {
    const a = new AutoscalerState(spec)
    expect(a.evaluate(3600, view(0, 0, 0))).toBe(6)
  })
})
