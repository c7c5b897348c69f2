/** The Assumptions tab: every default the run applied and its source, one per entry. */
import type { Report } from "../../report/types.ts"
import type { Line } from "./text.ts"

export const assumptionLines = (r: Report): Line[] => [
  { text: `${r.assumptions.length} defaults applied`, tone: "dim" },
  ...r.assumptions.flatMap((a): Line[] => [`${a.path} = ${a.value}`, { text: `    ${a.source}`, tone: "dim" }]),
]
