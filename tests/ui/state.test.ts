/** The TUI's pure state transitions. */
import { describe, expect, it } from "vitest"
import type { ScenarioEntry } from "../../src/app/scenario-catalog.ts"
import type { Knob } from "../../src/app/what-if.ts"
import type { Report } from "../../src/report/types.ts"
import { initialState, reducer, settingsKey, visibleEntries, type Action, type OpenScenario, type Result, type State } from "../../src/ui/state.ts"

const entry = (file: string, name: string, description = ""): ScenarioEntry => ({ file, name, description, fleet: "8 GPUs", summary: "", diagnostics: [] })
const entries = [entry("s/a.yaml", "Alpha chat"), entry("s/chat-h100-burst.yaml", "Acme chat"), entry("s/own.yaml", "Own H200", "bought")]
const knobs: Knob[] = [
  { id: "nodes:0", label: "reserved nodes", base: 4, min: 1, max: 100 },
  { id: "demand", label: "demand", base: 1, min: 0.1, max: 20 },
]
const open = { file: "s/a.yaml", text: "", scenario: {} as OpenScenario["scenario"], knobs } satisfies OpenScenario
const result = (key: string, engine: "des" | "analytic" = "des"): Result => ({ report: { scenario: { name: key } } as unknown as Report, engine, key, label: key })
const run = (s: State, ...as: Action[]) => as.reduce(reducer, s)
const dashboard = run(initialState, { type: "opened", open }, { type: "result", result: result("") })

describe("browser state", () => {
  it("preselects the default scenario by file name", () => {
    expect(run(initialState, { type: "entries", entries, preselect: "chat-h100-burst.yaml" }).cursor).toBe(1)
  })
  it("moving stays inside the visible list", () => {
    const s = run(initialState, { type: "entries", entries }, { type: "move", delta: 10 })
    expect(s.cursor).toBe(2)
    expect(run(s, { type: "move", delta: -10 }).cursor).toBe(0)
  })
  it("the filter matches name, description or file, case-insensitively; Esc clears it", () => {
    const s = run(initialState, { type: "entries", entries }, { type: "filter-start" }, { type: "filter-type", text: "CHAT" })
    expect(visibleEntries(s).map((e) => e.name)).toEqual(["Alpha chat", "Acme chat"])
    expect(visibleEntries(run(s, { type: "filter-backspace" }, { type: "filter-backspace" }, { type: "filter-backspace" }, { type: "filter-backspace" }, { type: "filter-type", text: "bought" })).map((e) => e.name)).toEqual(["Own H200"])
    const cleared = run(s, { type: "filter-end", keep: false })
    expect([cleared.filter, cleared.filtering]).toEqual(["", false])
    expect(run(s, { type: "filter-end", keep: true }).filter).toBe("CHAT")
  })
})

describe("run and results", () => {
  it("opening goes to the run screen; the first result opens the dashboard", () => {
    const s = run(initialState, { type: "opened", open })
    expect([s.screen, s.simulating]).toEqual(["running", true])
    expect([dashboard.screen, dashboard.simulating]).toEqual(["dashboard", false])
  })
  it("invalid input shows the diagnostics screen", () => {
    const d = { file: "f.yaml", line: 3, column: 5, path: "pools[0]", message: "bad" }
    const s = run(initialState, { type: "opened", open }, { type: "invalid", diagnostics: [d] })
    expect(s.screen).toBe("diagnostics")
    expect(s.diagnostics).toEqual([d])
  })
  it("Esc while running returns to the browser, or to the dashboard when there is a result", () => {
    expect(run(initialState, { type: "opened", open }, { type: "cancel" }).screen).toBe("browser")
    expect(run(dashboard, { type: "cancel" }).screen).toBe("dashboard")
  })
  it("a result for settings that have since changed is dropped", () => {
    const s = run(dashboard, { type: "knob-set", id: "demand", value: 1.1 }, { type: "result", result: result("") })
    expect(s.result?.key).toBe("")
    expect(run(s, { type: "result", result: result("demand=1.1") }).result?.key).toBe("demand=1.1")
  })
  it("an analytic estimate never replaces the simulation of the same settings", () => {
    const s = run(dashboard, { type: "result", result: result("", "analytic") })
    expect(s.result?.engine).toBe("des")
  })
  it("the simulation replaces the analytic estimate and ends 'simulating'", () => {
    const s = run(dashboard, { type: "knob-set", id: "demand", value: 1.1 }, { type: "result", result: result("demand=1.1", "analytic") })
    expect([s.result?.engine, s.simulating]).toEqual(["analytic", true])
    const t = run(s, { type: "result", result: result("demand=1.1", "des") })
    expect([t.result?.engine, t.simulating]).toEqual(["des", false])
  })
})

describe("knobs, undo, pin", () => {
  it("setting a knob records history; setting it back to the scenario value drops it from the settings", () => {
    const s = run(dashboard, { type: "knob-set", id: "nodes:0", value: 5 }, { type: "knob-set", id: "nodes:0", value: 4 })
    expect(s.settings).toEqual({})
    expect(s.history).toEqual([{}, { "nodes:0": 5 }])
  })
  it("undo steps back one change at a time, then says there is nothing to undo", () => {
    const s = run(dashboard, { type: "knob-set", id: "nodes:0", value: 5 }, { type: "knob-set", id: "demand", value: 1.2 }, { type: "undo" })
    expect(s.settings).toEqual({ "nodes:0": 5 })
    const t = run(s, { type: "undo" }, { type: "undo" })
    expect(t.settings).toEqual({})
    expect(t.status).toBe("nothing to undo")
  })
  it("the knob cursor wraps around", () => {
    expect(run(dashboard, { type: "knob-select", delta: -1 }).knobCursor).toBe(1)
    expect(run(dashboard, { type: "knob-select", delta: 2 }).knobCursor).toBe(0)
  })
  it("pin keeps the current result across knob changes and a new scenario", () => {
    const s = run(dashboard, { type: "pin" }, { type: "knob-set", id: "demand", value: 1.1 }, { type: "browse" }, { type: "opened", open })
    expect(s.pinned?.key).toBe("")
    expect(run(s, { type: "unpin" }).pinned).toBeNull()
  })
  it("settingsKey ignores order", () => {
    expect(settingsKey({ b: 1, a: 2 })).toBe(settingsKey({ a: 2, b: 1 }))
    expect(settingsKey({})).toBe("")
  })
  it("tabs wrap with Tab / Shift-Tab and reset the scroll", () => {
    expect(run(dashboard, { type: "tab-step", delta: -1 }).tab).toBe(5)
    expect(run(dashboard, { type: "scroll", delta: 3 }, { type: "tab-step", delta: 1 })).toMatchObject({ tab: 1, scroll: 0 })
  })
})
