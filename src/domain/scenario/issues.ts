/**
 * Turns an Effect Schema issue tree into flat problems `{ path, message, at }` a sales engineer can
 * act on: what was expected, what was found, and for names a "did you mean". `at` says where the
 * problem sits relative to `path`: on the value, on the key itself (an unknown key), or on the parent
 * mapping (a missing key).
 */
import type { SchemaAST, SchemaIssue } from "effect"
import { didYouMean } from "./suggest.ts"

export type PathSegment = string | number

export interface Problem {
  readonly path: ReadonlyArray<PathSegment>
  readonly message: string
  /** value: the node at path; key: the key node of the last segment; parent: the mapping that lacks the key */
  readonly at: "value" | "key" | "parent"
}

/** Keys whose literal value selects the member of a union (arrival pattern, pricing kind, …). */
const discriminators = ["pattern", "kind", "distribution"] as const

export const describeValue = (v: unknown): string => {
  if (v === undefined) return "nothing"
  if (v === null) return "null (an empty value)"
  if (typeof v === "number") {
    if (Number.isNaN(v)) return ".nan"
    if (!Number.isFinite(v)) return "an infinite number"
    return String(v)
  }
  if (typeof v === "string") return JSON.stringify(v.length > 60 ? v.slice(0, 57) + "..." : v)
  if (typeof v === "boolean") return String(v)
  if (Array.isArray(v)) return "a list"
  if (typeof v === "object") return "a mapping"
  return typeof v
}

/** A short English description of what a schema accepts. */
export const expectedOf = (ast: SchemaAST.AST): string => {
  const a = ast as any
  switch (a._tag) {
    case "String":
      return "a string"
    case "Number": {
      const checks: ReadonlyArray<any> = a.checks ?? []
      const isInt = checks.some((c) => c?.annotations?.expected === "an integer")
      return isInt ? "an integer" : "a number"
    }
    case "Boolean":
      return "true or false"
    case "Literal":
      return JSON.stringify(a.literal)
    case "Objects":
      return a.propertySignatures.length === 0 ? "a mapping" : "a mapping"
    case "Arrays":
      return "a list"
    case "Union": {
      const lits = (a.types as ReadonlyArray<any>).filter((t) => t._tag === "Literal").map((t) => JSON.stringify(t.literal))
      if (lits.length === a.types.length) return `one of ${lits.join(", ")}`
      return [...new Set((a.types as ReadonlyArray<SchemaAST.AST>).map(expectedOf))].join(" or ")
    }
    case "Unknown":
    case "Any":
      return "a value"
    default:
      return a.annotations?.expected ?? "a valid value"
  }
}

const literalOptions = (ast: any): string[] | undefined => {
  if (ast?._tag === "Literal") return [String(ast.literal)]
  if (ast?._tag === "Union" && ast.types.every((t: any) => t._tag === "Literal")) return ast.types.map((t: any) => String(t.literal))
  return undefined
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v)

/** The literal values a union of structs is discriminated by, if any. */
const discriminatorOf = (union: any): { key: string; values: string[] } | undefined => {
  const members: ReadonlyArray<any> = union.types ?? []
  if (members.length === 0 || !members.every((m) => m._tag === "Objects")) return undefined
  for (const key of discriminators) {
    const values: string[] = []
    for (const m of members) {
      const ps = m.propertySignatures.find((p: any) => p.name === key)
      const lit = ps ? literalOptions(ps.type) : undefined
      if (!lit) break
      values.push(...lit)
    }
    if (values.length === members.length) return { key, values }
  }
  return undefined
}

