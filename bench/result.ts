/**
 * The one way a benchmark reports a figure: a human line stays the script's own business; this
 * prints a machine line `RESULT {json}` that bench/run.ts collects into its table and results.json.
 */
export interface BenchResult {
  /** What was measured, e.g. "DES kernel events/s (100k pending)". */
  readonly figure: string
  readonly unit: string
  /** The target as text, e.g. "≥ 10M" or "< 5"; empty when there is none. */
  readonly target: string
  readonly measured: number
  /** null when there is no target to pass or fail. */
  readonly pass: boolean | null
}

export const result = (r: BenchResult): void => {
  console.log(`RESULT ${JSON.stringify(r)}`)
}
