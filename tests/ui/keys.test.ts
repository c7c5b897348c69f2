/** Keys → intents, per screen. */
import { describe, expect, it } from "vitest"
import type { Knob } from "../../src/app/what-if.ts"
import { interpretKey } from "../../src/ui/keys.ts"
import { initialState, type OpenScenario, type State } from "../../src/ui/state.ts"

const knobs: Knob[] = [
  { id: "nodes:0", label: "reserved nodes", base: 4, min: 1, max: 100 },
  { id: "margin", label: "margin", base: 0.3, min: 0, max: 0.95 },
]
const open = { file: "a.yaml", text: "", scenario: {} as OpenScenario["scenario"], knobs } satisfies OpenScenario
const dash: State = { ...initialState, screen: "dashboard", open }

describe("interpretKey", () => {
  it("q quits from every screen, but types a q into the filter", () => {
    for (const screen of ["browser", "running", "dashboard", "diagnostics"] as const) expect(interpretKey({ ...initialState, screen }, "q", {})).toEqual([{ type: "quit" }])
    expect(interpretKey({ ...initialState, filtering: true }, "q", {})).toEqual([{ type: "filter-type", text: "q" }])
  })
  it("Enter in the browser opens the selected scenario", () => {
    const s: State = { ...initialState, entries: [{ file: "x.yaml", name: "X", description: "", fleet: "", summary: "", diagnostics: [] }] }
    expect(interpretKey(s, "", { return: true })).toEqual([{ type: "open", file: "x.yaml" }])
  })
  it("Esc cancels a run", () => {
    expect(interpretKey({ ...initialState, screen: "running" }, "", { escape: true })).toEqual([{ type: "cancel-run" }])
  })
  it("→ steps the selected knob from its current setting", () => {
    expect(interpretKey(dash, "", { rightArrow: true })).toEqual([{ type: "knob-set", id: "nodes:0", value: 5 }])
    expect(interpretKey({ ...dash, knobCursor: 1, settings: { margin: 0.4 } }, "", { leftArrow: true })).toEqual([{ type: "knob-set", id: "margin", value: 0.35 }])
  })
  it("Tab, Shift-Tab and number keys switch tabs", () => {
    expect(interpretKey(dash, "", { tab: true })).toEqual([{ type: "tab-step", delta: 1 }])
    expect(interpretKey(dash, "", { tab: true, shift: true })).toEqual([{ type: "tab-step", delta: -1 }])
    expect(interpretKey(dash, "4", {})).toEqual([{ type: "tab", tab: 3 }])
    expect(interpretKey(dash, "7", {})).toEqual([])
  })
  it("with help open, any key closes it", () => {
    expect(interpretKey({ ...dash, help: true }, "x", {})).toEqual([{ type: "help", on: false }])
  })
  it("the save prompt takes text; on an existing file only y overwrites", () => {
    const p: State = { ...dash, prompt: { value: "a", confirm: false } }
    expect(interpretKey(p, "b", {})).toEqual([{ type: "prompt", value: "ab" }])
    expect(interpretKey(p, "", { backspace: true })).toEqual([{ type: "prompt", value: "" }])
    expect(interpretKey(p, "", { return: true })).toEqual([{ type: "save-submit", overwrite: false }])
    const c: State = { ...dash, prompt: { value: "a", confirm: true } }
    expect(interpretKey(c, "y", {})).toEqual([{ type: "save-submit", overwrite: true }])
    expect(interpretKey(c, "n", {})[0]).toEqual({ type: "prompt", value: null })
  })
})
