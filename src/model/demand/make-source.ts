/**
 * `makeRequestSource`: a decoded demand spec → a lazy {@link RequestSource}, or an error naming the
 * field at fault. The one entry point the serving engines and the loader use.
 *
 * ```ts
 * const r = makeRequestSource({
 *   arrivals: { pattern: "poisson", rate: 20 },
 *   promptTokens: { distribution: "lognormal", mean: 1200, p99: 8000 },
 *   outputTokens: { distribution: "lognormal", mean: 280, p99: 1500 },
 *   rng: new Rng(7),
 *   horizonSeconds: 86_400,
 * })
 * if (!r.ok) return `${r.path.join(".")}: ${r.message}`
 * ```
 *
 * Horizon: every source's `peekTime()` returns Infinity for an arrival later than
 * `horizonSeconds` (an arrival exactly at the horizon is returned), so `peekTime() === Infinity`
 * means "nothing more before the horizon" for every pattern.
 *
 * Randomness: the arrival times, prompt lengths and output lengths each draw from their own
 * stream forked from `rng` (streams 1, 2, 3), so changing a length distribution leaves the arrival
 * times unchanged and the k-th request's lengths do not depend on when it arrives — comparisons
 * between scenarios see common random numbers.
 */
import { type Sampler, toTokenCount } from "../../sim/distributions.ts"
import type { Rng } from "../../sim/rng.ts"
import { type ArrivalProcess, BatchArrivals, ConstantArrivals, PoissonArrivals } from "./arrival-process.ts"
import { ClosedLoopSource } from "./closed-loop.ts"
import { DiurnalArrivals } from "./diurnal.ts"
import { DEFAULT_OUTPUT_TOKENS, DEFAULT_PROMPT_TOKENS, makeLengthSampler } from "./lengths.ts"
import { RampArrivals } from "./ramp.ts"
import type { RequestSource } from "./source.ts"
import { TraceReplaySource } from "./trace-replay.ts"
import type { ArrivalSpec, LengthSpec, TraceData } from "./types.ts"

/** What a request source is built from. Files named in the specs are already read and parsed. */
export interface RequestSourceOptions {
  readonly arrivals: ArrivalSpec
  /** Ignored for `trace` (lengths come from the trace); {@link DEFAULT_PROMPT_TOKENS} when absent. */
  readonly promptTokens?: LengthSpec
  /** Ignored for `trace`; {@link DEFAULT_OUTPUT_TOKENS} when absent. */
  readonly outputTokens?: LengthSpec
  readonly rng: Rng
  readonly horizonSeconds: number
  /** The parsed file of a `trace` pattern. */
  readonly trace?: TraceData
  /** The parsed files of `empirical` length specs. */
  readonly empirical?: { readonly prompt?: Float64Array; readonly output?: Float64Array }
}

/**
 * A request source, or what is wrong: `path` is the field within the workload (for example
 * `["arrivals", "rate"]` or `["promptTokens", "p99"]`) so the loader can point at the YAML.
 */
export type RequestSourceResult =
  | { readonly ok: true; readonly value: RequestSource }
  | { readonly ok: false; readonly path: ReadonlyArray<string>; readonly message: string }

/** An open-loop arrival process with sampled lengths, cut off at the horizon. */
class OpenLoopSource implements RequestSource {
  promptTokens = 0
  outputTokens = 0
  readonly ignoresCompletions = true
  constructor(
    private readonly arrivals: ArrivalProcess,
    private readonly prompt: Sampler,
    private readonly output: Sampler,
    private readonly promptRng: Rng,
    private readonly outputRng: Rng,
    private readonly horizonSeconds: number,
  ) {}
  peekTime(): number {
    const t = this.arrivals.peek()
    return t <= this.horizonSeconds ? t : Infinity
  }
  take(): void {
    if (this.peekTime() === Infinity) throw new Error("take() called with no request pending")
    this.arrivals.advance()
    this.promptTokens = toTokenCount(this.prompt.sample(this.promptRng))
    this.outputTokens = toTokenCount(this.output.sample(this.outputRng))
  }
  onCompletion(_time: number): void {}
}

/**
 * A choice: above 100 the raised-cosine day packs the traffic into a spike a few minutes wide,
 * which a daily-cycle model describes poorly (and its shape exponent, ≈ P²/π, grows large).
 */
export const MAX_PEAK_TO_MEAN = 100

type Problem = { readonly path: ReadonlyArray<string>; readonly message: string }

const isNonNegative = (x: number): boolean => Number.isFinite(x) && x >= 0
const isCount = (x: number): boolean => Number.isSafeInteger(x) && x >= 0

const nonNegative = (field: string, x: number, what: string): Problem | undefined =>
  isNonNegative(x) ? undefined : { path: ["arrivals", field], message: `${what} must be a non-negative number, found ${x}` }

