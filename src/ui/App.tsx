/**
 * The TUI: picks the screen for the session state and routes keys. All state transitions are in
 * state.ts, key meanings in keys.ts, side effects in use-session.ts — this file stays small.
 */
import { Box, Text, useApp, useInput, useStdin, useStdout } from "ink"
import { ColorContext } from "./components.tsx"
import { HELP } from "./help.ts"
import { interpretKey } from "./keys.ts"
import { Browser } from "./screens/Browser.tsx"
import { Dashboard } from "./screens/Dashboard.tsx"
import { Diagnostics } from "./screens/Diagnostics.tsx"
import { Running } from "./screens/Running.tsx"
import type { Services } from "./services.ts"
import { useSession } from "./use-session.ts"

export interface AppProps {
  readonly services: Services
  readonly initialFile?: string
  readonly preselect?: string
  /** False under NO_COLOR. */
  readonly color?: boolean
  readonly debounceMs?: number
}

const Help = ({ width }: { width: number }) => (
  <Box flexDirection="column" width={width}>
    <Text bold>Keys — any key closes this</Text>
    {HELP.map(([k, what]) => (
      <Text key={k + what} bold={what === ""} wrap="truncate-end">
        {what === "" ? k : `${k.padEnd(26)}${what}`}
      </Text>
    ))}
  </Box>
)

export const App = ({ services, initialFile, preselect, color = true, debounceMs }: AppProps) => {
  const { exit } = useApp()
  const { isRawModeSupported } = useStdin()
  const { stdout } = useStdout()
  const width = Math.max(40, stdout.columns ?? 80)
  const height = Math.max(12, stdout.rows ?? 24)
  const { state, current, handle } = useSession(services, {
    ...(initialFile !== undefined ? { initialFile } : {}),
    ...(preselect !== undefined ? { preselect } : {}),
    ...(debounceMs !== undefined ? { debounceMs } : {}),
    onQuit: () => exit(),
  })
  useInput(
    (input, key) => {
      // Several plain keys can arrive in one chunk (fast typing, tmux send-keys): one at a time.
      const plain = input.length > 1 && !key.ctrl && !key.meta && !/[\x00-\x1f\x7f]/.test(input)
      for (const ch of plain ? [...input] : [input]) handle(interpretKey(current(), ch, key))
    },
    { isActive: isRawModeSupported === true },
  )
  const screen = state.help ? (
    <Help width={width} />
  ) : state.screen === "browser" ? (
    <Browser state={state} width={width} height={height} />
  ) : state.screen === "running" ? (
    <Running state={state} width={width} />
  ) : state.screen === "diagnostics" ? (
    <Diagnostics state={state} width={width} height={height} />
  ) : (
    <Dashboard state={state} width={width} height={height} />
  )
  return <ColorContext.Provider value={color}>{screen}</ColorContext.Provider>
}
