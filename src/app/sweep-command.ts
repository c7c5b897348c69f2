/** `gpuplan sweep` and `gpuplan sweep merge`: argument checks, then the effect that runs and writes. */
import { Effect } from "effect"
import * as fs from "node:fs"
import * as os from "node:os"
import { parseDuration } from "../domain/units.ts"
import { InvalidInput } from "./diagnostics.ts"
import { loadScenario } from "./load-scenario.ts"
import { writeOutput } from "./output.ts"
import { mergeSweepLines, parseShard, parseVary, shardPoints, sweepPoints, type Vary } from "./sweep.ts"
import { runSweep } from "./sweep-run.ts"

type Parsed = { readonly usage: string } | { readonly effect: Effect.Effect<string, InvalidInput> }

const positiveInt = (text: string | undefined, flag: string): number | undefined | string => {
  if (text === undefined) return undefined
  const n = Number(text)
  return Number.isInteger(n) && n >= 1 ? n : `${flag} must be a positive integer, found ${JSON.stringify(text)}`
}

/** What to write: to `out` (atomically, never over a file without force) → a "wrote" message; else the text. */
const emit = (text: string, out: string | undefined, force: boolean): Effect.Effect<string, InvalidInput> =>
  out === undefined ? Effect.succeed(text) : Effect.as(writeOutput(out, text, force), `wrote ${out}`)

export const sweepCommand = async (positionals: string[], values: Record<string, unknown>, env: NodeJS.ProcessEnv): Promise<Parsed> => {
  const out = values.out as string | undefined
  const force = values.force === true
  if (positionals[0] === "merge") {
    const files = positionals.slice(1)
    if (files.length === 0) return { usage: "sweep merge needs the shards' JSON Lines files" }
    return {
      effect: Effect.gen(function* () {
        const contents: Array<{ file: string; text: string }> = []
        for (const file of files) {
          const text = yield* Effect.try({
            try: () => fs.readFileSync(file, "utf8"),
            catch: (e) => new InvalidInput({ diagnostics: [{ file, line: 1, column: 1, path: "", message: `cannot read (${(e as NodeJS.ErrnoException).code ?? String(e)})` }] }),
          })
          contents.push({ file, text })
        }
        const merged = mergeSweepLines(contents)
        if (!merged.ok) return yield* Effect.fail(new InvalidInput({ diagnostics: merged.problems.map((message) => ({ file: files[0]!, line: 1, column: 1, path: "", message })) }))
        return yield* emit(merged.text, out, force)
      }),
    }
  }
  if (positionals.length !== 1) return { usage: positionals.length === 0 ? "sweep needs a base scenario file (or: sweep merge <files>)" : `sweep takes one base scenario file, found ${positionals.length}` }
  const specs = (values.vary as string[] | undefined) ?? []
  if (specs.length === 0) return { usage: "sweep needs at least one --vary path=v1,v2,…" }
  const varies: Vary[] = []
  for (const spec of specs) {
    const v = parseVary(spec)
    if (typeof v === "string") return { usage: v }
    varies.push(v)
  }
  const workers = positiveInt(values.workers as string | undefined, "--workers")
  if (typeof workers === "string") return { usage: workers }
  const replications = positiveInt(values.replications as string | undefined, "--replications")
  if (typeof replications === "string") return { usage: replications }
  const engine = (values.engine as string | undefined) ?? "des"
  if (engine !== "des" && engine !== "analytic") return { usage: `--engine must be des or analytic, found ${JSON.stringify(engine)}` }
  const horizonText = values.horizon as string | undefined
  const horizon = horizonText === undefined ? undefined : parseDuration(horizonText)
  if (horizonText !== undefined && !(horizon !== undefined && horizon > 0)) return { usage: `--horizon must be a duration such as 2h or 7d, found ${JSON.stringify(horizonText)}` }
  let shard = { shard: 0, shards: 1 }
  const shardText = values.shard as string | undefined
  const shards = positiveInt(values.shards as string | undefined, "--shards")
  if (typeof shards === "string") return { usage: shards }
  if (shardText !== undefined && shards !== undefined) return { usage: "give --shard i/n or --shards n (with JOB_COMPLETION_INDEX), not both" }
  if (shardText !== undefined) {
    const s = parseShard(shardText)
    if (typeof s === "string") return { usage: s }
    shard = s
  } else if (shards !== undefined) {
    const index = env.JOB_COMPLETION_INDEX
    const s = index === undefined ? "--shards needs JOB_COMPLETION_INDEX (set by a Kubernetes Indexed Job) or use --shard i/n" : parseShard(`${index}/${shards}`)
    if (typeof s === "string") return { usage: s }
    shard = s
  }
  const file = positionals[0]!
  return {
    effect: Effect.gen(function* () {
      yield* loadScenario(file) // the base must be valid itself: its problems are reported once, positioned
      const text = fs.readFileSync(file, "utf8").replace(/^\uFEFF/, "")
      const all = sweepPoints(varies)
      const points = shardPoints(all, shard.shard, shard.shards)
      const lines = yield* Effect.promise(() =>
        runSweep({
          text,
          file,
          varies,
          points,
          total: all.length,
          workers: workers ?? os.availableParallelism(),
          opts: { engine, ...(horizon !== undefined ? { horizonSeconds: horizon } : {}), ...(replications !== undefined ? { replications } : {}) },
        }),
      )
      return yield* emit(lines, out, force)
    }),
  }
}
