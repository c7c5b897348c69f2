/**
 * The dashboard: a header saying what the numbers are (simulated, analytic estimate, simulating…),
 * the tabs, the tab's view, the what-if knob, a status line and the keys.
 *
 * ```
 *  Acme chat assistant — Llama 3.1 70B on H100, reserved + burst              simulated ✓
 *  [1 Summary] 2 Latency  3 Capacity  4 Cost  5 Training  6 Assumptions
 *  ────────────────────────────────────────────────────────────────────────────────
 *  …
 *  knob 3/6 ↑↓  ◂ demand ×1.2 ▸  (scenario ×1.0)
 *  Tab tabs · ←→ knob · u undo · p pin · e export · s save · b list · ? keys · q quit
 * ```
 */
import { Box, Text } from "ink"
import { useContext } from "react"
import { formatKnob } from "../../app/what-if.ts"
import { ColorContext, LinesView } from "../components.tsx"
import { settingsKey, TABS, type State } from "../state.ts"
import { assumptionLines } from "../views/assumptions.ts"
import { capacityLines } from "../views/capacity.ts"
import { costLines } from "../views/cost.ts"
import { latencyLines } from "../views/latency.ts"
import { summaryLines } from "../views/summary.ts"
import { spread, type Line } from "../views/text.ts"
import { trainingLines } from "../views/training.ts"

/** What the numbers on screen are: `simulated ✓`, `analytic estimate · simulating… 40%`, … */
export const badge = (s: State): string => {
  const r = s.result
  if (!r) return s.simulating ? "simulating…" : ""
  const progress = s.simulating && s.progress ? ` ${Math.floor(s.progress.fraction * 100)}%` : ""
  const current = r.key === settingsKey(s.settings)
  if (!current) return s.simulating ? `simulating…${progress} (previous numbers shown)` : "numbers are for the previous settings"
  if (r.engine === "analytic") return s.simulating ? `analytic estimate · simulating…${progress}` : "analytic estimate"
  return "simulated ✓"
}

export const tabLines = (s: State, width: number): Line[] => {
  const r = s.result
  if (!r) return ["no result yet"]
  switch (s.tab) {
    case 0:
      return summaryLines(r, s.pinned)
    case 1:
      return latencyLines(r.report)
    case 2:
      return capacityLines(r.report, width)
    case 3:
      return costLines(r.report)
    case 4:
      return trainingLines(r.report)
    default:
      return assumptionLines(r.report)
  }
}

export const knobLine = (s: State): string => {
  const knobs = s.open?.knobs ?? []
  const k = knobs[s.knobCursor]
  if (!k) return "no what-if knobs for this scenario"
  const v = s.settings[k.id] ?? k.base
  return `knob ${s.knobCursor + 1}/${knobs.length} ↑↓  ◂ ${k.label} ${formatKnob(k, v)} ▸${v !== k.base ? `  (scenario ${formatKnob(k, k.base)})` : ""}${s.history.length ? "  · u undo" : ""}`
}

export const Dashboard = ({ state, width, height }: { state: State; width: number; height: number }) => {
  const color = useContext(ColorContext)
  const b = badge(state)
  const status = state.prompt
    ? state.prompt.confirm
      ? `${state.prompt.value} exists — overwrite it? y / n`
      : `save scenario as: ${state.prompt.value}▏  (Enter save · Esc cancel)`
    : (state.status ?? (state.pinned ? `pinned: ${state.pinned.label}` : " "))
  return (
    <Box flexDirection="column" width={width}>
      <Box>
        <Text bold wrap="truncate-end">
          {spread(state.open?.scenario.name ?? "", "", width - b.length - 1)}
        </Text>
        <Text {...(color ? { color: b.startsWith("simulated") ? "green" : "yellow" } : { bold: true })}> {b}</Text>
      </Box>
      <Box>
        {TABS.map((t, i) => (
          <Text key={t} inverse={i === state.tab} bold={i === state.tab}>
            {` ${i + 1} ${t} `}
          </Text>
        ))}
      </Box>
      <Text dimColor>{"─".repeat(width)}</Text>
      <LinesView lines={tabLines(state, width)} height={Math.max(3, height - 8)} scroll={state.scroll} />
      <Text dimColor>{"─".repeat(width)}</Text>
      <Text wrap="truncate-end" {...(color ? { color: "cyan" } : {})}>
        {knobLine(state)}
      </Text>
      <Text wrap="truncate-end">{status}</Text>
      <Text dimColor wrap="truncate-end">
        Tab tabs · ←→ knob · u undo · p pin · e export · s save · b list · ? keys · q quit
      </Text>
    </Box>
  )
}
