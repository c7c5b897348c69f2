/**
 * Escaping of untrusted text (scenario names, descriptions, workload and pool names, price sources)
 * for the shareable formats. Scenario text is written by whoever sent the YAML; a proposal must
 * show it as text, never run it or let it reshape the document.
 */

/** Text → HTML text or attribute value: `<script>` shows as `<script>`, never runs. */
export const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => (c === "&" ? "&amp;" : c === "<" ? "&lt;" : c === ">" ? "&gt;" : c === '"' ? "&quot;" : "&#39;"))

/**
 * Text → inline Markdown that renders as exactly that text, on one line. Markdown passes raw HTML
 * through, so `<`, `>` and `&` become entities; emphasis, code, link, table and strike markers are
 * backslash-escaped, and so is a leading heading or list marker; line breaks become spaces so a
 * name cannot start a new block (a heading, a list, a table row).
 */
export const escapeMarkdown = (s: string): string =>
  s
    .replace(/\r\n?|\n/g, " ")
    .replace(/[\\`*_[\]|~]/g, (c) => `\\${c}`)
    .replace(/[&<>]/g, (c) => (c === "&" ? "&amp;" : c === "<" ? "&lt;" : "&gt;"))
    // At the start of a line these begin a heading, a list or a setext underline / rule.
    .replace(/^(\s*)([#+-])(?=\s|$)/, "$1\\$2")
    .replace(/^(\s*\d+)([.)])(?=\s|$)/, "$1\\$2")
    .replace(/^(\s*)([=-])(?=[=-]*\s*$)/, "$1\\$2")
