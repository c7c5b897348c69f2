/**
 * Running a sweep's points on worker threads (node:worker_threads, one TypeScript thread per worker
 * through run-worker-boot.mjs, as background-run.ts does). Points are dealt round-robin; lines are
 * collected by index and written in index order, so the output does not depend on `workers`.
 * `workers` ≤ 1 runs in this thread.
 */
import { fileURLToPath } from "node:url"
import { Worker } from "node:worker_threads"
import { runPoint, type SweepPoint, type SweepRunOptions, type Vary } from "./sweep.ts"

export interface SweepRunInput {
  readonly text: string
  readonly file: string
  readonly varies: ReadonlyArray<Vary>
  readonly points: ReadonlyArray<SweepPoint>
  readonly total: number
  readonly opts: SweepRunOptions
  readonly workers: number
  /** After each point: how many are done of how many. */
  readonly onPoint?: (done: number, of: number) => void
}

/** The JSON Lines of the points, in index order, each line ending in "\n". */
export const runSweep = async (input: SweepRunInput): Promise<string> => {
  const lines = new Map<number, string>()
  const n = input.points.length
  const workers = Math.max(1, Math.min(input.workers, n))
  if (workers <= 1) {
    for (const p of input.points) {
      lines.set(p.index, await runPoint(input.text, input.file, input.varies, p, input.total, input.opts))
      input.onPoint?.(lines.size, n)
    }
  } else {
    const entry = fileURLToPath(new URL("./sweep-worker.ts", import.meta.url))
    const boot = fileURLToPath(new URL("./run-worker-boot.mjs", import.meta.url))
    await Promise.all(
      Array.from({ length: workers }, (_, w) => {
        const points = input.points.filter((_, k) => k % workers === w)
        return new Promise<void>((resolve, reject) => {
          const worker = new Worker(boot, { workerData: { entry, text: input.text, file: input.file, varies: input.varies, points, total: input.total, opts: input.opts } })
          let done = false
          worker.on("message", (m: { index: number; line: string } | { done: true }) => {
            if ("done" in m) {
              done = true
              void worker.terminate().then(() => resolve())
              return
            }
            lines.set(m.index, m.line)
            input.onPoint?.(lines.size, n)
          })
          worker.on("error", reject)
          worker.on("exit", (code) => {
            if (!done) reject(new Error(`a sweep thread stopped (exit ${code})`))
          })
        })
      }),
    )
  }
  return [...input.points].sort((a, b) => a.index - b.index).map((p) => lines.get(p.index)! + "\n").join("")
}
