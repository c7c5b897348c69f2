import { makeRequestSource, type RequestSourceOptions } from "../../../src/model/demand/make-source.ts"
import type { RequestSource } from "../../../src/model/demand/source.ts"
import { Rng } from "../../../src/sim/rng.ts"

/** Builds a source or fails the test with the loader's message. */
export const source = (opts: Omit<RequestSourceOptions, "rng"> & { seed?: number }): RequestSource => {
  const r = makeRequestSource({ ...opts, rng: new Rng(opts.seed ?? 1) })
  if (!r.ok) throw new Error(`${r.path.join(".")}: ${r.message}`)
  return r.value
}

/** Takes every request up to the horizon, returning the arrival times. */
export const arrivalTimes = (src: RequestSource): Float64Array => {
  const out: number[] = []
  for (let t = src.peekTime(); t !== Infinity; t = src.peekTime()) {
    src.take()
    out.push(t)
  }
  return Float64Array.from(out)
}

/** Number of times in [from, to). */
export const countIn = (times: Float64Array, from: number, to: number): number => {
  let n = 0
  for (const t of times) if (t >= from && t < to) n++
  return n
}
