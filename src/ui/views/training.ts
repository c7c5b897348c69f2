/** The Training tab: each job's progress, time, GPU-hours, efficiency and deadline. */
import { latency, num, pct, table } from "../../report/format.ts"
import type { Report } from "../../report/types.ts"
import type { Line } from "./text.ts"

export const trainingLines = (r: Report): Line[] =>
  r.training.length === 0
    ? ["no training jobs in this scenario"]
    : table(
        ["job", "done", "wall clock", "GPU-h", "MFU", "ETTR", "interrupts", "deadline"],
        r.training.map((t) => [t.name, t.completed ? "yes" : "no", latency(t.wallClockSeconds), num(t.gpuHours), pct(t.mfu), pct(t.ettr), num(t.interruptions), t.deadlineMet === null ? "—" : t.deadlineMet ? "met ✓" : "MISSED ✗"]),
        "llrrrrrl",
      )
