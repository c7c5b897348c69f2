/**
 * TUI what-if latency: key press → the frame showing the analytic engine's new numbers, on the
 * default scenario (chat-h100-burst), median over 50 presses of → / ← on the demand knob.
 * Real services (the full simulation starts in its worker thread after the debounce and is
 * cancelled by the next press, as in use). Frames come from ink-testing-library, which renders
 * every update at once; a real terminal adds Ink's frame throttle (≤ 1/30 s).
 *
 *   node bin/run-ts.js bench/tui.ts
 */
import { render } from "ink-testing-library"
import * as path from "node:path"
import { createElement } from "react"
import { bundledScenarioDir } from "../src/app/scenario-catalog.ts"
import { App } from "../src/ui/App.tsx"
import { realServices } from "../src/ui/services.ts"
import { result } from "./result.ts"

const PRESSES = 50
const right = "\u001B[C"
const left = "\u001B[D"
const down = "\u001B[B"

const until = async (frame: () => string | undefined, ok: (f: string) => boolean, timeoutMs = 300_000): Promise<void> => {
  const start = performance.now()
  while (!ok(frame() ?? "")) {
    if (performance.now() - start > timeoutMs) throw new Error(`timed out; frame:\n${frame()}`)
    await new Promise((r) => setImmediate(r))
  }
}

const services = realServices(bundledScenarioDir(), process.cwd())
const file = path.join(bundledScenarioDir(), "chat-h100-burst.yaml")
const ui = render(createElement(App, { services, initialFile: file, color: false }))
await new Promise((r) => setTimeout(r, 50))
await until(ui.lastFrame, (f) => f.includes("simulated ✓"))
ui.stdin.write(down)
ui.stdin.write(down)
await until(ui.lastFrame, (f) => f.includes("◂ demand ×1.0 ▸"))

const knobFrame: number[] = []
const analyticFrame: number[] = []
for (let i = 0; i < PRESSES; i++) {
  const up = i % 2 === 0
  const want = up ? "◂ demand ×1.1 ▸" : "◂ demand ×1.0 ▸"
  const t0 = performance.now()
  ui.stdin.write(up ? right : left)
  await until(ui.lastFrame, (f) => f.includes(want))
  knobFrame.push(performance.now() - t0)
  // The analytic numbers for the new setting are on screen (the badge is for the current settings).
  await until(ui.lastFrame, (f) => f.includes(want) && (f.includes("analytic estimate") || f.includes("simulated ✓")))
  analyticFrame.push(performance.now() - t0)
}
ui.unmount()

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))]!
  return `median ${q(0.5).toFixed(1)} ms · p90 ${q(0.9).toFixed(1)} ms · max ${s[s.length - 1]!.toFixed(1)} ms`
}
console.log(`TUI what-if latency on chat-h100-burst (${PRESSES} presses, demand knob)`)
console.log(`  key → frame with the new knob value:        ${stats(knobFrame)}`)
console.log(`  key → frame with the analytic engine's numbers: ${stats(analyticFrame)}`)
const median = [...analyticFrame].sort((a, b) => a - b)[analyticFrame.length >> 1]!
result({ figure: "TUI: key press → frame with the analytic engine's numbers (median)", unit: "ms", target: "< 100", measured: median, pass: median < 100 })
process.exit(0)
