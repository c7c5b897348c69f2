/** Bandwidth: a memory size per second (`3.35TB/s`, `900GB/s`, `450GiB/s`) or a number of bytes/s. */
import { Effect, Schema, SchemaIssue, SchemaTransformation } from "effect"
import { parseMemory, formatMemory } from "../units.ts"

export const bandwidthExpectation = "a bandwidth (e.g. 3.35TB/s, 900GB/s, or a number of bytes per second)"

export const parseBandwidth = (input: unknown): number | undefined => {
  if (typeof input === "number") return Number.isFinite(input) && input >= 0 ? input : undefined
  if (typeof input !== "string") return undefined
  const m = /^\s*(.+?)\s*\/\s*s\s*$/.exec(input)
  return m ? parseMemory(m[1]) : undefined
}

export const Bandwidth = Schema.Unknown.pipe(
  Schema.decodeTo(
    Schema.Finite,
    SchemaTransformation.transformEffect({
      decode: (input: unknown, options) => {
        const v = parseBandwidth(input)
        return v === undefined
          ? Effect.fail(new SchemaIssue.InvalidValue({ message: `expected ${bandwidthExpectation}, found ${JSON.stringify(input)}` }, input, options))
          : Effect.succeed(v)
      },
      encode: (v: number) => Effect.succeed(`${formatMemory(v)}/s` as unknown),
    }),
  ),
).annotate({ description: `Accepts ${bandwidthExpectation}.` })
