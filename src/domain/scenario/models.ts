/**
 * `models:` — a model starts from a built-in preset, or gives its architecture. Presets may be
 * refined field by field. MoE models give `experts` + `activeExperts` (or `totalParams` +
 * `activeParams`).
 *
 * ```yaml
 * models:
 *   - { name: acme-70b, preset: llama-3.1-70b }
 *   - { name: tiny, params: 1.1B, layers: 22, hidden: 2048, heads: 32, kvHeads: 4, ffn: 5632, vocab: 32000 }
 * ```
 */
import { Schema } from "effect"
import { Count } from "../units.ts"
import { described, Name, optional, PositiveInt } from "./fields.ts"

export const ModelEntry = described(
  Schema.Struct({
    name: described(Name, "Name used by workloads and training jobs."),
    preset: optional(Schema.String, "Built-in model to start from, e.g. llama-3.1-70b."),
    params: optional(Count, "Total parameters of a dense model, e.g. 70.6B."),
    totalParams: optional(Count, "MoE: all parameters (memory)."),
    activeParams: optional(Count, "MoE: parameters used per token (compute)."),
    layers: optional(PositiveInt, "Transformer layers."),
    hidden: optional(PositiveInt, "Hidden size d."),
    heads: optional(PositiveInt, "Attention heads."),
    kvHeads: optional(PositiveInt, "Key/value heads (GQA); equals heads for multi-head attention."),
    headDim: optional(PositiveInt, "Head dimension; hidden / heads when absent."),
    ffn: optional(PositiveInt, "FFN intermediate size (per expert for MoE)."),
    vocab: optional(PositiveInt, "Vocabulary size."),
    experts: optional(PositiveInt, "MoE: routed experts per layer."),
    activeExperts: optional(PositiveInt, "MoE: experts used per token."),
    contextLength: optional(PositiveInt, "Maximum context length in tokens."),
  }),
  "A model: a preset, or an explicit architecture.",
)
export type ModelEntry = typeof ModelEntry.Type

/** Architecture fields an explicit (preset-less) model must give. */
export const requiredArchitecture = ["layers", "hidden", "heads", "ffn", "vocab"] as const
