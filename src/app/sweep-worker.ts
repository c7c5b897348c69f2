/**
 * Body of a sweep thread (started through run-worker-boot.mjs): runs the points it is given, in
 * order, posting `{ index, line }` after each, then `{ done: true }`.
 */
import { parentPort, workerData } from "node:worker_threads"
import { runPoint, type SweepPoint, type SweepRunOptions, type Vary } from "./sweep.ts"

interface SweepJob {
  readonly text: string
  readonly file: string
  readonly varies: ReadonlyArray<Vary>
  readonly points: ReadonlyArray<SweepPoint>
  readonly total: number
  readonly opts: SweepRunOptions
}

const job = workerData as SweepJob
for (const point of job.points) {
  const line = await runPoint(job.text, job.file, job.varies, point, job.total, job.opts)
  parentPort?.postMessage({ index: point.index, line })
}
parentPort?.postMessage({ done: true })
