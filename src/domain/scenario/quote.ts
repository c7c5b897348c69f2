/** `quote:` — how the proposal is priced. */
import { Schema } from "effect"
import { Duration, Fraction } from "../units.ts"
import { optional, withDefault } from "./fields.ts"

export const Quote = Schema.Struct({
  margin: withDefault(Fraction, "30%", "Gross margin: price = cost / (1 − margin)."),
  commitment: withDefault(Duration, "1mo", "Length of the customer's commitment, for the monthly price."),
  inputOutputSplit: optional(Fraction, "Share of GPU time attributed to input tokens; measured when absent."),
})
