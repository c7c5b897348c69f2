/**
 * Values with units, as a scenario may write them (SCENARIO.md "Units", a contract). Inside
 * gpuplan every quantity is a plain number in its base unit; this module is the only place that
 * reads or writes the human forms.
 *
 * | kind      | accepted (case-sensitive)                                               | base           |
 * |-----------|-------------------------------------------------------------------------|----------------|
 * | duration  | `<n>` plus `us`, `ms`, `s`/`sec`/`second(s)`, `m`/`min`/`minute(s)`,     | seconds        |
 * |           | `h`/`hr`/`hour(s)`, `d`/`day(s)`, `w`/`week(s)` (7 d), `mo`/`month(s)`  |                |
 * |           | (30 d), `y`/`year(s)` (365 d); or a bare number of seconds             |                |
 * | rate      | `<n>/<duration unit>`: `20/s`, `1200/min`, `500/h`, `3e6/day`, `5/hour`; | per second     |
 * |           | or a bare number per second                                             |                |
 * | count     | `<n>` plus `k`/`K` (1e3), `M` (1e6), `B` (1e9), `T` (1e12); or bare      | plain number   |
 * | memory    | `<n>` plus `B`; `KB`/`kB`, `MB`, `GB`, `TB`, `PB` (1000ⁿ);               | bytes          |
 * |           | `KiB`, `MiB`, `GiB`, `TiB`, `PiB` (1024ⁿ); or a bare number of bytes    |                |
 * | money     | a bare number only: no currency sign (`$5`), no separators (`1,000`)    | currency units |
 * | fraction  | `0.3` or `30%`, within [0, 1]                                           | 0..1           |
 * | timeOfDay | `"HH:MM"` or `"HH:MM:SS"`, 00:00 to 23:59:59; or seconds below 86,400   | seconds        |
 *
 * Case matters where meaning differs: `m` is minutes but `M` is million (different kinds), `mo`
 * is a month but `ms` a millisecond, `B` is a billion in a count but a byte in memory. The number
 * may have decimals, an exponent (`1.5h`, `1e3s`, `1e+21`) and underscores between digits
 * (`1_000`); whitespace may separate it from the unit (`80 GiB`). Every value must be finite and
 * non-negative: NaN (YAML `.nan`), infinities, overflow (`1e400`) and negatives are rejected.
 *
 * ```ts
 * parseDuration("12mo")      // 31_104_000
 * parseRate("3e6/day")       // 34.72…
 * formatDuration(5400)       // "90m"
 * Schema.decodeUnknownResult(Duration)("3x")
 * // fails: expected a duration (e.g. 90s, 15m, 2h, 7d, 12mo, 250ms, or a number of seconds), found "3x"
 * ```
 */
import { Effect, Schema, SchemaIssue, SchemaTransformation } from "effect"
import type { SchemaAST } from "effect"

/** The kinds of quantity a scenario may write with units. */
export type UnitKind = "duration" | "rate" | "count" | "memory" | "money" | "fraction" | "timeOfDay"

const expectations: Record<UnitKind, string> = {
  duration: "a duration (e.g. 90s, 15m, 2h, 7d, 12mo, 250ms, or a number of seconds)",
  rate: "a rate (e.g. 20/s, 1200/min, 3e6/day, or a number per second)",
  count: "a count (e.g. 8k, 1.5M, 70B, 2T, 1_000, or a plain number)",
  memory: "an amount of memory (e.g. 80GiB, 141GB, 512MiB, or a number of bytes)",
  money: "an amount of money (a plain number such as 2.99 or 32000, without a currency sign or thousands separators)",
  fraction: "a fraction (e.g. 0.3 or 30%, between 0 and 1)",
  timeOfDay: 'a time of day (e.g. "14:00" or "09:30:15", from 00:00 to 23:59:59)',
}

/**
 * What a value of `kind` should look like, as the middle of an error message:
 * `unitExpectation("duration")` is `a duration (e.g. 90s, 15m, 2h, 7d, 12mo, 250ms, or a number of seconds)`.
 */
