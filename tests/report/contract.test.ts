/**
 * The JSON report is a contract (SCENARIO.md): every example scenario's report validates against
 * schemas/report-v1.schema.json, and the same scenario and seed give byte-identical JSON.
 */
import { Ajv2020 } from "ajv/dist/2020.js"
import { Effect } from "effect"
import { readdirSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { loadScenario } from "../../src/app/load-scenario.ts"
import { runScenario } from "../../src/app/run.ts"

const root = join(import.meta.dirname, "..", "..")
const schema = JSON.parse(readFileSync(join(root, "schemas", "report-v1.schema.json"), "utf8"))
const validate = new Ajv2020({ strict: false, allErrors: true }).compile(schema)
const scenarios = readdirSync(join(root, "scenarios")).filter((f) => f.endsWith(".yaml"))

/** Report JSON of a scenario, shortened to `horizon` seconds so the suite stays fast. */
const reportJson = (file: string, horizonSeconds: number, seed?: number): Promise<string> =>
  Effect.runPromise(
    Effect.flatMap(loadScenario(join(root, "scenarios", file)), (loaded) =>
      runScenario(loaded, { horizonSeconds, replications: 1, ...(seed !== undefined ? { seed } : {}) }),
    ),
  ).then((r) => JSON.stringify(r, null, 2))

describe("report contract", () => {
  for (const f of scenarios) {
    it(`${f}: the report validates against the report schema`, async () => {
      const report = JSON.parse(await reportJson(f, 1800))
      const ok = validate(report)
      expect(validate.errors ?? []).toEqual([])
      expect(ok).toBe(true)
    })
  }

  it("the schema rejects a report missing a contract field (so the check above can fail)", async () => {
    const report = JSON.parse(await reportJson("chat-h100-burst.yaml", 600))
    delete report.inference[0].latency.ttft.p99
    expect(validate(report)).toBe(false)
  })

  it("same scenario and seed → byte-identical JSON; another seed → different numbers", async () => {
    const a = await reportJson("chat-spot-heavy.yaml", 3600)
    const b = await reportJson("chat-spot-heavy.yaml", 3600)
    expect(a).toBe(b)
    const c = await reportJson("chat-spot-heavy.yaml", 3600, 99)
    expect(c).not.toBe(a)
  })
})
