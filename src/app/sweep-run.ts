/**
 * Running a sweep's points on worker threads (node:worker_threads, one TypeScript thread per extra
 * worker through run-worker-boot.mjs, as background-run.ts does). `workers` N = this thread plus
 * N−1 threads, all taking the next point from one queue (a thread takes about a second to load the
 * code; this thread starts at once). Lines are collected by index and written in index order, so the
 * output does not depend on `workers` or on which thread ran what.
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
  /** False: this thread only hands out points (tests use it to make every point cross a thread). Default true. */
  readonly runHere?: boolean
  /** After each point: how many are done of how many. */
  readonly onPoint?: (done: number, of: number) => void
}

/** The JSON Lines of the points, in index order, each line ending in "\n". */
export const runSweep = async (input: SweepRunInput): Promise<string> => {
  const lines = new Map<number, string>()
  const n = input.points.length
  const runHere = input.runHere ?? true
  const threads = runHere ? Math.max(0, Math.min(input.workers, n) - 1) : Math.max(1, Math.min(input.workers, n))
  let next = 0
  const take = (): SweepPoint | undefined => (next < n ? input.points[next++] : undefined)
  const record = (index: number, line: string) => {
    lines.set(index, line)
    input.onPoint?.(lines.size, n)
  }
  const here = async () => {
    for (let p = take(); p !== undefined; p = take()) {
      record(p.index, await runPoint(input.text, input.file, input.varies, p, input.total, input.opts))
      // Let worker messages in between points (the simulation itself is synchronous).
      await new Promise((r) => setImmediate(r))
    }
  }
  const entry = fileURLToPath(new URL("./sweep-worker.ts", import.meta.url))
  const boot = fileURLToPath(new URL("./run-worker-boot.mjs", import.meta.url))
  // Threads not running a point when the queue runs dry (still loading, or idle) are stopped at once.
  const idle = new Set<() => void>()
  const thread = () =>
    new Promise<void>((resolve, reject) => {
      const worker = new Worker(boot, { workerData: { entry, text: input.text, file: input.file, varies: input.varies, total: input.total, opts: input.opts } })
      let stopped = false
      const stop = () => {
        if (stopped) return
        stopped = true
        idle.delete(stop)
        void worker.terminate().then(() => resolve())
      }
      idle.add(stop)
      const feed = () => {
        const p = take()
        if (p === undefined) return stop()
        idle.delete(stop)
        worker.postMessage({ point: p })
      }
      worker.on("message", (m: { ready: true } | { index: number; line: string }) => {
        if ("line" in m) record(m.index, m.line)
        if (!stopped) feed()
      })
      worker.on("error", reject)
      worker.on("exit", (code) => {
        if (!stopped) reject(new Error(`a sweep thread stopped (exit ${code})`))
      })
    })
  const running = Array.from({ length: threads }, thread)
  if (runHere) {
    await here()
    for (const stop of [...idle]) stop()
  }
  await Promise.all(running)
  return [...input.points].sort((a, b) => a.index - b.index).map((p) => lines.get(p.index)! + "\n").join("")
}
