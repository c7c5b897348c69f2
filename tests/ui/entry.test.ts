/**
 * The entry path: without a terminal (piped stdin, CI) `gpuplan` prints the default scenario's text
 * report and exits 0 — never a crash, never the TUI. The interactive path is driven in tmux
 * (tests/tui-tmux.test.ts).
 */
import { spawnSync } from "node:child_process"
import * as path from "node:path"
import { describe, expect, it } from "vitest"
import { colorEnabled, isCi } from "../../src/ui/start.tsx"

const root = path.resolve(import.meta.dirname, "..", "..")

describe("gpuplan with no arguments", () => {
  it("piped, from another directory: prints the default scenario's text report, exit 0", () => {
    const r = spawnSync(process.execPath, [path.join(root, "bin", "gpuplan.js")], { cwd: "/", input: "", encoding: "utf8", env: { ...process.env, CI: "true" }, timeout: 300_000 })
    expect(r.stderr).toBe("")
    expect(r.status).toBe(0)
    expect(r.stdout).toMatch(/^Acme chat assistant — Llama 3\.1 70B on H100, reserved \+ burst\n/)
    expect(r.stdout).toContain("INFERENCE")
  }, 300_000)

  it("CI counts unless empty, 0 or false; NO_COLOR turns colour off unless empty", () => {
    expect([isCi({}), isCi({ CI: "true" }), isCi({ CI: "1" }), isCi({ CI: "false" }), isCi({ CI: "0" }), isCi({ CI: "" })]).toEqual([false, true, true, false, false, false])
    expect([colorEnabled({}), colorEnabled({ NO_COLOR: "1" }), colorEnabled({ NO_COLOR: "" })]).toEqual([true, false, true])
  })
})
