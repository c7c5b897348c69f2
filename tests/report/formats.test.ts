/**
 * The shareable formats of a report: Markdown and HTML proposals render every section for the chat
 * example, HTML is self-contained, CSV is one metric per row, and nothing they show can leave
 * scenario text unescaped. The chat example runs once, for ten simulated minutes.
 */
import { Effect } from "effect"
import { join } from "node:path"
import { beforeAll, describe, expect, it } from "vitest"
import { loadScenario } from "../../src/app/load-scenario.ts"
import { runScenario } from "../../src/app/run.ts"
import { csvCell, csvText, flatten, renderCsv, reportRows } from "../../src/report/csv.ts"
import { escapeHtml, escapeMarkdown } from "../../src/report/escape.ts"
import { latency, money } from "../../src/report/format.ts"
import { renderHtml } from "../../src/report/html.ts"
import { renderMarkdown } from "../../src/report/markdown.ts"
import type { Report } from "../../src/report/types.ts"

const chatFile = join(import.meta.dirname, "..", "..", "scenarios", "chat-h100-burst.yaml")
let report: Report

beforeAll(async () => {
  report = await Effect.runPromise(Effect.flatMap(loadScenario(chatFile), (l) => runScenario(l, { horizonSeconds: 600, replications: 1 })))
}, 120_000)

/** A minimal RFC 4180 reader, to check what a spreadsheet would see. */
const parseCsv = (text: string): string[][] => {
  const rows: string[][] = []
  let row: string[] = []
  let cell = ""
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (cell += '"'), i++
      else if (ch === '"') quoted = false
      else cell += ch
    } else if (ch === '"') quoted = true
    else if (ch === ",") row.push(cell), (cell = "")
    else if (ch === "\r" && text[i + 1] === "\n") row.push(cell), rows.push(row), (row = []), (cell = ""), i++
    else cell += ch
  }
  if (cell !== "" || row.length > 0) row.push(cell), rows.push(row)
  return rows
}

/** The chat report with hostile scenario text in every name a renderer shows. */
const hostile = "<script>alert(1)</script> | *x*"
const withHostileText = (r: Report): Report => ({
  ...r,
  scenario: { ...r.scenario, name: hostile, description: `# heading?\n- list? [link](javascript:alert(1)) <img src=x onerror=alert(2)> & "quotes"` },
  inference: r.inference.map((w) => ({ ...w, name: `${hostile} chat` })),
  timeline: { ...r.timeline, series: Object.fromEntries(Object.entries(r.timeline.series).map(([k, v]) => [k.replace(/^chat\./, `${hostile} chat.`), v])) },
  pools: r.pools.map((p) => ({ ...p, name: `=HYPERLINK("http://evil") ${p.name}` })),
})