export const unitExpectation = (kind: UnitKind): string => expectations[kind]

/** How a number written with a unit becomes a base value: multiplied (`2h` → 2·3600) or divided (`250ms` → 250/1000). */
type Scale = { readonly times: number } | { readonly over: number }

const toBase = (magnitude: number, scale: Scale): number =>
  "times" in scale ? magnitude * scale.times : magnitude / scale.over

/** The inverse of a scale: per-unit is the reciprocal (`/min` → value·60). Divisions stay exact for integers. */
const inverse = (scale: Scale): Scale => ("times" in scale ? { over: scale.times } : { times: scale.over })

const SECONDS_PER_DAY = 86_400

const timeUnits: ReadonlyArray<readonly [ReadonlyArray<string>, Scale]> = [
  [["us"], { over: 1e6 }],
  [["ms"], { over: 1e3 }],
  [["s", "sec", "second", "seconds"], { times: 1 }],
  [["m", "min", "minute", "minutes"], { times: 60 }],
  [["h", "hr", "hour", "hours"], { times: 3_600 }],
  [["d", "day", "days"], { times: SECONDS_PER_DAY }],
  [["w", "week", "weeks"], { times: 7 * SECONDS_PER_DAY }],
  // A billing month is 30 days and a year 365 days, as in `term: 12mo` and `depreciation: 5y`.
  [["mo", "month", "months"], { times: 30 * SECONDS_PER_DAY }],
  [["y", "year", "years"], { times: 365 * SECONDS_PER_DAY }],
]

const table = (rows: ReadonlyArray<readonly [ReadonlyArray<string>, Scale]>): ReadonlyMap<string, Scale> =>
  new Map(rows.flatMap(([names, scale]) => names.map((name) => [name, scale] as const)))

const durationUnits = table([[[""], { times: 1 }], ...timeUnits])
const rateUnits = table([[[""], { times: 1 }], ...timeUnits.map(([names, scale]) => [names, inverse(scale)] as const)])
const countUnits = table([
  [[""], { times: 1 }],
  [["k", "K"], { times: 1e3 }],
  [["M"], { times: 1e6 }],
  [["B"], { times: 1e9 }],
  [["T"], { times: 1e12 }],
])
const memoryUnits = table([
  [["", "B"], { times: 1 }],
  [["KB", "kB"], { times: 1e3 }],
  [["MB"], { times: 1e6 }],
  [["GB"], { times: 1e9 }],
  [["TB"], { times: 1e12 }],
  [["PB"], { times: 1e15 }],
  [["KiB"], { times: 2 ** 10 }],
  [["MiB"], { times: 2 ** 20 }],
  [["GiB"], { times: 2 ** 30 }],
  [["TiB"], { times: 2 ** 40 }],
  [["PiB"], { times: 2 ** 50 }],
])
const plainUnits = table([[[""], { times: 1 }]])
const fractionUnits = table([[[""], { times: 1 }], [["%"], { over: 100 }]])

// Digits with optional `_` groups, optional decimals, optional exponent: `1_000`, `1.5`, `.5`, `1e+21`.
const NUMBER = String.raw`(?:\d+(?:_\d+)*(?:\.\d+(?:_\d+)*)?|\.\d+(?:_\d+)*)(?:[eE][+-]?\d+)?`
const suffixed = new RegExp(String.raw`^(-?)(${NUMBER})\s*([A-Za-z%]*)$`)
const perUnit = new RegExp(String.raw`^(-?)(${NUMBER})\s*(?:/\s*([A-Za-z]+))?$`)
const clock = /^(\d{1,2}):([0-5]\d)(?::([0-5]\d))?$/

/** A read value, or the `found …` part of the message explaining why it is not one. */
type Reading = { readonly ok: true; readonly value: number } | { readonly ok: false; readonly found: string }

const ok = (value: number): Reading => ({ ok: true, value: value + 0 }) // `+ 0` turns -0 into 0
const bad = (found: string): Reading => ({ ok: false, found })

