/**
 * Entering the TUI: interactive only on a terminal (stdin and stdout TTYs, not CI); the alternate
 * screen is used and restored on quit, on an error and on Ctrl-C.
 */
import { render } from "ink"
import * as path from "node:path"
import { bundledScenarioDir, DEFAULT_SCENARIO } from "../app/scenario-catalog.ts"
import { App } from "./App.tsx"
import { realServices } from "./services.ts"

/** CI set to anything but "", "0" or "false" counts as CI. */
export const isCi = (env: NodeJS.ProcessEnv = process.env): boolean => env.CI !== undefined && env.CI !== "" && env.CI !== "0" && env.CI.toLowerCase() !== "false"

/** Should `gpuplan` open the TUI? Both ends a terminal and not CI. */
export const canRunTui = (): boolean => process.stdin.isTTY === true && process.stdout.isTTY === true && !isCi()

/** NO_COLOR present and non-empty turns colour off (no-color.org). */
export const colorEnabled = (env: NodeJS.ProcessEnv = process.env): boolean => !(env.NO_COLOR !== undefined && env.NO_COLOR !== "")

/** The bundled default scenario's path. */
export const defaultScenarioFile = (): string => path.join(bundledScenarioDir(), DEFAULT_SCENARIO)

/** Run the TUI until the user quits; `file` opens that scenario directly. Returns the exit code. */
export const runTui = async (file?: string): Promise<number> => {
  const leave = "\x1b[?1049l\x1b[?25h"
  let restored = false
  const restore = () => {
    if (restored) return
    restored = true
    process.stdout.write(leave)
  }
  process.stdout.write("\x1b[?1049h\x1b[H")
  process.once("exit", restore)
  try {
    const instance = render(
      <App services={realServices(bundledScenarioDir(), process.cwd())} {...(file !== undefined ? { initialFile: file } : {})} preselect={DEFAULT_SCENARIO} color={colorEnabled()} />,
      { exitOnCtrlC: true },
    )
    await instance.waitUntilExit()
    instance.cleanup()
    return 0
  } finally {
    restore()
  }
}
