/** Shared Ink pieces: a block of view lines (toned, truncated, scrolled) and the key footer. */
import { Box, Text } from "ink"
import { createContext, useContext } from "react"
import { lineText, type Line, type Tone } from "./views/text.ts"

/** Colour on or off (NO_COLOR); bold and inverse stay, they are not colour. */
export const ColorContext = createContext(true)

const toneProps = (tone: Tone | undefined, color: boolean): { color?: string; bold?: boolean; dimColor?: boolean } => {
  if (tone === "title") return { bold: true }
  if (!color) return tone === "dim" ? {} : tone === "bad" ? { bold: true } : {}
  if (tone === "good") return { color: "green" }
  if (tone === "bad") return { color: "red", bold: true }
  if (tone === "accent") return { color: "cyan" }
  if (tone === "dim") return { dimColor: true }
  return {}
}

export const Styled = ({ line }: { line: Line }) => {
  const color = useContext(ColorContext)
  const text = lineText(line)
  return (
    <Text wrap="truncate-end" {...toneProps(typeof line === "string" ? undefined : line.tone, color)}>
      {text === "" ? " " : text}
    </Text>
  )
}

/** `lines` from `scroll`, at most `height` rows; the last row says how to see more. */
export const LinesView = ({ lines, height, scroll = 0 }: { lines: ReadonlyArray<Line>; height: number; scroll?: number }) => {
  const start = Math.min(scroll, Math.max(0, lines.length - 1))
  const fits = lines.length - start <= height
  const shown = fits ? lines.slice(start, start + height) : lines.slice(start, start + height - 1)
  return (
    <Box flexDirection="column" height={height}>
      {shown.map((l, i) => (
        <Styled key={i} line={l} />
      ))}
      {!fits && <Styled line={{ text: `… ${lines.length - start - shown.length} more lines (j/k or PgDn/PgUp to scroll)`, tone: "dim" }} />}
    </Box>
  )
}