/** How the input appears in a message: JSON for strings and numbers, words for the rest. */
const describe = (input: unknown): string => {
  if (typeof input === "string") return JSON.stringify(input)
  if (typeof input === "number") return Number.isNaN(input) ? ".nan" : Number.isFinite(input) ? JSON.stringify(input) : "an infinite number"
  if (input === null || typeof input === "boolean") return String(input)
  if (input === undefined) return "nothing"
  if (Array.isArray(input)) return "a list"
  if (typeof input === "object") return "a mapping"
  return `a ${typeof input}`
}

const readNumber = (input: number): Reading =>
  Number.isNaN(input) || !Number.isFinite(input)
    ? bad(describe(input))
    : input < 0
      ? bad(`${describe(input)} (must not be negative)`)
      : ok(input)

/** A number (taken as already in base units) or a string `<number><unit>` matched by `pattern`. */
const readScaled = (input: unknown, pattern: RegExp, units: ReadonlyMap<string, Scale>): Reading => {
  if (typeof input === "number") return readNumber(input)
  if (typeof input !== "string") return bad(describe(input))
  const match = pattern.exec(input.trim())
  const scale = match === null ? undefined : units.get(match[3] ?? "")
  if (match === null || scale === undefined) return bad(describe(input))
  const value = toBase(Number((match[2] ?? "").replaceAll("_", "")), scale)
  if (match[1] === "-" && value !== 0) return bad(`${describe(input)} (must not be negative)`)
  if (!Number.isFinite(value)) return bad(`${describe(input)} (too large to be a finite number)`)
  return ok(value)
}

const readFraction = (input: unknown): Reading => {
  const reading = readScaled(input, suffixed, fractionUnits)
  return reading.ok && reading.value > 1 ? bad(`${describe(input)} (must be between 0 and 1, or 0%–100%)`) : reading
}

const readTimeOfDay = (input: unknown): Reading => {
  const time = typeof input === "string" ? clock.exec(input.trim()) : null
  if (time !== null) {
    const hours = Number(time[1])
    return hours < 24 ? ok(hours * 3_600 + Number(time[2]) * 60 + Number(time[3] ?? 0)) : bad(describe(input))
  }
  const reading = readScaled(input, suffixed, plainUnits)
  return reading.ok && reading.value >= SECONDS_PER_DAY
    ? bad(`${describe(input)} (must be before 24:00, i.e. under ${SECONDS_PER_DAY} seconds)`)
    : reading
}

const readers: Record<UnitKind, (input: unknown) => Reading> = {
  duration: (input) => readScaled(input, suffixed, durationUnits),
  rate: (input) => readScaled(input, perUnit, rateUnits),
  count: (input) => readScaled(input, suffixed, countUnits),
  memory: (input) => readScaled(input, suffixed, memoryUnits),
  money: (input) => readScaled(input, suffixed, plainUnits),
  fraction: readFraction,
  timeOfDay: readTimeOfDay,
}

/**
 * The full error message for `input` read as `kind`, or `undefined` when it is valid:
 * `unitProblem("memory", "80 gigs")` is `expected an amount of memory (…), found "80 gigs"`.
 */
export const unitProblem = (kind: UnitKind, input: unknown): string | undefined => {
  const reading = readers[kind](input)
  return reading.ok ? undefined : `expected ${unitExpectation(kind)}, found ${reading.found}`
}

const parser = (kind: UnitKind) => (input: unknown): number | undefined => {
  const reading = readers[kind](input)
  return reading.ok ? reading.value : undefined
}

