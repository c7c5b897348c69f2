/**
 * The layer rule of DESIGN.md, enforced: `ui → app → report → cost → model → perf, sim → domain`.
 * Nothing imports upward; perf and sim are siblings and do not import each other; ink/react only in
 * ui/ and cli.ts; yaml, node built-ins and Effect.run* only in app/, ui/ and cli.ts; no Math.random or
 * Date.now below app/.
 */
import { readdirSync, readFileSync, statSync } from "node:fs"
import { join, relative, resolve, dirname, sep } from "node:path"
import { describe, expect, it } from "vitest"

const rank: Record<string, number> = { domain: 0, sim: 1, perf: 1, model: 2, cost: 3, report: 4, app: 5, ui: 6, cli: 7 }

export const layerOf = (file: string): string => {
  const parts = file.split(sep).join("/").split("/")
  const i = parts.indexOf("src")
  const top = parts[i + 1] ?? ""
  return top.endsWith(".ts") || top.endsWith(".tsx") ? "cli" : top
}

const importRe = /(?:import|export)\s[^'"]*?from\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)|^\s*import\s+["']([^"']+)["']/gm

/** Every rule violation in one source file, as readable sentences. */
export const violations = (file: string, source: string): string[] => {
  const out: string[] = []
  const layer = layerOf(file)
  const r = rank[layer]
  if (r === undefined) return [`${file}: not inside a known layer folder`]
  const below = (name: string) => r < (rank[name] ?? 99)
  for (const m of source.matchAll(importRe)) {
    const spec = m[1] ?? m[2] ?? m[3] ?? ""
    if (spec.startsWith(".")) {
      const target = layerOf(resolve(dirname(file), spec))
      const tr = rank[target]
      if (tr === undefined) continue
      if (tr > r) out.push(`${file}: ${layer}/ imports upward from ${target}/ (${spec})`)
      else if (tr === r && target !== layer) out.push(`${file}: ${layer}/ imports its sibling ${target}/ (${spec})`)
    } else {
      const pkg = spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : spec.split("/")[0]!
      if ((pkg === "ink" || pkg === "react" || pkg === "ink-testing-library") && layer !== "ui" && layer !== "cli")
        out.push(`${file}: ${pkg} outside ui/ (${spec})`)
      if ((pkg === "yaml" || spec.startsWith("node:") || pkg === "tsx") && below("app") )
        out.push(`${file}: ${spec} below app/`)
    }
  }
  if (below("app")) {
    if (/\bEffect\.run\w*/.test(source)) out.push(`${file}: Effect.run* below app/`)
    if (/\bMath\.random\s*\(/.test(source)) out.push(`${file}: Math.random below app/ (use the seeded RNG)`)
    if (/\bDate\.now\s*\(|\bnew Date\s*\(\s*\)|\bperformance\.now\s*\(/.test(source))
      out.push(`${file}: wall clock below app/`)
  }
  return out
}

const walk = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const p = join(dir, name)
    return statSync(p).isDirectory() ? walk(p) : /\.tsx?$/.test(name) ? [p] : []
  })

describe("architecture", () => {
  it("the checker catches each kind of violation (so the scan below can fail)", () => {
    expect(violations("/x/src/domain/a.ts", `import { f } from "../model/b.ts"`)).toHaveLength(1)
    expect(violations("/x/src/perf/a.ts", `import { f } from "../sim/b.ts"`)).toHaveLength(1)
    expect(violations("/x/src/model/a.ts", `import * as fs from "node:fs"`)).toHaveLength(1)
    expect(violations("/x/src/report/a.ts", `import { Box } from "ink"`)).toHaveLength(1)
    expect(violations("/x/src/cost/a.ts", `import YAML from "yaml"`)).toHaveLength(1)
    expect(violations("/x/src/sim/a.ts", `const u = Math.random()`)).toHaveLength(1)
    expect(violations("/x/src/model/a.ts", `Effect.runSync(x)`)).toHaveLength(1)
    expect(violations("/x/src/model/a.ts", `const t = Date.now()`)).toHaveLength(1)
    expect(violations("/x/src/app/a.ts", `import { f } from "../ui/b.tsx"`)).toHaveLength(1)
  })

  it("allows the downward direction", () => {
    expect(violations("/x/src/model/a.ts", `import { f } from "../perf/b.ts"\nimport { g } from "../sim/c.ts"`)).toEqual([])
    expect(violations("/x/src/app/a.ts", `import * as fs from "node:fs"\nimport YAML from "yaml"\nEffect.runPromise(x)`)).toEqual([])
    expect(violations("/x/src/ui/a.tsx", `import { Box } from "ink"\nimport { f } from "../app/b.ts"`)).toEqual([])
  })

  it("no file in src/ breaks the layer rule", () => {
    const root = resolve(import.meta.dirname, "..", "src")
    const found = walk(root).flatMap((f) => violations(f, readFileSync(f, "utf8")).map((v) => relative(root, f) + " — " + v))
    expect(found).toEqual([])
  })
})
