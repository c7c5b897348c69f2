/**
 * gpuplan vs published measurements: runs every row of tests/validation/published.ts (the
 * scenarios under tests/validation/ through the real engine) and prints predicted vs published,
 * the relative error per row, and the mean absolute percentage error (MAPE) per group and family.
 *
 *   node bin/run-ts.js bench/validate-published.ts [--group inference|training] [--markdown]
 *
 * Training rows appear automatically once they are added to PUBLISHED_ROWS (group "training").
 * --markdown prints the table in the form docs/calibration.md uses. Exit code 1 if a row is
 * outside its group's tolerance.
 */
import { parseArgs } from "node:util"
import { meanAbsoluteRelativeError, PUBLISHED_ROWS, relativeError, TOLERANCE, type PublishedRow } from "../tests/validation/published.ts"

const { values } = parseArgs({ options: { group: { type: "string" }, markdown: { type: "boolean", default: false } } })
const rows = PUBLISHED_ROWS.filter((r) => values.group === undefined || r.group === values.group)

interface Result {
  readonly row: PublishedRow
  readonly predicted: number
  readonly error: number
}

const results: Result[] = []
for (const row of rows) {
  const predicted = await row.predict()
  results.push({ row, predicted, error: relativeError(predicted, row.published) })
}

const num = (x: number): string => (Math.abs(x) >= 1000 ? Math.round(x).toLocaleString("en-US") : x.toFixed(2))
const pct = (x: number): string => `${x >= 0 ? "+" : ""}${(x * 100).toFixed(1)}%`
const out = (s: string) => process.stdout.write(s + "\n")

const groupBy = (key: (r: Result) => string): Map<string, Result[]> => {
  const m = new Map<string, Result[]>()
  for (const r of results) m.set(key(r), [...(m.get(key(r)) ?? []), r])
  return m
}
const mape = (rs: Result[]) => meanAbsoluteRelativeError(rs.map((r) => ({ predicted: r.predicted, published: r.row.published })))

if (values.markdown) {
  out("| row | setup | unit | published | predicted | error |")
  out("|---|---|---|---:|---:|---:|")
  for (const r of results) out(`| ${r.row.id} | ${r.row.setup} | ${r.row.unit} | ${num(r.row.published)} | ${num(r.predicted)} | ${pct(r.error)} |`)
  out("")
  out("| group | rows | MAPE | worst |")
  out("|---|---:|---:|---:|")
  for (const [g, rs] of [...groupBy((r) => r.row.group), ...groupBy((r) => `${r.row.group}: ${r.row.family}`)]) {
    const worst = rs.reduce((a, b) => (Math.abs(b.error) > Math.abs(a.error) ? b : a))
    out(`| ${g} | ${rs.length} | ${(mape(rs) * 100).toFixed(1)}% | ${pct(worst.error)} (${worst.row.id}) |`)
  }
} else {
  const idW = Math.max(...results.map((r) => r.row.id.length), 4)
  out(`${"row".padEnd(idW)}  ${"unit".padEnd(12)} ${"published".padStart(10)} ${"predicted".padStart(10)} ${"error".padStart(8)}`)
  for (const r of results) {
    const flag = Math.abs(r.error) > TOLERANCE[r.row.group] ? "  OUTSIDE ±" + TOLERANCE[r.row.group] * 100 + "%" : ""
    out(`${r.row.id.padEnd(idW)}  ${r.row.unit.padEnd(12)} ${num(r.row.published).padStart(10)} ${num(r.predicted).padStart(10)} ${pct(r.error).padStart(8)}${flag}`)
  }
  out("")
  for (const [g, rs] of groupBy((r) => r.row.group)) {
    out(`MAPE ${g}: ${(mape(rs) * 100).toFixed(1)}% over ${rs.length} rows`)
    for (const [f, fs] of groupBy((r) => `${r.row.group}\u0000${r.row.family}`)) {
      if (!f.startsWith(g + "\u0000")) continue
      out(`  ${f.slice(g.length + 1)}: ${(mape(fs) * 100).toFixed(1)}% over ${fs.length} rows`)
    }
  }
}
if (results.some((r) => Math.abs(r.error) > TOLERANCE[r.row.group])) process.exitCode = 1