/** Seconds from `90s`, `15m`, `2h`, `7d`, `12mo`, `250ms`, `5y`, `1.5h`, `1e3s` or a number of seconds; `undefined` if malformed. */
export const parseDuration: (input: unknown) => number | undefined = parser("duration")
/** Per second from `20/s`, `1200/min`, `3e6/day`, `5/hour` or a number per second; `undefined` if malformed. */
export const parseRate: (input: unknown) => number | undefined = parser("rate")
/** A plain number from `70e9`, `70B`, `8k`, `1.5M`, `2T`, `1_000` or a number; `undefined` if malformed. */
export const parseCount: (input: unknown) => number | undefined = parser("count")
/** Bytes from `80GiB`, `141GB`, `512 MiB`, `1TB` or a number of bytes; `undefined` if malformed. */
export const parseMemory: (input: unknown) => number | undefined = parser("memory")
/** Currency units from a plain number (`2.99`, `"32000"`); `$5` and `1,000` are `undefined`. */
export const parseMoney: (input: unknown) => number | undefined = parser("money")
/** 0..1 from `0.3` or `30%`; `undefined` if malformed or outside [0, 1]. */
export const parseFraction: (input: unknown) => number | undefined = parser("fraction")
/** Seconds since midnight from `"14:00"` (50,400) or `"09:30:15"`, or a number below 86,400; else `undefined`. */
export const parseTimeOfDay: (input: unknown) => number | undefined = parser("timeOfDay")

/**
 * The shortest `<magnitude><suffix>` that parses back to exactly `value` (ties go to the earlier
 * suffix, so the base unit wins a tie). The base-unit form `${value}<base>` always qualifies, since
 * `String(number)` round-trips, so it is the fallback for values no other unit represents exactly.
 */
const formatter =
  (parse: (input: unknown) => number | undefined, suffixes: ReadonlyArray<readonly [string, Scale]>) =>
  (value: number): string => {
    let best: string | undefined
    for (const [suffix, scale] of suffixes) {
      const text = `${String(toBase(value, inverse(scale)))}${suffix}`
      if (parse(text) === value && (best === undefined || text.length < best.length)) best = text
    }
    return best ?? `${String(value)}${suffixes[0]?.[0] ?? ""}`
  }

const pick = (units: ReadonlyMap<string, Scale>, names: ReadonlyArray<string>): ReadonlyArray<readonly [string, Scale]> =>
  names.map((name) => [name, units.get(name) ?? { times: 1 }] as const)

/** Canonical text for a number of seconds: `formatDuration(5400)` is `"90m"`, `formatDuration(0.25)` is `"0.25s"` (a tie with `"250ms"`). */
export const formatDuration: (seconds: number) => string = formatter(
  parseDuration,
  pick(durationUnits, ["s", "m", "h", "d", "w", "mo", "y", "ms", "us"]),
)
/** Canonical text for a rate per second: `formatRate(20)` is `"20/s"`, `formatRate(3e6 / 86400)` is `"125000/h"`. */
export const formatRate: (perSecond: number) => string = formatter(
  parseRate,
  [["/s", { over: 1 }], ["/min", { over: 60 }], ["/h", { over: 3_600 }], ["/day", { over: SECONDS_PER_DAY }]],
)
/** Canonical text for a count: `formatCount(7e10)` is `"70B"`, `formatCount(1500)` is `"1500"`. */
export const formatCount: (count: number) => string = formatter(parseCount, pick(countUnits, ["", "k", "M", "B", "T"]))
/** Canonical text for bytes: `formatMemory(85_899_345_920)` is `"80GiB"`, `formatMemory(141e9)` is `"141GB"`. */
export const formatMemory: (bytes: number) => string = formatter(
  parseMemory,
  pick(memoryUnits, ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "KB", "MB", "GB", "TB", "PB"]),
)
/** Canonical text for money: the plain number, `formatMoney(2.99)` is `"2.99"`. */
export const formatMoney: (amount: number) => string = formatter(parseMoney, [["", { times: 1 }]])
/** Canonical text for a fraction: `formatFraction(0.3)` is `"0.3"`, `formatFraction(0.0001)` is `"0.01%"`. */
export const formatFraction: (fraction: number) => string = formatter(
  parseFraction,
  [["", { times: 1 }], ["%", { over: 100 }]],
)

const twoDigits = (n: number): string => String(n).padStart(2, "0")

