/**
 * Body of a background simulation thread: scenario text → loaded scenario → report, posting
 * progress about 20 times a second. The thread is terminated to cancel it.
 */
import { Effect, Exit } from "effect"
import { parentPort, workerData } from "node:worker_threads"
import { InvalidInput } from "./diagnostics.ts"
import type { RunEvent, RunRequest } from "./background-run.ts"
import { runScenario } from "./run.ts"
import { loadScenarioText } from "./what-if.ts"

const request = workerData as RunRequest & { entry: string }
const post = (e: RunEvent) => parentPort?.postMessage(e)

const loaded = loadScenarioText(request.text, request.file)
if (!loaded.ok) post({ type: "invalid", diagnostics: loaded.diagnostics })
else {
  const started = performance.now()
  let last = 0
  const exit = await Effect.runPromiseExit(
    runScenario(loaded.loaded, {
      engine: request.engine,
      ...(request.horizonSeconds !== undefined ? { horizonSeconds: request.horizonSeconds } : {}),
      onProgress: (p) => {
        const now = performance.now()
        if (now - last < 50) return
        last = now
        const fraction = (p.replication + p.simulatedSeconds / p.horizonSeconds) / p.replications
        post({ type: "progress", fraction, simulatedSeconds: p.simulatedSeconds, horizonSeconds: p.horizonSeconds, replication: p.replication, replications: p.replications, elapsedSeconds: (now - started) / 1000 })
      },
    }),
  )
  if (Exit.isSuccess(exit)) post({ type: "done", report: exit.value, elapsedSeconds: (performance.now() - started) / 1000 })
  else {
    const failure = exit.cause.reasons.find((r) => r._tag === "Fail")
    const error = failure?._tag === "Fail" ? failure.error : undefined
    if (error instanceof InvalidInput) post({ type: "invalid", diagnostics: error.diagnostics })
    else post({ type: "failed", message: String(exit.cause) })
  }
}
