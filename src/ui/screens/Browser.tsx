/**
 * The scenario browser: every scenario with its fleet size and description; `/` filters, Enter runs.
 *
 * ```
 *  gpuplan — 7 scenarios                       / filter · Enter run · ? keys · q quit
 *  ▸ Acme chat assistant — Llama 3.1 70B…      32–80 GPUs
 *      20 req/s average, daily peak 1.8× at 14:00; …
 * ```
 */
import { Box, Text } from "ink"
import * as path from "node:path"
import type { ScenarioEntry } from "../../app/scenario-catalog.ts"
import { LinesView } from "../components.tsx"
import { visibleEntries, type State } from "../state.ts"
import { fit, spread, type Line } from "../views/text.ts"

export const browserLines = (entries: ReadonlyArray<ScenarioEntry>, cursor: number, width: number): Line[] =>
  entries.flatMap((e, i): Line[] => {
    const mark = i === cursor ? "▸ " : "  "
    const bad = e.diagnostics.length > 0
    const head = spread(`${mark}${bad ? `${path.basename(e.file)}` : e.name}`, bad ? `✗ ${e.diagnostics.length} problem${e.diagnostics.length === 1 ? "" : "s"}` : e.fleet, width)
    const sub = bad ? `    ${e.diagnostics[0] ? `${path.basename(e.file)}:${e.diagnostics[0].line}:${e.diagnostics[0].column}: ${e.diagnostics[0].message}` : ""}` : `    ${e.description || path.basename(e.file)}`
    return [i === cursor ? { text: head, tone: bad ? "bad" : "accent" } : bad ? { text: head, tone: "bad" } : head, { text: fit(sub, width), tone: "dim" }]
  })

export const Browser = ({ state, width, height }: { state: State; width: number; height: number }) => {
  const list = visibleEntries(state)
  const lines = browserLines(list, state.cursor, width)
  const selected = list[state.cursor]
  const top = Math.max(0, state.cursor * 2 - (height - 6) + 2)
  return (
    <Box flexDirection="column" width={width}>
      <Text bold wrap="truncate-end">{spread(`gpuplan — ${state.entries.length} scenario${state.entries.length === 1 ? "" : "s"}`, "↑↓ choose · / filter · Enter run · ? keys · q quit", width)}</Text>
      <Text wrap="truncate-end">{state.filtering || state.filter ? `filter: ${state.filter}${state.filtering ? "▏" : ""}  (${list.length} shown)` : " "}</Text>
      {state.entries.length === 0 ? <Text>loading scenarios…</Text> : list.length === 0 ? <Text>no scenario matches "{state.filter}"</Text> : <LinesView lines={lines} height={height - 5} scroll={top} />}
      <Text dimColor wrap="truncate-end">{selected && selected.diagnostics.length === 0 ? selected.summary : " "}</Text>
      <Text wrap="truncate-end">{state.status ?? " "}</Text>
    </Box>
  )
}
