/**
 * `gpuplan compare a.yaml b.yaml …`: load every scenario first (so a typo in the third file fails
 * before minutes of simulation), run them one after another with the same options, and compare.
 * Sequential on purpose: each run is already deterministic and single-threaded; the order of the
 * reports is the order of the files.
 */
import { Effect } from "effect"
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
    const reports = yield* Effect.forEach(loaded, (l) => runScenario(l, opts))
    return buildComparison(reports, files)
  })
