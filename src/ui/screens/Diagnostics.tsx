/** A scenario that does not load or run: every problem as file:line:col, instead of a crash. */
import { Box, Text } from "ink"
import { formatDiagnostic } from "../../app/diagnostics.ts"
import { LinesView } from "../components.tsx"
import type { State } from "../state.ts"

export const Diagnostics = ({ state, width, height }: { state: State; width: number; height: number }) => (
  <Box flexDirection="column" width={width}>
    <Text bold color="red" wrap="truncate-end">
      {state.diagnostics.length} problem{state.diagnostics.length === 1 ? "" : "s"} — this scenario cannot run
    </Text>
    <LinesView lines={state.diagnostics.map(formatDiagnostic)} height={Math.max(3, height - 3)} />
    <Text dimColor>Esc / Enter / b back to the scenarios · q quit</Text>
  </Box>
)
