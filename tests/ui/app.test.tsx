/**
 * The TUI as a user meets it, through ink-testing-library (100 columns): browse → run → tabs →
 * knob → compare → export, plus diagnostics and cancel. Services are in-process fakes over the
 * real engines (one-hour horizon), so every number on screen is real and deterministic.
 */
import { render } from "ink-testing-library"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { describe, expect, it } from "vitest"
import { App } from "../../src/ui/App.tsx"
import { fakeServices, KEY, waitFor } from "./fixtures.ts"

const tick = () => new Promise((r) => setTimeout(r, 20))
/** "8 scenarios": the browser's count of the bundled examples (however many scenarios/ holds). */
const SCENARIOS = `${fs.readdirSync(path.join(import.meta.dirname, "../../scenarios")).filter((f) => f.endsWith(".yaml")).length} scenarios`

const start = async (services = fakeServices({ autoFinish: true }), props: { initialFile?: string } = {}) => {
  const ui = render(<App services={services} preselect="chat-h100-burst.yaml" color={false} debounceMs={0} {...props} />)
  await tick()
  const press = async (...keys: string[]) => {
    for (const k of keys) {
      ui.stdin.write(k)
      await tick()
    }
  }
  /** Wait (under load a frame can lag a key) until the frame matches, and return it. */
  const see = (m: string | RegExp) => waitFor(ui.lastFrame, (f) => (typeof m === "string" ? f.includes(m) : m.test(f)))
  return { ...ui, services, press, see, until: (ok: (f: string) => boolean) => waitFor(ui.lastFrame, ok) }
}

describe("TUI main flow", () => {
  it("browse → run → tabs → knob → compare → export", async () => {
    const t = await start()
    // The browser lists the bundled scenarios with fleet sizes; the default one is preselected.
    let f = await t.until((f) => f.includes(SCENARIOS))
    expect(f).toMatch(/▸ Acme chat assistant — Llama 3\.1 70B on H100, reserved \+ burst\s+32–80 GPUs/)
    expect(f).toContain("Rent — 8 H200 nodes on a 3-year reservation")
    // Enter runs it; the simulation result opens the dashboard on Summary.
    await t.press(KEY.enter)
    f = await t.until((f) => f.includes("simulated ✓"))
    expect(f).toContain("SLO attainment     100.0% · all targets met ✓")
    expect(f).toMatch(/cost\s+\$\d[\d,.]* over 1h/)
    expect(f).toContain("knob 1/8 ↑↓  ◂ reserved nodes 4 ▸")
    // Tabs: Tab, number keys, Shift-Tab.
    await t.press(KEY.tab)
    await t.see(/TTFT\s+[\d.]+ ms.*p99 ≤ 2\.00 s ✓/)
    await t.press("3")
    await t.see(/arrivals \/s\s+[\d.]+–[\d.]+\s+[▁▂▃▄▅▆▇█]{10,}/)
    await t.press("5")
    await t.see("no training jobs in this scenario")
    await t.press(KEY.shiftTab)
    await t.see(/by pool[\s\S]*reserved\s+H100-SXM\s+reserved/)
    await t.see(/quote[\s\S]*per GPU-hour\s+1M input\s+1M output/)
    await t.press("6")
    await t.see(/\d+ defaults applied/)
    // Pin, then a knob: the analytic estimate first, the simulation replaces it, marked as such.
    await t.press("1", "p")
    await t.see("pinned: Acme chat assistant")
    await t.press(KEY.down, KEY.down, KEY.right)
    f = await t.until((f) => f.includes("simulated ✓") && f.includes("demand ×1.1"))
    expect(f).toContain("A Acme chat assistant — Llama 3.1 70B on H100, reserved + burst")
    expect(f).toContain("B Acme chat assistant — Llama 3.1 70B on H100, reserved + burst · demand ×1.1")
    expect(f).toMatch(/utilization\s+[\d.]+%\s+[\d.]+%\s+[+−±]/)
    expect(f).toContain("(scenario ×1.0)")
    // Export says where.
    await t.press("e")
    f = await t.until((f) => f.includes("exported"))
    expect(f).toContain("exported simulated proposal: /tmp/gpuplan-acme.md and /tmp/gpuplan-acme.html")
    expect(t.services.calls).toEqual(["export Acme chat assistant — Llama 3.1 70B on H100, reserved + burst"])
    t.unmount()
  })

  it("a knob change shows the analytic estimate at once, marked, while the simulation runs", async () => {
    const t = await start(fakeServices({ autoFinish: false }))
    await t.until((f) => f.includes(SCENARIOS))
    await t.press(KEY.enter)
    await t.until((f) => f.includes("Simulating Acme chat"))
    await t.services.pending[0]!.finish()
    await t.until((f) => f.includes("simulated ✓"))
    await t.press(KEY.down, KEY.down, KEY.right)
    const f = await t.until((f) => f.includes("analytic estimate · simulating…"))
    expect(f).toContain("◂ demand ×1.1 ▸")
    // Undo returns to the scenario's value; the stale simulation is cancelled.
    await t.press("u")
    await t.see("◂ demand ×1.0 ▸")
    expect(t.services.pending.filter((j) => j.cancelled).length).toBeGreaterThanOrEqual(1)
    t.unmount()
  })

  it("without the analytic engine a knob change says simulating… and keeps the old numbers marked", async () => {
    const t = await start(fakeServices({ autoFinish: false, analytic: false }))
    await t.until((f) => f.includes(SCENARIOS))
    await t.press(KEY.enter)
    await t.until((f) => f.includes("Simulating"))
    await t.services.pending[0]!.finish()
    await t.until((f) => f.includes("simulated ✓"))
    await t.press(KEY.right)
    await t.until((f) => f.includes("simulating… (previous numbers shown)"))
    await tick()
    await t.services.pending[1]!.finish()
    const f = await t.until((f) => f.includes("simulated ✓"))
    expect(f).toContain("◂ reserved nodes 5 ▸  (scenario 4)")
    t.unmount()
  })
})

