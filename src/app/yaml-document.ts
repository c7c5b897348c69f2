/**
 * YAML text → plain JS value, with positions kept for diagnostics and the hostile-input guards:
 * one document only, syntax errors with line:col, alias expansion capped (billion laughs), nesting
 * depth capped, `__proto__` / `constructor` / `prototype` keys refused, non-string keys refused.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments, type Document, type Node, type Pair, type YAMLMap } from "yaml"
import type { PathSegment, Problem } from "../domain/scenario/issues.ts"

/** At most this many values produced by expanding aliases (a billion-laughs file needs ~10⁹). */
export const MAX_ALIAS_EXPANSION = 100_000
/** Deepest nesting of mappings and lists a scenario may have. */
export const MAX_DEPTH = 64

const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"])

export interface Position {
  readonly line: number
  readonly column: number
}

export interface ParsedYaml {
  /** The document as plain data, or undefined when it could not be built. */
  readonly value: unknown
  /** Problems found while parsing and building, already positioned. */
  readonly problems: ReadonlyArray<{ readonly position: Position; readonly path: ReadonlyArray<PathSegment>; readonly message: string }>
  /** Where a problem at `path` points. */
  readonly locate: (problem: Problem) => Position
}

const START: Position = { line: 1, column: 1 }

export const parseYaml = (text: string): ParsedYaml => {
  const lineCounter = new LineCounter()
  const pos = (offset: number | undefined): Position => {
    if (offset === undefined) return START
    const p = lineCounter.linePos(offset)
    return { line: p.line, column: p.col }
  }
  // uniqueKeys: false — the library compares every key with every other (quadratic: a 16,000-key
  // mapping took 7 s); duplicates are found while building, with a Map per mapping.
  const docs = parseAllDocuments(text, { lineCounter, prettyErrors: false, uniqueKeys: false, strict: true, version: "1.2" })
  const list: ReadonlyArray<Document.Parsed> = Array.isArray(docs) ? docs : []
  const problems: Array<{ position: Position; path: PathSegment[]; message: string }> = []
  const doc = list[0]
  const noLocate = () => START
  if (doc === undefined) {
    return { value: undefined, problems: [{ position: START, path: [], message: "the file is empty: expected a scenario mapping with name, pools and inference or training" }], locate: noLocate }
  }
  for (const d of list) {
    for (const e of [...d.errors, ...d.warnings]) {
      problems.push({ position: pos(e.pos[0]), path: [], message: yamlMessage(e.code, e.message) })
    }
  }
  if (list.length > 1) {
    const second = list[1]!
    problems.push({ position: pos(second.range?.[0]), path: [], message: "more than one YAML document (---): a scenario file holds exactly one" })
  }
  if (problems.length > 0) return { value: undefined, problems, locate: noLocate }

  let expanded = 0
  let aborted = false
  /**
   * `alias` is the outermost alias being expanded, if any: an alias bomb is reported there (where
   * the user wrote `*x`, with its path in the document), not somewhere inside the expansion.
   */
  type AliasUse = { readonly node: unknown; readonly path: PathSegment[] }
  const build = (node: unknown, path: PathSegment[], depth: number, alias: AliasUse | undefined): unknown => {
    if (aborted) return undefined
    if (alias !== undefined && ++expanded > MAX_ALIAS_EXPANSION) {
      aborted = true
      problems.push({ position: pos(rangeStart(alias.node)), path: alias.path, message: `aliases expand to more than ${MAX_ALIAS_EXPANSION.toLocaleString("en-US")} values: refusing to expand (a YAML alias bomb?)` })
      return undefined
    }
    if (depth > MAX_DEPTH) {
      aborted = true
      // The path of a runaway nesting is as long as the nesting: name only the top-level key.
      problems.push({ position: pos(rangeStart(node)), path: path.slice(0, 1), message: `nested more than ${MAX_DEPTH} levels deep` })
      return undefined
    }
    if (node === null || node === undefined) return null
    if (isAlias(node)) {
      const target = node.resolve(doc)
      if (target === undefined) {
        // Fatal, like a syntax error: building on with null would add a misleading "found null".
        aborted = true
        problems.push({ position: pos(rangeStart(node)), path, message: `unknown alias *${node.source}: no anchor &${node.source} comes before it` })
        return undefined
      }
      return build(target, path, depth + 1, alias ?? { node, path })
    }
    if (isScalar(node)) {
      if (typeof node.value === "object" && node.value !== null) {
        // `!!binary` and other tags that build objects: no scenario field takes one.
        aborted = true
        problems.push({ position: pos(rangeStart(node)), path, message: `the YAML tag ${node.tag?.replace("tag:yaml.org,2002:", "!!") ?? "on this value"} is not supported: write a plain value` })
        return undefined
      }
      return node.value
    }
    if (isSeq(node)) return node.items.map((item, i) => build(item, [...path, i], depth + 1, alias))
    if (isMap(node)) {
      const out: Record<string, unknown> = {}
      const seen = new Map<string, unknown>()
      for (const pair of node.items) {
        if (!isPair(pair)) continue
        const k = isScalar(pair.key) ? pair.key.value : undefined
        if (typeof k !== "string") {
          problems.push({ position: pos(rangeStart(pair.key)), path, message: `keys must be plain names, found ${k === undefined ? "a complex key" : JSON.stringify(k)}${typeof k === "number" ? ' (quote it: "' + k + '")' : ""}` })
          continue
        }
        const first = seen.get(k)
        if (first !== undefined) {
          // Fatal, like a syntax error: which of the two values was meant is anyone's guess.
          aborted = true
          problems.push({ position: pos(rangeStart(pair.key)), path: [...path, k], message: `duplicate key "${k}": it first appears at line ${pos(rangeStart(first)).line}; a key may appear once in a mapping` })
          return undefined
        }
        seen.set(k, pair.key)
        if (k === "<<") {
          problems.push({ position: pos(rangeStart(pair.key)), path: [...path, k], message: "YAML merge keys (<<: *anchor) are not supported: write the fields out (an alias may stand for a whole value)" })
          continue
        }
        if (FORBIDDEN_KEYS.has(k)) {
          problems.push({ position: pos(rangeStart(pair.key)), path: [...path, k], message: `the key "${k}" is not allowed` })
          continue
        }
        out[k] = build(pair.value, [...path, k], depth + 1, alias)
      }
      return out
    }
    return null
  }
  let value: unknown
  try {
    value = build(doc.contents, [], 0, undefined)
  } catch (e) {
    problems.push({ position: START, path: [], message: `could not read the document: ${e instanceof Error ? e.message : String(e)}` })
    value = undefined
  }

  /** The node at `path` and the key node that holds it, following aliases. */
  /** Each mapping's pairs by key, built once: one lookup per diagnostic must not scan a wide mapping. */
  const indexes = new WeakMap<object, Map<unknown, Pair>>()
  const keyIndex = (map: YAMLMap): Map<unknown, Pair> => {
    let index = indexes.get(map)
    if (index === undefined) {
      index = new Map()
      for (const p of map.items) if (isPair(p) && isScalar(p.key) && !index.has(p.key.value)) index.set(p.key.value, p as Pair)
      indexes.set(map, index)
    }
    return index
  }
  const find = (path: ReadonlyArray<PathSegment>): { node: unknown; key: unknown; found: number } => {
    let node: unknown = doc.contents
    let key: unknown = undefined
    let found = 0
    for (const seg of path) {
      if (isAlias(node)) node = node.resolve(doc)
      if (isMap(node)) {
        const pair = keyIndex(node).get(seg)
        if (!pair) break
        key = pair.key
        node = pair.value ?? pair.key
      } else if (isSeq(node) && typeof seg === "number" && seg < node.items.length) {
        key = node.items[seg]
        node = node.items[seg]
      } else break
      found++
    }
    return { node, key, found }
  }
  const locate = (problem: Problem): Position => {
    const { node, key, found } = find(problem.path)
    if (found < problem.path.length) {
      // Missing (or defaulted) key: point at the key of the deepest mapping that exists.
      return pos(rangeStart(key ?? node))
    }
    if (problem.at === "key") return pos(rangeStart(key ?? node))
    // An empty value (`pools:` and nothing after) has no text of its own: point at its key, or at
    // the `-` of an empty list entry.
    if (problem.at === "value" && isScalar(node) && node.value === null && (node.source ?? "") === "") {
      if (key !== undefined && key !== node) return pos(rangeStart(key))
      const start = rangeStart(node)
      if (start !== undefined) {
        let dash = start - 1
        while (dash > 0 && (text[dash] === " " || text[dash] === "\t")) dash--
        if (text[dash] === "-") return pos(dash)
      }
    }
    if (problem.at === "parent") {
      const parent = find(problem.path.slice(0, -1))
      return pos(rangeStart(parent.key ?? parent.node))
    }
    return pos(rangeStart(node))
  }
  return { value: aborted ? undefined : value, problems, locate }
}

const rangeStart = (node: unknown): number | undefined => {
  const r = (node as Node | undefined)?.range
  return Array.isArray(r) ? r[0] : undefined
}

const yamlMessage = (code: string, message: string): string => {
  const first = message.split("\n")[0] ?? message
  const clean = first.replace(/ at line \d+, column \d+.*$/, "").replace(/^Unresolved tag: (.*)$/, (_, tag: string) => `unknown tag ${tag.replace("tag:yaml.org,2002:", "!!")}: write a plain value`)
  return code === "DUPLICATE_KEY" ? `duplicate key: ${clean.replace(/^Map keys must be unique.*$/, "a key appears twice in the same mapping")}` : `YAML syntax: ${clean}`
}
