/**
 * Every example in scenarios/ loads without a diagnostic, and every one also validates against the
 * JSON Schema that `gpuplan schema` ships to editors (so the editor never flags a valid file).
 */
import { Effect } from "effect"
import { Ajv2020 } from "ajv/dist/2020.js"
import { readdirSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { parse } from "yaml"
import { scenarioJsonSchema } from "../src/app/json-schema.ts"
import { loadScenario } from "../src/app/load-scenario.ts"

const dir = join(import.meta.dirname, "..", "scenarios")
const files = readdirSync(dir).filter((f) => f.endsWith(".yaml"))

describe("example scenarios", () => {
  it("there are at least six, each with a header comment saying what question it answers", () => {
    expect(files.length).toBeGreaterThanOrEqual(6)
    for (const f of files) expect(readFileSync(join(dir, f), "utf8")).toMatch(/^# Question/)
  })

  const validate = new Ajv2020({ strict: false, allErrors: true }).compile(scenarioJsonSchema())

  for (const f of files) {
    it(`${f} loads`, async () => {
      const loaded = await Effect.runPromise(Effect.result(loadScenario(join(dir, f))))
      expect(loaded._tag === "Success" ? [] : loaded.failure.diagnostics).toEqual([])
    })
    it(`${f} validates against the JSON Schema`, () => {
      const ok = validate(parse(readFileSync(join(dir, f), "utf8")))
      expect(validate.errors ?? []).toEqual([])
      expect(ok).toBe(true)
    })
  }

  it("the JSON Schema rejects an unknown key (objects are closed), as the loader does", () => {
    const doc = parse(readFileSync(join(dir, files[0]!), "utf8"))
    expect(validate({ ...doc, colour: "blue" })).toBe(false)
  })
})
