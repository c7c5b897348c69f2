/**
 * The TUI session: the reducer plus the side effects its intents ask for — listing and opening
 * scenarios, the full simulation in the background, instant analytic estimates on knob changes,
 * export and save. Pure transitions live in state.ts; key mapping in keys.ts.
 */
import { useCallback, useEffect, useReducer, useRef } from "react"
import type { RunHandle } from "../app/background-run.ts"
import { formatDiagnostic } from "../app/diagnostics.ts"
import { describeSettings, type KnobSettings } from "../app/what-if.ts"
import type { Intent } from "./keys.ts"
import type { Services } from "./services.ts"
import { initialState, reducer, settingsKey, type Action, type OpenScenario, type State } from "./state.ts"

export interface SessionOptions {
  /** Open this scenario at once instead of showing the browser first. */
  readonly initialFile?: string
  /** File name (suffix) to preselect in the browser. */
  readonly preselect?: string
  readonly onQuit: () => void
  /** Wait this long after the last knob change before starting the full simulation. */
  readonly debounceMs?: number
}

export const resultLabel = (open: OpenScenario, settings: KnobSettings): string => {
  const changed = describeSettings(open.knobs, settings)
  return changed === "" ? open.scenario.name : `${open.scenario.name} · ${changed}`
}

export const useSession = (services: Services, options: SessionOptions): { state: State; current: () => State; handle: (intents: Intent[]) => void } => {
  const [state, dispatchToReact] = useReducer(reducer, initialState)
  // Keys can arrive several per render (a pasted or fast burst): the ref is advanced with each action
  // at once, so the next key is read against the state it follows, not the last rendered one.
  const stateRef = useRef(state)
  const dispatch = useCallback((a: Action) => {
    stateRef.current = reducer(stateRef.current, a)
    dispatchToReact(a)
  }, [])
  const run = useRef<RunHandle | null>(null)
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null)
  const evaluatedKey = useRef<string | null>(null)
  const alive = useRef(true)

  const stopBackground = () => {
    run.current?.cancel()
    run.current = null
    if (timer.current) clearTimeout(timer.current)
    timer.current = null
  }

  const simulate = useCallback(
    (open: OpenScenario, settings: KnobSettings, first: boolean) => {
      stopBackground()
      const key = settingsKey(settings)
      const label = resultLabel(open, settings)
      dispatch({ type: "simulating", on: true })
      run.current = services.simulate(services.apply(open, settings), open.file, (e) => {
        if (!alive.current) return
        if (e.type === "progress") dispatch({ type: "progress", progress: e })
        else if (e.type === "done") dispatch({ type: "result", result: { report: e.report, engine: "des", key, label } })
        else if (e.type === "invalid") {
          if (first) dispatch({ type: "invalid", diagnostics: e.diagnostics })
          else {
            dispatch({ type: "simulating", on: false })
            dispatch({ type: "status", text: `this setting does not run: ${e.diagnostics[0] ? formatDiagnostic(e.diagnostics[0]) : "invalid"}` })
          }
        } else {
          dispatch({ type: "simulating", on: false })
          dispatch({ type: "status", text: `simulation failed: ${e.message}` })
        }
      })
    },
    [services],
  )

  const open = useCallback(
    (file: string) => {
      stopBackground()
      void services.open(file).then((o) => {
        if (!alive.current) return
        if (!o.ok) return dispatch({ type: "invalid", diagnostics: o.diagnostics })
        evaluatedKey.current = ""
        dispatch({ type: "opened", open: o.value })
        simulate(o.value, {}, true)
      })
    },
    [services, simulate],
  )

  // Mount: the browser list, or the scenario given on the command line. Unmount: stop everything.
  useEffect(() => {
    alive.current = true
    if (options.initialFile !== undefined) open(options.initialFile)
    void services.list().then((entries) => alive.current && dispatch({ type: "entries", entries, ...(options.preselect ? { preselect: options.preselect } : {}) }))
    return () => {
      alive.current = false
      stopBackground()
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [])

  // Knob changes: the analytic estimate at once, the full simulation after a short pause.
  const key = settingsKey(state.settings)
  useEffect(() => {
    const o = state.open
    if (o === null || state.screen !== "dashboard" || evaluatedKey.current === key) return
    evaluatedKey.current = key
    stopBackground()
    const settings = state.settings
    const text = services.apply(o, settings)
    const label = resultLabel(o, settings)
    void services.estimate(text, o.file).then((report) => {
      if (alive.current && report) dispatch({ type: "result", result: { report, engine: "analytic", key, label } })
    })
    timer.current = setTimeout(() => simulate(o, settings, false), options.debounceMs ?? 300)
  }, [key, state.open, state.screen, state.settings, services, simulate, options.debounceMs])

  const handle = useCallback(
    (intents: Intent[]) => {
      for (const intent of intents) {
        const s = stateRef.current
        switch (intent.type) {
          case "quit":
            stopBackground()
            options.onQuit()
            break
          case "open":
            open(intent.file)
            break
          case "cancel-run":
            stopBackground()
            dispatch({ type: "cancel" })
            break
          case "browse":
            stopBackground()
            evaluatedKey.current = settingsKey(s.settings)
            dispatch(intent)
            break
          case "export": {
            const r = s.result
            if (!r) break
            void services.exportReport(r.report).then((o) =>
              dispatch({ type: "status", text: o.ok ? `exported ${r.engine === "des" ? "simulated" : "analytic"} proposal: ${o.value.join(" and ")}` : `export failed: ${o.diagnostics.map(formatDiagnostic).join("; ")}` }),
            )
            break
          }
          case "save-start":
            if (s.open) dispatch({ type: "prompt", value: services.suggestName(s.open.file) })
            break
          case "save-submit": {
            const target = s.prompt?.value.trim() ?? ""
            if (!s.open || target === "") break
            if (!intent.overwrite && services.exists(target)) {
              dispatch({ type: "prompt", value: target, confirm: true })
              break
            }
            const text = services.apply(s.open, s.settings)
            dispatch({ type: "prompt", value: null })
            void services.save(target, text, intent.overwrite).then((o) =>
              dispatch({ type: "status", text: o.ok ? `saved scenario to ${o.value}` : `not saved: ${o.diagnostics.map((d) => d.message).join("; ")}` }),
            )
            break
          }
          default:
            dispatch(intent)
        }
      }
    },
    [open, services, options],
  )

  const current = useCallback(() => stateRef.current, [])
  return { state, current, handle }
}
