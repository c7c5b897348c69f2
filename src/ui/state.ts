/**
 * The TUI's state and its pure transitions. Screens render this; the session hook (use-session.ts)
 * turns keys into actions and performs the side effects (runs, files) that actions ask for.
 */
import type { Diagnostic } from "../app/diagnostics.ts"
import type { ScenarioEntry } from "../app/scenario-catalog.ts"
import type { Knob, KnobSettings } from "../app/what-if.ts"
import type { Report } from "../report/types.ts"
import type { Scenario } from "../domain/scenario/index.ts"
import type { RunProgress } from "../app/background-run.ts"

export const TABS = ["Summary", "Latency", "Capacity", "Cost", "Training", "Assumptions"] as const

/** A run's progress as the background runner reports it. */
export type Progress = Omit<RunProgress, "type">

/** A report and how it was obtained. */
export interface Result {
  readonly report: Report
  readonly engine: "des" | "analytic"
  /** The knob settings it was computed for (`settingsKey`). */
  readonly key: string
  /** `Acme chat … · demand ×1.2` — what the numbers belong to. */
  readonly label: string
}

export interface OpenScenario {
  readonly file: string
  readonly text: string
  readonly scenario: Scenario
  readonly knobs: ReadonlyArray<Knob>
}

export interface State {
  readonly screen: "browser" | "running" | "dashboard" | "diagnostics"
  readonly entries: ReadonlyArray<ScenarioEntry>
  readonly cursor: number
  readonly filter: string
  readonly filtering: boolean
  readonly open: OpenScenario | null
  readonly settings: KnobSettings
  readonly history: ReadonlyArray<KnobSettings>
  readonly knobCursor: number
  readonly progress: Progress | null
  readonly result: Result | null
  /** A full simulation is running for the current settings (its numbers will replace `result`). */
  readonly simulating: boolean
  readonly diagnostics: ReadonlyArray<Diagnostic>
  readonly tab: number
  readonly scroll: number
  readonly pinned: Result | null
  readonly help: boolean
  readonly status: string | null
  readonly prompt: { readonly value: string; readonly confirm: boolean } | null
}

export type Action =
  | { readonly type: "entries"; readonly entries: ReadonlyArray<ScenarioEntry>; readonly preselect?: string }
  | { readonly type: "move"; readonly delta: number }
  | { readonly type: "filter-start" }
  | { readonly type: "filter-type"; readonly text: string }
  | { readonly type: "filter-backspace" }
  | { readonly type: "filter-end"; readonly keep: boolean }
  | { readonly type: "opened"; readonly open: OpenScenario }
  | { readonly type: "invalid"; readonly diagnostics: ReadonlyArray<Diagnostic> }
  | { readonly type: "progress"; readonly progress: Progress }
  | { readonly type: "result"; readonly result: Result }
  | { readonly type: "simulating"; readonly on: boolean }
  | { readonly type: "cancel" }
  | { readonly type: "browse" }
  | { readonly type: "back" }
  | { readonly type: "tab"; readonly tab: number }
  | { readonly type: "tab-step"; readonly delta: number }
  | { readonly type: "scroll"; readonly delta: number }
  | { readonly type: "knob-select"; readonly delta: number }
  | { readonly type: "knob-set"; readonly id: string; readonly value: number }
  | { readonly type: "undo" }
  | { readonly type: "pin" }
  | { readonly type: "unpin" }
  | { readonly type: "help"; readonly on: boolean }
  | { readonly type: "status"; readonly text: string | null }
  | { readonly type: "prompt"; readonly value: string | null; readonly confirm?: boolean }

export const initialState: State = {
  screen: "browser",
  entries: [],
  cursor: 0,
  filter: "",
  filtering: false,
  open: null,
  settings: {},
  history: [],
  knobCursor: 0,
  progress: null,
  result: null,
  simulating: false,
  diagnostics: [],
  tab: 0,
  scroll: 0,
  pinned: null,
  help: false,
  status: null,
  prompt: null,
}

