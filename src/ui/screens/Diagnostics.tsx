/** A scenario that does not load or run: every problem as file:line:col (wrapped), instead of a crash. */
import { Box, Text } from "ink"
import { useContext } from "react"
import { formatDiagnostic } from "../../app/diagnostics.ts"
import { ColorContext } from "../components.tsx"
import type { State } from "../state.ts"

export const Diagnostics = ({ state, width, height }: { state: State; width: number; height: number }) => {
  const color = useContext(ColorContext)
  // Each problem wraps to as many rows as it needs; show as many whole problems as fit.
  const rows = (s: string) => Math.max(1, Math.ceil([...s].length / width))
  const lines = state.diagnostics.map(formatDiagnostic)
  const shown: string[] = []
  let used = 0
  for (const l of lines) {
    if (used + rows(l) > height - 4) break
    shown.push(l)
    used += rows(l)
  }
  return (
    <Box flexDirection="column" width={width}>
      <Text bold {...(color ? { color: "red" } : {})} wrap="truncate-end">
        {state.diagnostics.length} problem{state.diagnostics.length === 1 ? "" : "s"} — this scenario cannot run
      </Text>
      {shown.map((l, i) => (
        <Text key={i} wrap="wrap">
          {l}
        </Text>
      ))}
      {shown.length < lines.length && <Text dimColor>… and {lines.length - shown.length} more (gpuplan validate lists them all)</Text>}
      <Text dimColor>Esc / Enter / b back to the scenarios · q quit</Text>
    </Box>
  )
}
