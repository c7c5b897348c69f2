/**
 * The Markdown proposal: the document of `proposal.ts` as GitHub-flavoured Markdown a customer can
 * read in any viewer. Every piece of text from the scenario or the catalog goes through
 * `escapeMarkdown`, so a name like `<script>…</script> | *x*` shows as written and cannot break a
 * table or inject HTML. Charts are HTML-only; the tables carry the same numbers.
 *
 * ```
 * # Acme chat assistant — Llama 3.1 70B on H100, reserved + burst
 * 20 req/s average, daily peak 1.8× at 14:00; …
 * ## Summary
 * - **Will it hold? (chat):** ✅ met — 99.9% of requests within every SLO
 * ```
 */
import { escapeMarkdown } from "./escape.ts"
import { buildProposal, type Block, type Proposal, type Status, type Table } from "./proposal.ts"
import type { Sensitivity } from "./sensitivity.ts"
import type { Report } from "./types.ts"

const mark = (s: Status | undefined): string => (s === "ok" ? "✅ " : s === "bad" ? "❌ " : s === "warn" ? "⚠️ " : "")

/** A GFM table; an empty body gets a single "—" row so the table stays valid. */
export const markdownTable = (t: Table): string[] => {
  const cell = (s: string) => escapeMarkdown(s) || " "
  const sep = t.header.map((_, i) => (t.align[i] === "r" ? "---:" : "---"))
  const rows = t.rows.length > 0 ? t.rows : [t.header.map(() => "—")]
  return [
    ...(t.caption ? [`**${escapeMarkdown(t.caption)}**`, ""] : []),
    `| ${t.header.map(cell).join(" | ")} |`,
    `| ${sep.join(" | ")} |`,
    ...rows.map((r) => `| ${t.header.map((_, i) => cell(r[i] ?? "")).join(" | ")} |`),
  ]
}

const block = (b: Block): string[] => {
  switch (b.kind) {
    case "facts":
      return b.facts.map((f) => `- **${escapeMarkdown(f.label)}:** ${mark(f.status)}${escapeMarkdown(f.value)}`)
    case "paragraph":
      return [escapeMarkdown(b.text)]
    case "note":
      return [`> ${mark(b.status)}${escapeMarkdown(b.text)}`]
    case "table":
      return markdownTable(b.table)
    case "chart":
      return []
  }
}

export const renderProposalMarkdown = (p: Proposal): string => {
  const out: string[] = [`# ${escapeMarkdown(p.title)}`, ""]
  if (p.description) out.push(escapeMarkdown(p.description), "")
  out.push(`*${escapeMarkdown(p.runLine)}*`, "")
  for (const s of p.sections) {
    out.push(`## ${escapeMarkdown(s.title)}`, "")
    for (const b of s.blocks) {
      const lines = block(b)
      if (lines.length > 0) out.push(...lines, "")
    }
  }
  return out.join("\n").replace(/\n+$/, "\n")
}

export const renderMarkdown = (r: Report, sensitivity?: Sensitivity): string => renderProposalMarkdown(buildProposal(r, sensitivity))