/** Flatten an issue tree into problems, in document order of the issue tree. */
export const problemsOf = (issue: SchemaIssue.Issue): Problem[] => {
  const out: Problem[] = []
  const walk = (i: SchemaIssue.Issue, path: PathSegment[], parent: SchemaAST.AST | undefined, filterExpected?: string): void => {
    switch (i._tag) {
      case "Pointer":
        return walk(i.issue, [...path, ...(i.path as PathSegment[])], parent)
      case "Composite":
        for (const j of i.issues) walk(j, path, i.ast)
        return
      case "Encoding":
        return walk(i.issue, path, parent)
      case "Filter":
        return walk(i.issue, path, parent, (i.filter.annotations as any)?.expected)
      case "AnyOf": {
        if (i.issues.length > 0) {
          for (const j of i.issues) walk(j, path, parent)
          return
        }
        const input = i.input
        const disc = discriminatorOf(i.ast)
        if (disc && isObject(input)) {
          const found = input[disc.key]
          if (found === undefined) {
            out.push({ path, at: "value", message: `missing key "${disc.key}": expected one of ${disc.values.join(", ")}` })
          } else {
            out.push({
              path: [...path, disc.key],
              at: "value",
              message: `expected one of ${disc.values.join(", ")}, found ${describeValue(found)}${typeof found === "string" ? didYouMean(found, disc.values) : ""}`,
            })
          }
          return
        }
        const options = literalOptions(i.ast)
        const hint = options && typeof input === "string" ? didYouMean(input, options) : ""
        out.push({ path, at: "value", message: `expected ${expectedOf(i.ast)}, found ${describeValue(input)}${hint}` })
        return
      }
      case "InvalidType": {
        const opts = literalOptions(i.ast)
        const found = i.input
        const hint = opts && typeof found === "string" ? didYouMean(found, opts) : ""
        out.push({ path, at: "value", message: `expected ${expectedOf(i.ast)}, found ${describeValue(found)}${hint}` })
        return
      }
      case "InvalidValue": {
        const message = (i.annotations as any)?.message
        if (typeof message === "string") out.push({ path, at: "value", message })
        else if (Array.isArray(i.input) && i.input.length === 0) out.push({ path, at: "value", message: "expected at least one entry, found an empty list" })
        else out.push({ path, at: "value", message: `expected ${filterExpected ?? "a valid value"}, found ${describeValue(i.input)}` })
        return
      }
      case "MissingKey": {
        const key = path[path.length - 1]
        // The issue carries no annotations of its own: the field's description sits on the parent struct.
        const field = (parent as any)?._tag === "Objects" ? (parent as any).propertySignatures.find((p: any) => p.name === key) : undefined
        // A refined field (`String.check(…)`) keeps its annotations on its last check.
        const description = (i.annotations as any)?.description ?? field?.type?.annotations?.description ?? field?.type?.checks?.at(-1)?.annotations?.description
        out.push({ path, at: "parent", message: `missing key "${String(key)}"${description ? `: ${description}` : ""}` })
        return
      }
      case "UnexpectedKey": {
        const key = String(path[path.length - 1])
        const known: string[] = (parent as any)?._tag === "Objects" ? (parent as any).propertySignatures.map((p: any) => String(p.name)) : []
        const hint = didYouMean(key, known)
        out.push({
          path,
          at: "key",
          message: `unknown key "${key}"${hint || (known.length > 0 && known.length <= 12 ? ` (known keys: ${known.join(", ")})` : "")}`,
        })
        return
      }
      case "OneOf":
        out.push({ path, at: "value", message: "matches more than one alternative; make it unambiguous" })
        return
      case "Forbidden":
        out.push({ path, at: "value", message: (i.annotations as any)?.message ?? "not allowed here" })
        return
    }
  }
  walk(issue, [], undefined)
  return tidy(out)
}

/**
 * One problem per value (with `errors: "all"`, `.nan` fails both "finite" and "≥ 1"; the first
 * says it), and no "missing key" for a key whose misspelling is already reported with a
 * "did you mean" in the same mapping.
 */
const tidy = (problems: ReadonlyArray<Problem>): Problem[] => {
  const key = (path: ReadonlyArray<PathSegment>) => JSON.stringify(path)
  const suggested = new Set<string>()
  for (const p of problems) {
    const hint = p.at === "key" ? / — did you mean "([^"]+)"\?$/.exec(p.message)?.[1] : undefined
    if (hint !== undefined) suggested.add(key([...p.path.slice(0, -1), hint]))
  }
  const valueSeen = new Set<string>()
  return problems.filter((p) => {
    if (p.at === "parent" && suggested.has(key(p.path))) return false
    if (p.at !== "value") return true
    const k = key(p.path)
    if (valueSeen.has(k)) return false
    valueSeen.add(k)
    return true
  })
}

/** `pools[1].nodes.initial`, `gpus["H100-SXM"].memory` */
export const formatPath = (path: ReadonlyArray<PathSegment>): string => {
  let s = ""
  for (const seg of path) {
    if (typeof seg === "number") s += `[${seg}]`
    else if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(seg)) s += s === "" ? seg : `.${seg}`
    else s += s === "" ? seg : `.${seg}`
  }
  return s === "" ? "(document)" : s
}
