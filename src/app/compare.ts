/**
 * `gpuplan compare a.yaml b.yaml …`: load every scenario first (so a typo in the third file fails
 * before minutes of simulation), run them with the same options — discrete-event runs in parallel
 * on worker threads, as many at a time as there are cores — and compare. Each run is deterministic
 * and the reports keep the order of the files, so the result does not depend on the core count.
 */
import { Effect } from "effect"
import { readFileSync } from "node:fs"
import { availableParallelism } from "node:os"
import type { Report } from "../report/types.ts"
import { startBackgroundRun } from "./background-run.ts"
import { buildComparison, type Comparison } from "../report/compare-build.ts"
import { InvalidInput } from "./diagnostics.ts"
import { loadScenario } from "./load-scenario.ts"
import { runScenario, type RunOptions } from "./run.ts"

export const compareScenarios = (files: ReadonlyArray<string>, opts: RunOptions = {}): Effect.Effect<Comparison, InvalidInput> =>
  Effect.gen(function* () {
    // Every file's problems at once, not just the first invalid file's.
    const results = yield* Effect.forEach(files, (f) => Effect.result(loadScenario(f)))
    const problems = results.flatMap((r) => (r._tag === "Failure" ? r.failure.diagnostics : []))
    if (problems.length > 0) return yield* Effect.fail(new InvalidInput({ diagnostics: problems }))
    const loaded = results.flatMap((r) => (r._tag === "Success" ? [r.success] : []))
    const parallel = (opts.engine ?? "des") === "des" && files.length > 1 && availableParallelism() > 1 && opts.seed === undefined && opts.replications === undefined
    const reports = parallel
      ? yield* Effect.forEach(files, (f) => runOnWorker(f, opts), { concurrency: availableParallelism() })
      : yield* Effect.forEach(loaded, (l) => runScenario(l, opts))
    return buildComparison(reports, files)
  })

/** One scenario on a worker thread (the same load → run path as in-process). */
const runOnWorker = (file: string, opts: RunOptions): Effect.Effect<Report, InvalidInput> =>
  Effect.callback<Report, InvalidInput>((resume) => {
    const handle = startBackgroundRun(
      { text: readFileSync(file, "utf8"), file, engine: "des", ...(opts.horizonSeconds !== undefined ? { horizonSeconds: opts.horizonSeconds } : {}) },
      (e) => {
        if (e.type === "done") resume(Effect.succeed(e.report))
        else if (e.type === "invalid") resume(Effect.fail(new InvalidInput({ diagnostics: e.diagnostics })))
        else if (e.type === "failed") resume(Effect.die(new Error(e.message)))
      },
    )
    return Effect.sync(() => handle.cancel())
  })
