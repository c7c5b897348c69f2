/**
 * The scenario's JSON Schema for editors (`gpuplan schema`). Generated from the Effect Schema, so
 * field descriptions and accepted unit forms come from one place. Objects are closed
 * (`additionalProperties: false`) because unknown keys are errors in gpuplan.
 */
import { Schema } from "effect"
import { Scenario } from "../domain/scenario/index.ts"

const close = (node: unknown): unknown => {
  if (Array.isArray(node)) return node.map(close)
  if (typeof node !== "object" || node === null) return node
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(node)) out[k] = close(v)
  if (out.type === "object" && typeof out.properties === "object" && out.additionalProperties === true) out.additionalProperties = false
  return out
}

export const scenarioJsonSchema = (): Record<string, unknown> => {
  const doc = Schema.toJsonSchemaDocument(Scenario) as { schema: Record<string, unknown>; definitions?: Record<string, unknown> }
  const defs = doc.definitions ?? {}
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    $id: "https://gpuplan.dev/schema/scenario-v1.json",
    title: "gpuplan scenario",
    ...(close(doc.schema) as Record<string, unknown>),
    ...(Object.keys(defs).length > 0 ? { $defs: close(defs) } : {}),
  }
}
