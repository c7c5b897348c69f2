/**
 * A simulation in progress: bar, simulated time, speed, time left; Esc cancels.
 *
 * ```
 *  Simulating Acme chat assistant — Llama 3.1 70B on H100, reserved + burst
 *  ██████████████░░░░░░░░░░░░░░░░  46%
 *  simulated 11.0 h of 1d · ×20,000 real time · about 2 s left
 * ```
 */
import { Box, Text } from "ink"
import { formatDuration } from "../../domain/units.ts"
import { latency, num } from "../../report/format.ts"
import type { Progress, State } from "../state.ts"
import { progressBar } from "../views/text.ts"

export const progressText = (p: Progress | null): string => {
  if (p === null) return "starting the simulation…"
  const simulated = p.replication * p.horizonSeconds + p.simulatedSeconds
  const speed = p.elapsedSeconds > 0 ? simulated / p.elapsedSeconds : 0
  const left = p.fraction > 0 ? (p.elapsedSeconds * (1 - p.fraction)) / p.fraction : NaN
  const rep = p.replications > 1 ? ` · replication ${p.replication + 1}/${p.replications}` : ""
  return `simulated ${latency(p.simulatedSeconds)} of ${formatDuration(p.horizonSeconds)}${rep} · ×${num(Math.round(speed))} real time · ${Number.isFinite(left) ? `about ${Math.ceil(left)} s left` : "estimating time left"}`
}

export const Running = ({ state, width }: { state: State; width: number }) => {
  const p = state.progress
  return (
    <Box flexDirection="column" width={width}>
      <Text bold wrap="truncate-end">Simulating {state.open?.scenario.name ?? ""}</Text>
      <Text> </Text>
      <Text>
        {progressBar(p?.fraction ?? 0, Math.min(50, width - 8))} {`${Math.floor((p?.fraction ?? 0) * 100)}%`.padStart(4)}
      </Text>
      <Text wrap="truncate-end">{progressText(p)}</Text>
      <Text> </Text>
      <Text dimColor>Esc cancel · q quit</Text>
    </Box>
  )
}
