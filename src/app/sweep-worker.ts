/**
 * Body of a sweep thread (started through run-worker-boot.mjs): asks for a point (`{ ready }`),
 * runs it, posts `{ index, line }`, and so on until it is sent `{ stop: true }`.
 */
import { parentPort, workerData } from "node:worker_threads"
import { runPoint, type SweepPoint, type SweepRunOptions, type Vary } from "./sweep.ts"

interface SweepJob {
  readonly text: string
  readonly file: string
  readonly varies: ReadonlyArray<Vary>
  readonly total: number
  readonly opts: SweepRunOptions
}

const job = workerData as SweepJob
parentPort?.on("message", (m: { point: SweepPoint } | { stop: true }) => {
  if ("stop" in m) return void parentPort?.close()
  void runPoint(job.text, job.file, job.varies, m.point, job.total, job.opts).then((line) => parentPort?.postMessage({ index: m.point.index, line }))
})
parentPort?.postMessage({ ready: true })