/** The first problem with an arrival spec (besides the trace data, checked separately). */
const arrivalProblem = (a: ArrivalSpec): Problem | undefined => {
  switch (a.pattern) {
    case "poisson":
    case "constant":
      return nonNegative("rate", a.rate, "rate (requests per second)")
    case "diurnal":
      if (!(Number.isFinite(a.peakToMean) && a.peakToMean >= 1))
        return {
          path: ["arrivals", "peakToMean"],
          message: `peakToMean must be at least 1 (the peak cannot be below the mean), found ${a.peakToMean}`,
        }
      if (a.peakToMean > MAX_PEAK_TO_MEAN)
        return {
          path: ["arrivals", "peakToMean"],
          message:
            `peakToMean must be at most ${MAX_PEAK_TO_MEAN}, found ${a.peakToMean}: the day's traffic would arrive ` +
            `within minutes; describe such a spike with a batch or a trace instead`,
        }
      if (!Number.isFinite(a.peakAt))
        return { path: ["arrivals", "peakAt"], message: `peakAt must be a time of day, found ${a.peakAt}` }
      return (
        nonNegative("meanRate", a.meanRate, "meanRate (requests per second)") ??
        (a.weekendFactor === undefined ? undefined : nonNegative("weekendFactor", a.weekendFactor, "weekendFactor"))
      )
    case "ramp":
      return (
        nonNegative("from", a.from, "from (requests per second)") ??
        nonNegative("to", a.to, "to (requests per second)") ??
        nonNegative("over", a.over, "over (seconds)")
      )
    case "trace":
      if (a.rateScale !== undefined && !(Number.isFinite(a.rateScale) && a.rateScale > 0))
        return { path: ["arrivals", "rateScale"], message: `rateScale must be a positive number, found ${a.rateScale}` }
      if (a.timeScale !== undefined && !(Number.isFinite(a.timeScale) && a.timeScale > 0))
        return { path: ["arrivals", "timeScale"], message: `timeScale must be a positive number, found ${a.timeScale}` }
      return undefined
    case "closed":
      if (!(Number.isSafeInteger(a.concurrency) && a.concurrency >= 1))
        return { path: ["arrivals", "concurrency"], message: `concurrency must be a whole number ≥ 1, found ${a.concurrency}` }
      if (a.requests !== undefined && !isCount(a.requests))
        return { path: ["arrivals", "requests"], message: `requests must be a whole number ≥ 0, found ${a.requests}` }
      return a.thinkTime === undefined ? undefined : nonNegative("thinkTime", a.thinkTime, "thinkTime (seconds)")
    case "batch":
      if (!isCount(a.requests))
        return { path: ["arrivals", "requests"], message: `requests must be a whole number ≥ 0, found ${a.requests}` }
      return a.at === undefined ? undefined : nonNegative("at", a.at, "at (seconds)")
  }
}

const traceSource = (opts: RequestSourceOptions, a: ArrivalSpec & { pattern: "trace" }): RequestSourceResult => {
  const trace = opts.trace
  if (trace === undefined || trace.rows === 0)
    return { ok: false, path: ["arrivals", "file"], message: `the trace ${a.file} was not loaded or has no requests` }
  const loop = a.loop ?? false
  if (loop && !(trace.rows >= 2 && trace.spanSeconds > 0))
    return {
      ok: false,
      path: ["arrivals", "loop"],
      message: `cannot loop ${a.file}: it needs at least two requests at different times`,
    }
  return {
    ok: true,
    value: new TraceReplaySource(trace, { rateScale: a.rateScale ?? 1, timeScale: a.timeScale ?? 1, loop }, opts.horizonSeconds),
  }
}

/**
 * Builds the request source for one workload's demand. See the module comment for the horizon and
 * randomness rules and each pattern's file (`arrival-process.ts`, `ramp.ts`, `diurnal.ts`,
 * `trace-replay.ts`, `closed-loop.ts`) for its exact behaviour.
 */
export const makeRequestSource = (opts: RequestSourceOptions): RequestSourceResult => {
  const a = opts.arrivals
  const horizon = opts.horizonSeconds
  if (!(horizon >= 0))
    return { ok: false, path: ["horizon"], message: `the horizon must be a non-negative number of seconds, found ${horizon}` }
  const problem = arrivalProblem(a)
  if (problem !== undefined) return { ok: false, ...problem }
  if (a.pattern === "trace") return traceSource(opts, a)

  const prompt = makeLengthSampler(opts.promptTokens ?? DEFAULT_PROMPT_TOKENS, opts.empirical?.prompt)
  if (!prompt.ok) return { ok: false, path: ["promptTokens", prompt.field], message: prompt.message }
  const output = makeLengthSampler(opts.outputTokens ?? DEFAULT_OUTPUT_TOKENS, opts.empirical?.output)
  if (!output.ok) return { ok: false, path: ["outputTokens", output.field], message: output.message }

  const arrivalRng = opts.rng.fork(1)
  const promptRng = opts.rng.fork(2)
  const outputRng = opts.rng.fork(3)
  const open = (arrivals: ArrivalProcess): RequestSourceResult => ({
    ok: true,
    value: new OpenLoopSource(arrivals, prompt.value, output.value, promptRng, outputRng, horizon),
  })
  switch (a.pattern) {
    case "poisson":
      return open(new PoissonArrivals(a.rate, arrivalRng))
    case "constant":
      return open(new ConstantArrivals(a.rate))
    case "ramp":
      return open(new RampArrivals(a, arrivalRng))
    case "diurnal":
      return open(new DiurnalArrivals(a, arrivalRng, horizon))
    case "batch":
      return open(new BatchArrivals(a.requests, a.at ?? 0))
    case "closed":
      return {
        ok: true,
        value: new ClosedLoopSource(
          { concurrency: a.concurrency, thinkTime: a.thinkTime ?? 0, requests: a.requests ?? Infinity },
          prompt.value,
          output.value,
          promptRng,
          outputRng,
          horizon,
        ),
      }
  }
}