describe("TUI screens", () => {
  it("/ filters the scenario list; Esc clears the filter", async () => {
    const t = await start()
    await t.until((f) => f.includes(SCENARIOS))
    await t.press("/", "h", "2", "0", "0")
    const f = await t.see("(2 shown)")
    expect(f).toContain("filter: h200")
    expect(f).toContain("(2 shown)")
    expect(f).toContain("Own — 8 H200 nodes")
    expect(f).not.toContain("Acme chat assistant")
    await t.press(KEY.esc)
    await t.see("Acme chat assistant")
    t.unmount()
  })

  it("a scenario with errors shows its diagnostics as file:line:col", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gpuplan-tui-"))
    const file = path.join(dir, "broken.yaml")
    fs.writeFileSync(file, "name: broken\npools:\n  - name: a\n    gpu: H100-SXM\n    nodez: 2\n")
    const t = await start(fakeServices({ autoFinish: true }), { initialFile: file })
    const f = await t.until((f) => f.includes("cannot run"))
    expect(f).toMatch(/problems? — this scenario cannot run/)
    expect(f.replace(/\n/g, "")).toContain(`${file}:5:5: pools[0].nodez: unknown key "nodez" — did you mean "nodes"?`)
    await t.press(KEY.esc)
    expect(await t.until((f) => f.includes("scenarios"))).toContain("Acme chat assistant")
    t.unmount()
  })

  it("the run screen shows progress; Esc cancels back to the browser", async () => {
    const t = await start(fakeServices({ autoFinish: false }))
    await t.until((f) => f.includes(SCENARIOS))
    await t.press(KEY.enter)
    expect(await t.until((f) => f.includes("Simulating"))).toContain("starting the simulation…")
    await t.press(KEY.esc)
    const f = await t.until((f) => f.includes("simulation cancelled"))
    expect(f).toContain(SCENARIOS)
    expect(t.services.pending[0]!.cancelled).toBe(true)
    t.unmount()
  })

  it("? lists the keys; any key closes it", async () => {
    const t = await start()
    await t.until((f) => f.includes(SCENARIOS))
    await t.press("?")
    await t.see("Keys — any key closes this")
    await t.see(/←\s→\s+change it: analytic at once, simulation after/)
    await t.press("x")
    await t.see(SCENARIOS)
    t.unmount()
  })

  it("s saves the knob settings as a new file, asking before overwriting", async () => {
    const t = await start()
    await t.until((f) => f.includes(SCENARIOS))
    await t.press(KEY.enter)
    await t.until((f) => f.includes("simulated ✓"))
    await t.press(KEY.down, KEY.right, KEY.right, "s")
    await t.see(/save scenario as: .*chat-h100-burst-whatif\.yaml▏/)
    await t.press(KEY.enter)
    await t.until((f) => f.includes("saved scenario to"))
    expect(t.services.calls[0]).toMatch(/^save .*chat-h100-burst-whatif\.yaml overwrite=false\n[\s\S]*nodes: \{ min: 0, max: 8, initial: 0 \}/)
    // The same name again: it exists, so the TUI asks; "n" keeps the file.
    await t.press("s", KEY.enter)
    await t.see("exists — overwrite it? y / n")
    await t.press("n")
    await t.see("not saved")
    expect(t.services.calls).toHaveLength(1)
    t.unmount()
  })

  it("several keys in one chunk are handled one by one", async () => {
    const t = await start()
    await t.until((f) => f.includes(SCENARIOS))
    await t.press(KEY.enter)
    await t.until((f) => f.includes("simulated ✓"))
    await t.press("5p")
    const f = await t.see("pinned: Acme")
    expect(f).toContain("no training jobs in this scenario")
    expect(f).toContain("pinned: Acme chat assistant")
    t.unmount()
  })

  it("q quits", async () => {
    const t = await start()
    await t.until((f) => f.includes(SCENARIOS))
    await t.press("q")
    await new Promise((r) => setTimeout(r, 200))
    // After exit Ink no longer renders: a key changes nothing.
    const before = t.lastFrame()
    await t.press(KEY.down)
    expect(t.lastFrame()).toBe(before)
    t.unmount()
  })
})
