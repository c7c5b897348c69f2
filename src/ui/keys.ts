/**
 * Keys → intents, as a pure function of the state: reducer actions, or commands with side effects
 * that the session performs. The full list is what `?` shows (help.ts).
 */
import type { Key } from "ink"
import { stepKnob } from "../app/what-if.ts"
import { TABS, visibleEntries, type Action, type State } from "./state.ts"

export type Command =
  | { readonly type: "quit" }
  | { readonly type: "open"; readonly file: string }
  | { readonly type: "cancel-run" }
  | { readonly type: "export" }
  | { readonly type: "save-start" }
  | { readonly type: "save-submit"; readonly overwrite: boolean }

export type Intent = Action | Command

const printable = (input: string, key: Partial<Key>) => input.length > 0 && !key.ctrl && !key.meta && !key.return && !key.escape && !key.tab && !/[\x00-\x1f\x7f]/.test(input)

export const interpretKey = (s: State, input: string, key: Partial<Key>): Intent[] => {
  if (s.help) return input === "q" ? [{ type: "quit" }] : [{ type: "help", on: false }]
  if (s.prompt) {
    if (s.prompt.confirm) return input === "y" || input === "Y" ? [{ type: "save-submit", overwrite: true }] : [{ type: "prompt", value: null }, { type: "status", text: "not saved" }]
    if (key.escape) return [{ type: "prompt", value: null }, { type: "status", text: "not saved" }]
    if (key.return) return [{ type: "save-submit", overwrite: false }]
    if (key.backspace || key.delete) return [{ type: "prompt", value: s.prompt.value.slice(0, -1) }]
    if (printable(input, key)) return [{ type: "prompt", value: s.prompt.value + input }]
    return []
  }
  if (s.screen === "browser" && s.filtering) {
    if (key.escape) return [{ type: "filter-end", keep: false }]
    if (key.return) return [{ type: "filter-end", keep: true }]
    if (key.backspace || key.delete) return [{ type: "filter-backspace" }]
    if (key.upArrow) return [{ type: "move", delta: -1 }]
    if (key.downArrow) return [{ type: "move", delta: 1 }]
    if (printable(input, key)) return [{ type: "filter-type", text: input }]
    return []
  }
  if (input === "?") return [{ type: "help", on: true }]
  if (input === "q") return [{ type: "quit" }]
  switch (s.screen) {
    case "browser": {
      if (key.upArrow || input === "k") return [{ type: "move", delta: -1 }]
      if (key.downArrow || input === "j") return [{ type: "move", delta: 1 }]
      if (input === "/") return [{ type: "filter-start" }]
      if (key.escape && s.filter !== "") return [{ type: "filter-end", keep: false }]
      if (key.escape && s.result) return [{ type: "back" }]
      if (key.return) {
        const e = visibleEntries(s)[s.cursor]
        return e ? [{ type: "open", file: e.file }] : []
      }
      return []
    }
    case "running":
      return key.escape ? [{ type: "cancel-run" }] : []
    case "diagnostics":
      return key.escape || key.return || input === "b" ? [{ type: "browse" }] : []
    case "dashboard": {
      if (key.tab) return [{ type: "tab-step", delta: key.shift ? -1 : 1 }]
      const n = Number(input)
      if (Number.isInteger(n) && n >= 1 && n <= TABS.length) return [{ type: "tab", tab: n - 1 }]
      if (key.upArrow) return [{ type: "knob-select", delta: -1 }]
      if (key.downArrow) return [{ type: "knob-select", delta: 1 }]
      if (key.leftArrow || key.rightArrow) {
        const knob = s.open?.knobs[s.knobCursor]
        if (!knob) return []
        const value = stepKnob(knob, s.settings[knob.id] ?? knob.base, key.rightArrow ? 1 : -1)
        return [{ type: "knob-set", id: knob.id, value }]
      }
      if (input === "j" || key.pageDown) return [{ type: "scroll", delta: key.pageDown ? 10 : 1 }]
      if (input === "k" || key.pageUp) return [{ type: "scroll", delta: key.pageUp ? -10 : -1 }]
      if (input === "u") return [{ type: "undo" }]
      if (input === "p") return [s.pinned && s.result && s.pinned === s.result ? { type: "unpin" } : { type: "pin" }]
      if (input === "P") return [{ type: "unpin" }]
      if (input === "e") return [{ type: "export" }]
      if (input === "s") return [{ type: "save-start" }]
      if (input === "b") return [{ type: "browse" }]
      return []
    }
  }
}
