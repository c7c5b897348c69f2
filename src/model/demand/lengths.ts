/**
 * Token-length distributions from a {@link LengthSpec}: the bridge from the scenario's words
 * (`lognormal`, `mean`, `p99`, …) to the samplers in `sim/distributions.ts`.
 */
import {
  empirical,
  fixed,
  lognormalFromMeanP99,
  lognormalFromMeanSigma,
  type Sampler,
  type SpecResult,
  uniform,
} from "../../sim/distributions.ts"
import type { LengthSpec } from "./types.ts"

/**
 * Default prompt length when a workload gives none: lognormal with the mean (1155 tokens) and p99
 * (4142 tokens) of ContextTokens in the Azure LLM inference trace 2023, conversation service
 * (AzureLLMInferenceTrace_conv.csv, 19,366 requests; Patel et al., Splitwise, ISCA 2024).
 */
export const DEFAULT_PROMPT_TOKENS: LengthSpec = { distribution: "lognormal", mean: 1155, p99: 4142 }

/**
 * Default output length when a workload gives none: lognormal with the mean (211 tokens) and p99
 * (601 tokens) of GeneratedTokens in the same Azure conversation trace.
 */
export const DEFAULT_OUTPUT_TOKENS: LengthSpec = { distribution: "lognormal", mean: 211, p99: 601 }

/** A sampler, or an error naming the offending field of the length spec. */
export type LengthResult = { readonly ok: true; readonly value: Sampler } | { readonly ok: false; readonly field: string; readonly message: string }

const withField = (field: string, r: SpecResult<Sampler>): LengthResult =>
  r.ok ? r : { ok: false, field, message: r.message }

/**
 * Builds the sampler for a length spec. `values` are the parsed numbers of an `empirical` spec's
 * file (read and parsed by the caller); draws are continuous, and the request source rounds them
 * with `toTokenCount`.
 */
export const makeLengthSampler = (spec: LengthSpec, values?: ArrayLike<number>): LengthResult => {
  switch (spec.distribution) {
    case "fixed":
      return withField("value", fixed(spec.value, spec.max))
    case "uniform":
      return withField("max", uniform(spec.min, spec.max))
    case "lognormal":
      if (spec.p99 !== undefined && spec.sigma !== undefined)
        return { ok: false, field: "sigma", message: "give either p99 or sigma for a lognormal, not both" }
      if (spec.p99 !== undefined) return withField("p99", lognormalFromMeanP99(spec.mean, spec.p99, spec.max))
      if (spec.sigma !== undefined) return withField("sigma", lognormalFromMeanSigma(spec.mean, spec.sigma, spec.max))
      return {
        ok: false,
        field: "mean",
        message: "a lognormal needs a p99 or a sigma besides its mean (for example p99: 8000, or sigma: 1.0)",
      }
    case "empirical":
      if (values === undefined)
        return { ok: false, field: "file", message: `the values of ${spec.file} were not loaded` }
      return withField("file", empirical(values, spec.max))
  }
}
