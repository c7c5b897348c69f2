/**
 * The real binary in a real terminal, driven as a person would: tmux (100×30) runs `gpuplan` with
 * no arguments; we wait for the scenario browser, press Enter, Tab through every tab, turn a knob,
 * and quit — asserting on captured screens. Skipped, saying so, only when tmux is not installed
 * (.ci/run installs it).
 */
import { execFileSync, spawnSync } from "node:child_process"
import * as fs from "node:fs"
import * as path from "node:path"
import { afterAll, describe, expect, it } from "vitest"

const hasTmux = spawnSync("tmux", ["-V"]).status === 0
if (!hasTmux) console.warn("tests/tui-tmux.test.ts: SKIPPED — tmux is not installed (apt-get install -y tmux)")

const root = path.resolve(import.meta.dirname, "..")
const socket = `gpuplan-test-${process.pid}`
const session = "tui"
const tmux = (...args: string[]) => execFileSync("tmux", ["-L", socket, ...args], { encoding: "utf8" })
const screen = () => tmux("capture-pane", "-p", "-t", session)
const keys = (...k: string[]) => tmux("send-keys", "-t", session, ...k)

const waitFor = async (ok: (s: string) => boolean, what: string, timeoutMs = 120_000): Promise<string> => {
  const start = Date.now()
  for (;;) {
    const s = screen()
    if (ok(s)) return s
    if (/simulation failed|internal error/.test(s)) throw new Error(`gpuplan failed while waiting for ${what}; screen:\n${s}`)
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}; screen:\n${s}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

describe.skipIf(!hasTmux)("gpuplan in tmux", { timeout: 400_000 }, () => {
  afterAll(() => {
    spawnSync("tmux", ["-L", socket, "kill-server"])
  })

  it("launch → browser → Enter → tabs → knob → q", async () => {
    // CI=true would (rightly) select the non-interactive path; this terminal is interactive.
    tmux("new-session", "-d", "-s", session, "-x", "100", "-y", "30", "-c", root, `env -u CI NO_COLOR=1 node bin/gpuplan.js; echo "gpuplan exited with $?"; sleep 30`)
    let s = await waitFor((s) => s.includes(`${fs.readdirSync(path.join(import.meta.dirname, "../scenarios")).filter((f) => f.endsWith(".yaml")).length} scenarios`) && s.includes("▸ "), "the scenario browser")
    expect(s).toMatch(/▸ Acme chat assistant — Llama 3\.1 70B on H100, reserved \+ burst\s+32–80 GPUs/)
    keys("Enter")
    s = await waitFor((s) => s.includes("simulated ✓"), "the dashboard after the simulation", 300_000)
    expect(s).toMatch(/1 Summary\s+2 Latency\s+3 Capacity\s+4 Cost\s+5 Training\s+6 Assumptions/)
    expect(s).toMatch(/SLO attainment\s+[\d.]+%/)
    expect(s).toMatch(/GPUs\s+[\d.]+ on average · up to 80/)
    const costBefore = /^cost .*$/m.exec(s)?.[0]
    keys("Tab")
    s = await waitFor((s) => s.includes("TTFT"), "the Latency tab")
    expect(s).toMatch(/TTFT.*p99 ≤ 2\.00 s/)
    keys("Tab")
    s = await waitFor((s) => s.includes("arrivals /s"), "the Capacity tab")
    expect(s).toMatch(/replicas\s+\d+–\d+\s+[▁▂▃▄▅▆▇█]+/)
    keys("Tab")
    s = await waitFor((s) => s.includes("by pool"), "the Cost tab")
    expect(s).toMatch(/reserved\s+H100-SXM\s+reserved/)
    keys("Tab")
    s = await waitFor((s) => s.includes("no training jobs"), "the Training tab")
    keys("Tab")
    s = await waitFor((s) => s.includes("defaults applied"), "the Assumptions tab")
    keys("1", "Right")
    s = await waitFor((s) => s.includes("◂ reserved nodes 5 ▸  (scenario 4)"), "the knob to move")
    s = await waitFor((s) => s.includes("simulated ✓") && s.includes("reserved nodes 5"), "the re-simulation of the knob", 300_000)
    // Five reserved nodes instead of four: the simulated cost is not the one before.
    expect(s).toMatch(/^cost\s+\$[\d,.]+ over 1d$/m)
    expect(/^cost .*$/m.exec(s)?.[0]).not.toBe(costBefore)
    keys("q")
    s = await waitFor((s) => s.includes("gpuplan exited with"), "gpuplan to exit")
    expect(s).toContain("gpuplan exited with 0")
    // The alternate screen is gone: the dashboard is no longer on the terminal.
    expect(s).not.toContain("1 Summary")
  })
})