/** Canonical text for seconds since midnight: `"14:00"`, `"09:30:15"`; a fractional second falls back to the number. */
export const formatTimeOfDay = (secondsSinceMidnight: number): string => {
  const s = secondsSinceMidnight
  if (!Number.isInteger(s) || s < 0 || s >= SECONDS_PER_DAY) return String(s)
  const hhmm = `${twoDigits(Math.floor(s / 3_600))}:${twoDigits(Math.floor((s % 3_600) / 60))}`
  return s % 60 === 0 ? hhmm : `${hhmm}:${twoDigits(s % 60)}`
}

/** A unit codec: decodes anything (so a list or a mapping gets the same friendly message) to a base-unit number. */
export type UnitCodec = Schema.Codec<number, string | number>

const descriptions: Record<UnitKind, string> = {
  duration: "A duration: 90s, 15m, 2h, 7d, 1w, 12mo (30-day months), 5y (365-day years), 250ms, 100us, or a number of seconds.",
  rate: "A rate: 20/s, 1200/min, 500/h, 3e6/day (also /sec, /hour, /week, /mo), or a number per second.",
  count: "A count: 8k (thousand), 1.5M (million), 70B (billion), 2T (trillion), 70e9, 1_000, or a plain number.",
  memory: "Memory: 80GiB, 512MiB (binary, 1024^n), 141GB, 2TB (decimal, 1000^n), or a number of bytes.",
  money: "Money in the scenario's currency: a plain number such as 2.99 or 32000, without a currency sign or thousands separators.",
  fraction: "A fraction between 0 and 1: 0.3 or 30%.",
  timeOfDay: 'A time of day: "14:00" or "09:30:15" (quote it in YAML), from 00:00 to 23:59:59.',
}

/**
 * A codec for `kind`. Its description (shown by `gpuplan schema` in editors) is the accepted forms,
 * after `fieldDescription` when given. Use this for a field's own description: Effect's JSON Schema
 * of a transformation shows the encoded side only, so `Duration.annotate({ description })` does not
 * reach the editor.
 *
 * ```ts
 * const horizon = unitCodec("duration", "Simulated span.")
 * // JSON Schema: { type: ["string", "number"], description: "Simulated span. A duration: 90s, …" }
 * ```
 */
export const unitCodec = (kind: UnitKind, fieldDescription?: string): UnitCodec => {
  const description = fieldDescription === undefined ? descriptions[kind] : `${fieldDescription} ${descriptions[kind]}`
  const read = (input: unknown, options: SchemaAST.ParseOptions): Effect.Effect<number, SchemaIssue.Issue> => {
    const reading = readers[kind](input)
    return reading.ok
      ? Effect.succeed(reading.value)
      : Effect.fail(
          new SchemaIssue.InvalidValue(
            { message: `expected ${unitExpectation(kind)}, found ${reading.found}` },
            input,
            options,
          ),
        )
  }
  // `Schema.Any`, not `Unknown`: the JSON codec erases an Unknown's checks and annotations, so the
  // editor schema would lose the accepted types and the description. The check never fails; the
  // transformation below does the validation, with one message for every kind of bad input.
  const encoded = Schema.Any.check(
    Schema.makeFilter(() => true, { toJsonSchema: () => ({ type: ["string", "number"] }), description }),
  )
  return encoded
    .pipe(Schema.decodeTo(Schema.Finite, SchemaTransformation.transformEffect<number, unknown>({ decode: read, encode: read })))
    .annotate({ description })
}

/** Schema codec for a duration in seconds (see the table at the top of this file); encodes to the number. */
export const Duration: UnitCodec = unitCodec("duration")
/** Schema codec for a rate per second. */
export const Rate: UnitCodec = unitCodec("rate")
/** Schema codec for a plain count. */
export const Count: UnitCodec = unitCodec("count")
/** Schema codec for memory in bytes. */
export const Memory: UnitCodec = unitCodec("memory")
/** Schema codec for money in the scenario's currency. */
export const Money: UnitCodec = unitCodec("money")
/** Schema codec for a fraction in [0, 1]. */
export const Fraction: UnitCodec = unitCodec("fraction")
/** Schema codec for a time of day in seconds since midnight. */
export const TimeOfDay: UnitCodec = unitCodec("timeOfDay")
