/**
 * Small building blocks shared by the scenario sections: described fields, defaults, names,
 * references, precisions and percentile maps.
 */
import { Effect, Schema } from "effect"
import { Duration } from "../units.ts"

/**
 * A field with its description (shown in `gpuplan schema` and editor completion). For unit fields the
 * JSON Schema shows the encoded side, so the description goes there too, before the accepted forms.
 */
export const described = <S extends Schema.Top>(schema: S, description: string): S["Rebuild"] => {
  const annotated = schema.annotate({ description })
  const encodedAst = Schema.toEncoded(schema).ast
  if (encodedAst === schema.ast) return annotated
  const forms = (Schema.toJsonSchemaDocument(schema as Schema.Top).schema as { description?: unknown }).description
  const full = typeof forms === "string" && forms !== description ? `${description} ${forms}` : description
  return Schema.annotateEncoded({ description: full } as any)(annotated as any) as S["Rebuild"]
}

/**
 * An optional key that takes `encoded` (written as a user would write it, e.g. "5m") when absent.
 * The default is decoded once here, and the key decodes in a single pass, so a problem elsewhere in
 * the same mapping never hides this field's own problems.
 */
export const withDefault = <S extends Schema.Top & { readonly DecodingServices: never }>(schema: S, encoded: S["Encoded"], description: string) => {
  const value = Schema.decodeUnknownSync(schema as any)(encoded) as S["Type"]
  return Schema.withDecodingDefaultTypeKey(Effect.succeed(value))(
    described(schema, `${description} Default: ${typeof encoded === "string" ? encoded : JSON.stringify(encoded)}.`) as S,
  )
}

/** An optional key with a description. */
export const optional = <S extends Schema.Top>(schema: S, description: string) =>
  Schema.optionalKey(described(schema, description))

/** A name: letters, digits, `-`, `_`, `.`, at most 64 characters. */
export const Name = Schema.String.check(
  Schema.makeFilter((s: string) =>
    /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(s)
      ? undefined
      : `expected a name of letters, digits, '-', '_' or '.', starting with a letter or digit, at most 64 characters; found ${JSON.stringify(s)}`,
  ),
)

export const PositiveInt = Schema.Int.check(Schema.isGreaterThan(0))
export const NonNegativeInt = Schema.Int.check(Schema.isGreaterThanOrEqualTo(0))
export const PositiveNumber = Schema.Finite.check(Schema.isGreaterThan(0))
export const NonNegativeNumber = Schema.Finite.check(Schema.isGreaterThanOrEqualTo(0))

/** A list with at least one element (Schema.NonEmptyArray reports an empty list confusingly). */
export const NonEmptyList = <S extends Schema.Top>(item: S) => Schema.Array(item).check(Schema.isMinLength(1))

export const PrecisionLiteral = Schema.Literals(["bf16", "fp16", "fp8", "int8", "int4", "fp4", "fp32"])

/**
 * Percentile targets: `{ p99: 2s }`, `{ p50: 500ms, p90: 1s }`, `{ mean: 1s }`. Keys are `mean` or
 * `pNN` / `pNN.N` with 0 < NN < 100 (keys are checked by the rules, so that a bad key and a bad value
 * are both reported in one pass).
 */
export const PercentileTargets = Schema.Record(Schema.String, Duration)

/** `p99` → 0.99, `p99.9` → 0.999, `mean` → "mean"; undefined when not a percentile key in (0, 100). */
export const percentileOf = (key: string): number | "mean" | undefined => {
  if (key === "mean") return "mean"
  const m = /^p(\d{1,2}(?:\.\d+)?)$/.exec(key)
  if (!m) return undefined
  const p = Number(m[1])
  return p > 0 && p < 100 ? p / 100 : undefined
}
