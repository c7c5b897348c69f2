/**
 * gpuplan vs published measurements: runs every row of tests/validation/published.ts (the
 * scenarios under tests/validation/ through the real engine) and prints predicted vs published,
 * the relative error per row, and the mean absolute percentage error (MAPE) per group and family.
 *
 *   node bin/run-ts.js bench/validate-published.ts [--group inference|training] [--markdown]
 *
 *   npm run validate:published
 *
 * Inference rows run tests/validation/inference/*.yaml, training rows tests/validation/training/*.yaml
 * (report.training[0].gpuHours or wallClockSeconds). A row marked `knownMiss` prints KNOWN MISS and
 * its reason; it counts in its group's MAPE (also given without the known misses). --markdown
 * prints the table in the form docs/calibration.md uses. Exit code 1 if a row is outside its
 * group's tolerance, or a known miss is outside its documented band.
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
const inBand = (r: Result): boolean => r.row.knownMiss !== undefined && r.error >= r.row.knownMiss.errorBand[0] && r.error <= r.row.knownMiss.errorBand[1]
const outside = (r: Result): boolean => Math.abs(r.error) > TOLERANCE[r.row.group]
/** "" when within tolerance; otherwise why not. */
const verdict = (r: Result): string =>
  !outside(r) ? "" : inBand(r) ? `KNOWN MISS: ${r.row.knownMiss!.reason}` : `OUTSIDE ±${TOLERANCE[r.row.group] * 100}%`
const mapeLine = (rs: Result[]): string => {
  const misses = rs.filter((r) => r.row.knownMiss !== undefined)
  const base = `${(mape(rs) * 100).toFixed(1)}% over ${rs.length} rows`
  return misses.length === 0 ? base : `${base} (${(mape(rs.filter((r) => r.row.knownMiss === undefined)) * 100).toFixed(1)}% without ${misses.length} known miss${misses.length > 1 ? "es" : ""})`
}

if (values.markdown) {
  out("| row | setup | unit | published | predicted | error |")
  out("|---|---|---|---:|---:|---:|")
  for (const r of results) {
    const note = verdict(r)
    out(`| ${r.row.id} | ${r.row.setup} | ${r.row.unit} | ${num(r.row.published)} | ${num(r.predicted)} | ${pct(r.error)}${note === "" ? "" : ` (${note})`} |`)
  }
  out("")
  out("| group | rows | MAPE | worst |")
  out("|---|---:|---:|---:|")
  for (const [g, rs] of [...groupBy((r) => r.row.group), ...groupBy((r) => `${r.row.group}: ${r.row.family}`)]) {
    const worst = rs.reduce((a, b) => (Math.abs(b.error) > Math.abs(a.error) ? b : a))
    out(`| ${g} | ${rs.length} | ${mapeLine(rs).replace(/ over \d+ rows/, "")} | ${pct(worst.error)} (${worst.row.id}) |`)
  }
} else {
  const idW = Math.max(...results.map((r) => r.row.id.length), 4)
  out(`  ${"row".padEnd(idW)}  ${"unit".padEnd(12)} ${"published".padStart(10)} ${"predicted".padStart(10)} ${"error".padStart(8)}`)
  for (const [g, rs] of groupBy((r) => r.row.group)) {
    out(`${g} (±${TOLERANCE[g as keyof typeof TOLERANCE] * 100}%)`)
    for (const r of rs) {
      const note = verdict(r)
      out(`  ${r.row.id.padEnd(idW)}  ${r.row.unit.padEnd(12)} ${num(r.row.published).padStart(10)} ${num(r.predicted).padStart(10)} ${pct(r.error).padStart(8)}${note === "" ? "" : "  " + note}`)
    }
  }
  out("")
  for (const [g, rs] of groupBy((r) => r.row.group)) {
    out(`MAPE ${g}: ${mapeLine(rs)}`)
    for (const [f, fs] of groupBy((r) => `${r.row.group}\u0000${r.row.family}`)) {
      if (!f.startsWith(g + "\u0000")) continue
      out(`  ${f.slice(g.length + 1)}: ${mapeLine(fs)}`)
    }
  }
}
if (results.some((r) => outside(r) && !inBand(r))) process.exitCode = 1