describe("markdown proposal", () => {
  it("has every section, with the headline numbers of the report", () => {
    const md = renderMarkdown(report)
    for (const h of ["## Summary", "## Capacity", "## Latency vs SLO", "## Cost breakdown", "## Price table", "## Assumptions"]) expect(md).toContain(h)
    const w = report.inference[0]!
    expect(md).toContain(latency(w.latency.ttft.p99))
    expect(md).toContain(latency(w.latency.tpot.p99))
    expect(report.cost).not.toBeNull()
    expect(md).toContain(money(report.cost!.total, "USD"))
    expect(md).toContain(money(report.quote!.perMillionOutputTokens, "USD"))
    expect(md).toContain(report.assumptions[0]!.value.split(",")[0]!)
  })

  it("says — for cost and price while the report has no ledger or quote", () => {
    const md = renderMarkdown({ ...report, cost: null, quote: null })
    expect(md).toContain("## Cost breakdown")
    expect(md).toMatch(/## Cost breakdown\n\n> — \(no cost ledger/)
    expect(md).toMatch(/## Price table\n\n> — \(no quote/)
    expect(md).toContain("**Price per 1M tokens:** —")
  })

  it("escapes scenario text: no raw HTML, no broken table, no injected heading or link", () => {
    const md = renderMarkdown(withHostileText(report))
    expect(md).not.toContain("<script>")
    expect(md).not.toContain("<img")
    expect(md).toContain("# &lt;script&gt;alert(1)&lt;/script&gt; \\| \\*x\\*")
    expect(md).not.toMatch(/^# heading\?/m)
    expect(md).toContain("\\[link\\](javascript")
    expect(md).not.toMatch(/(?<!\\)\]\(javascript/)
    // Every table row has as many cells as its header (an unescaped | would add one).
    const lines = md.split("\n")
    lines.forEach((l, i) => {
      if (/^\| --- /.test(l) || /^\| ---:/.test(l)) {
        const cells = (s: string) => s.replace(/\\\|/g, "").split("|").length
        const n = cells(lines[i - 1]!)
        for (let k = i + 1; k < lines.length && lines[k]!.startsWith("|"); k++) expect(cells(lines[k]!)).toBe(n)
      }
    })
  })

  it("escapeMarkdown keeps ordinary text readable and neutralizes block starts", () => {
    expect(escapeMarkdown("Llama 3.1 70B (fp8) 98.9%")).toBe("Llama 3.1 70B (fp8) 98.9%")
    expect(escapeMarkdown("# title")).toBe("\\# title")
    expect(escapeMarkdown("- item")).toBe("\\- item")
    expect(escapeMarkdown("1. item")).toBe("1\\. item")
    expect(escapeMarkdown("a\nb")).toBe("a b")
    expect(escapeMarkdown("a_b*c`d[e]|f")).toBe("a\\_b\\*c\\`d\\[e\\]\\|f")
  })
})

describe("html proposal", () => {
  it("has every section and a chart for demand vs capacity, utilization, latency and cost", () => {
    const html = renderHtml(report)
    for (const id of ["summary", "capacity", "latency", "cost", "price", "assumptions"]) expect(html).toContain(`<section id="${id}">`)
    for (const chart of ["demand", "utilization", "latency", "cost"]) expect(html).toContain(`data-chart="${chart}"`)
    const svgs = html.match(/<svg[\s\S]*?<\/svg>/g) ?? []
    expect(svgs.length).toBeGreaterThanOrEqual(6)
    for (const svg of svgs) {
      expect(svg).toMatch(/<(path|rect) /)
      expect(svg).toMatch(/<title>/)
    }
    expect(html).toContain("Demand vs capacity — chat")
    expect(html).toContain("chat arrivals (req/s)")
    expect(html).toContain(money(report.cost!.total, "USD"))
  })

  it("is self-contained: no script, no external reference; URLs appear only as text", () => {
    const html = renderHtml(withHostileText(report))
    expect(html).not.toMatch(/<script/i)
    expect(html).not.toMatch(/<(link|img|iframe|object|embed)\b/i)
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'"`)
    // Drop text between tags: whatever remains is markup (tags and attributes) and the style sheet.
    const markupOnly = html.replace(/>[^<]*</g, "><")
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? ""
    expect(style.length).toBeGreaterThan(100)
    expect(style).not.toMatch(/url\(|@import/i)
    expect(markupOnly).not.toMatch(/\s(src|href|xlink:href|action)\s*=/i)
    expect(markupOnly).toMatch(/\sclass=/) // the scan sees attributes
    expect(markupOnly).not.toMatch(/https?:\/\//)
    // …and the hostile pool name's URL is there, as text.
    expect(html).toContain("=HYPERLINK(&quot;http://evil&quot;)")
  })

  it("escapes scenario text everywhere it shows (title, headings, tables, chart labels)", () => {
    const html = renderHtml(withHostileText(report))
    expect(html).not.toContain("<script>alert")
    expect(html).not.toContain("<img src=x")
    expect(html).toContain("<title>&lt;script&gt;alert(1)&lt;/script&gt; | *x*</title>")
    expect(html).toContain("Demand vs capacity — &lt;script&gt;alert(1)&lt;/script&gt; | *x* chat")
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe("&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;")
  })

  it("renders without a ledger or quote: no cost chart, — in the summary", () => {
    const html = renderHtml({ ...report, cost: null, quote: null })
    expect(html).not.toContain('data-chart="cost"')
    expect(html).toContain("— (no cost ledger for this run)")
    expect(html).toContain('data-chart="demand"')
  })

  it("is deterministic: the same report gives the same bytes", () => {
    expect(renderHtml(report)).toBe(renderHtml(JSON.parse(JSON.stringify(report))))
  })
})

describe("csv", () => {
  it("is one path,value row per metric, with the JSON report's paths and numbers", () => {
    const rows = parseCsv(renderCsv(report))
    expect(rows[0]).toEqual(["path", "value"])
    for (const r of rows) expect(r).toHaveLength(2)
    const get = (path: string) => rows.find((r) => r[0] === path)?.[1]
    expect(Number(get("inference[0].latency.ttft.p99"))).toBe(report.inference[0]!.latency.ttft.p99)
    expect(Number(get("cost.total"))).toBe(report.cost!.total)
    expect(Number(get("quote.perMillionOutputTokens"))).toBe(report.quote!.perMillionOutputTokens)
    expect(get("scenario.name")).toBe(report.scenario.name)
    expect(rows.length - 1).toBe(reportRows(report).length)
    // The time series are per time step: not rows.
    expect(rows.some((r) => r[0]!.startsWith("timeline.series"))).toBe(false)
  })

  it("escapes formula starts with ' and quotes per RFC 4180", () => {
    expect(csvText("=1+2")).toBe(`"'=1+2"`)
    expect(csvText("+1")).toBe(`"'+1"`)
    expect(csvText("-1")).toBe(`"'-1"`)
    expect(csvText("@SUM(A1)")).toBe(`"'@SUM(A1)"`)
    expect(csvText("\tx")).toBe(`"'\tx"`)
    expect(csvText("\rx")).toBe(`"'\rx"`)
    expect(csvText("a,b")).toBe(`"a,b"`)
    expect(csvText(`say "hi"`)).toBe(`"say ""hi"""`)
    expect(csvText("line\nbreak")).toBe(`"line\nbreak"`)
    expect(csvText("plain text")).toBe("plain text")
    expect(csvCell(-0.5)).toBe("-0.5")
    expect(csvCell(null)).toBe("")
    expect(csvCell(true)).toBe("true")
  })

  it("a hostile scenario reads back as text in a spreadsheet, every row still two cells", () => {
    const r = withHostileText(report)
    const rows = parseCsv(renderCsv(r))
    for (const row of rows) expect(row).toHaveLength(2)
    const pool = rows.find((x) => x[0] === "pools[0].name")!
    expect(pool[1]).toBe(`'=HYPERLINK("http://evil") reserved`)
    expect(rows.find((x) => x[0] === "scenario.description")![1]).toBe(r.scenario.description)
    // A key that is user text (cost.byWorkload.<name>) is a cell too, and escaped alike.
    expect(flatten({ a: { "=cmd": 1 } })).toEqual([{ path: "a.=cmd", value: 1 }])
    expect(parseCsv(renderCsv({ ...r, cost: { ...r.cost!, byWorkload: { "=cmd|' /C calc'!A0": 1 } } })).find((x) => x[0]!.includes("cmd"))![0]).toBe("cost.byWorkload.=cmd|' /C calc'!A0")
  })
})