/** Settings as a stable string: equal settings, equal key (order-independent; base values dropped). */
export const settingsKey = (settings: KnobSettings): string =>
  Object.entries(settings)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${v}`)
    .join(",")

/** Entries whose name, description or file contains the filter (case-insensitive). */
export const visibleEntries = (s: Pick<State, "entries" | "filter">): ReadonlyArray<ScenarioEntry> => {
  const f = s.filter.toLowerCase()
  return f === "" ? s.entries : s.entries.filter((e) => `${e.name} ${e.description} ${e.file}`.toLowerCase().includes(f))
}

const clamp = (x: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, x))

export const reducer = (s: State, a: Action): State => {
  switch (a.type) {
    case "entries": {
      const i = a.preselect === undefined ? -1 : a.entries.findIndex((e) => e.file.endsWith(a.preselect!))
      return { ...s, entries: a.entries, cursor: Math.max(0, i) }
    }
    case "move":
      return { ...s, cursor: clamp(s.cursor + a.delta, 0, Math.max(0, visibleEntries(s).length - 1)) }
    case "filter-start":
      return { ...s, filtering: true }
    case "filter-type":
      return { ...s, filter: s.filter + a.text, cursor: 0 }
    case "filter-backspace":
      return { ...s, filter: s.filter.slice(0, -1), cursor: 0 }
    case "filter-end":
      return { ...s, filtering: false, filter: a.keep ? s.filter : "", cursor: a.keep ? s.cursor : 0 }
    case "opened":
      return { ...s, screen: "running", open: a.open, settings: {}, history: [], knobCursor: 0, progress: null, result: null, simulating: true, tab: 0, scroll: 0, status: null }
    case "invalid":
      return { ...s, screen: "diagnostics", diagnostics: a.diagnostics, simulating: false, progress: null }
    case "progress":
      return { ...s, progress: a.progress }
    case "result": {
      // A late answer for settings that have since changed is dropped.
      if (a.result.key !== settingsKey(s.settings)) return s
      // The analytic estimate never replaces a finished simulation of the same settings.
      if (a.result.engine === "analytic" && s.result?.engine === "des" && s.result.key === a.result.key) return s
      return { ...s, screen: s.screen === "running" ? "dashboard" : s.screen, result: a.result, progress: null, simulating: a.result.engine === "des" ? false : s.simulating }
    }
    case "simulating":
      return { ...s, simulating: a.on }
    case "cancel":
      // Esc on the run screen: back to the dashboard when there is a result, else to the browser.
      return { ...s, screen: s.result ? "dashboard" : "browser", simulating: false, progress: null, status: "simulation cancelled" }
    case "browse":
      return { ...s, screen: "browser", simulating: false, progress: null, help: false, prompt: null }
    case "back":
      return s.result ? { ...s, screen: "dashboard" } : s
    case "tab":
      return { ...s, tab: clamp(a.tab, 0, TABS.length - 1), scroll: 0 }
    case "tab-step":
      return { ...s, tab: (s.tab + a.delta + TABS.length) % TABS.length, scroll: 0 }
    case "scroll":
      return { ...s, scroll: Math.max(0, s.scroll + a.delta) }
    case "knob-select":
      return { ...s, knobCursor: s.open ? (s.knobCursor + a.delta + s.open.knobs.length) % Math.max(1, s.open.knobs.length) : 0 }
    case "knob-set": {
      const knob = s.open?.knobs.find((k) => k.id === a.id)
      if (!knob) return s
      const current = s.settings[a.id] ?? knob.base
      if (current === a.value) return s
      const next: Record<string, number> = { ...s.settings, [a.id]: a.value }
      if (a.value === knob.base) delete next[a.id]
      return { ...s, settings: next, history: [...s.history, s.settings], simulating: true, status: null }
    }
    case "undo": {
      const prev = s.history[s.history.length - 1]
      if (prev === undefined) return { ...s, status: "nothing to undo" }
      return { ...s, settings: prev, history: s.history.slice(0, -1), simulating: true, status: "undone" }
    }
    case "pin":
      return s.result ? { ...s, pinned: s.result, status: `pinned: ${s.result.label} — change knobs or open another scenario (b) to compare` } : s
    case "unpin":
      return { ...s, pinned: null, status: "unpinned" }
    case "help":
      return { ...s, help: a.on }
    case "status":
      return { ...s, status: a.text }
    case "prompt":
      return { ...s, prompt: a.value === null ? null : { value: a.value, confirm: a.confirm ?? false } }
  }
}
