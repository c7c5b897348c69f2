/**
 * The units contract of SCENARIO.md: every accepted form reads to its hand-computed base value,
 * every canonical string reads back to exactly the number it came from, and anything else is
 * rejected with a message that says what was expected and what was found.
 */
import fc from "fast-check"
import { Schema, SchemaIssue } from "effect"
import { describe, expect, it } from "vitest"
import {
  Count,
  Duration,
  Fraction,
  Memory,
  Money,
  Rate,
  TimeOfDay,
  formatCount,
  formatDuration,
  formatFraction,
  formatMemory,
  formatMoney,
  formatRate,
  formatTimeOfDay,
  parseCount,
  parseDuration,
  parseFraction,
  parseMemory,
  parseMoney,
  parseRate,
  parseTimeOfDay,
  unitCodec,
  unitExpectation,
  unitProblem,
  type UnitCodec,
  type UnitKind,
} from "../../src/domain/units.ts"

const RUNS = { numRuns: 1_000 }

type Kind = {
  readonly kind: UnitKind
  readonly parse: (input: unknown) => number | undefined
  readonly format: (value: number) => string
  readonly codec: UnitCodec
  /** Valid values of this kind (all finite, non-negative, and in range). */
  readonly values: fc.Arbitrary<number>
  /** Everything that may follow the number, whitespace removed (written independently of the module). */
  readonly suffixes: ReadonlyArray<string>
}

const timeSuffixes = ["us", "ms", "s", "sec", "second", "seconds", "m", "min", "minute", "minutes", "h", "hr", "hour",
  "hours", "d", "day", "days", "w", "week", "weeks", "mo", "month", "months", "y", "year", "years"]

const anyNonNegative = fc.oneof(
  fc.nat(),
  fc.maxSafeNat(),
  fc.double({ min: 0, max: Number.MAX_VALUE, noNaN: true }),
  fc.nat({ max: 1_000_000 }).map((n) => n / 1000),
  fc.nat({ max: 100_000 }).map((n) => n * 60),
  fc.nat({ max: 10_000 }).map((n) => n * 2 ** 30),
  fc.nat({ max: 10_000 }).map((n) => n * 1e9),
)

const kinds: ReadonlyArray<Kind> = [
  { kind: "duration", parse: parseDuration, format: formatDuration, codec: Duration, values: anyNonNegative, suffixes: ["", ...timeSuffixes] },
  { kind: "rate", parse: parseRate, format: formatRate, codec: Rate, values: anyNonNegative, suffixes: ["", ...timeSuffixes.map((u) => `/${u}`)] },
  { kind: "count", parse: parseCount, format: formatCount, codec: Count, values: anyNonNegative, suffixes: ["", "k", "K", "M", "B", "T"] },
  {
    kind: "memory", parse: parseMemory, format: formatMemory, codec: Memory, values: anyNonNegative,
    suffixes: ["", "B", "KB", "kB", "MB", "GB", "TB", "PB", "KiB", "MiB", "GiB", "TiB", "PiB"],
  },
  { kind: "money", parse: parseMoney, format: formatMoney, codec: Money, values: anyNonNegative, suffixes: [""] },
  {
    kind: "fraction", parse: parseFraction, format: formatFraction, codec: Fraction, suffixes: ["", "%"],
    values: fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.nat({ max: 100 }).map((n) => n / 100), fc.nat({ max: 1000 }).map((n) => n / 1000)),
  },
  {
    kind: "timeOfDay", parse: parseTimeOfDay, format: formatTimeOfDay, codec: TimeOfDay, suffixes: [""],
    values: fc.oneof(fc.nat({ max: 86_399 }), fc.double({ min: 0, max: 86_399.999, noNaN: true })),
  },
]

/** Decode through the codec as the loader does; the message of the single issue on failure. */
const decode = (codec: UnitCodec, input: unknown): { value: number } | { message: string } => {
  const result = Schema.decodeUnknownResult(codec)(input, { errors: "all" })
  if (result._tag === "Success") return { value: result.success }
  const issues = SchemaIssue.makeFormatterStandardSchemaV1()(result.failure.issue).issues
  expect(issues).toHaveLength(1)
  return { message: issues[0]!.message }
}

describe("reading the documented examples", () => {
  // `9ms` and `33us` (and `57%` below) pin division by 1000 / 1e6 / 100: multiplying by 0.001
  // would give 0.009000000000000001, by 1e-6 0.000032999999999999996, by 0.01 0.5700000000000001.
  it.each([
    ["90s", 90], ["15m", 900], ["2h", 7_200], ["7d", 604_800], ["12mo", 31_104_000], ["250ms", 0.25],
    ["1w", 604_800], ["5y", 157_680_000], ["100us", 0.0001], ["1.5h", 5_400], ["1e3s", 1_000],
    ["9ms", 0.009], ["33us", 0.000033], ["2 hours", 7_200], ["30 min", 1_800], [" 45s ", 45], ["1_800s", 1_800], ["90", 90], [90, 90], [0.5, 0.5], ["0s", 0],
  ])("duration %j is %d seconds", (input, seconds) => {
    expect(parseDuration(input)).toBe(seconds)
  })

  it.each([
    ["20/s", 20], ["1200/min", 20], ["7200/h", 2], ["36/hour", 0.01], ["5/sec", 5], ["20 / s", 20], ["20", 20], [20, 20],
    ["86400/day", 1], ["604800/w", 1],
  ])("rate %j is %d per second", (input, perSecond) => {
    expect(parseRate(input)).toBe(perSecond)
  })

  it("rate 3e6/day is 3,000,000 / 86,400 = 34.7222… per second", () => {
    expect(parseRate("3e6/day")).toBeCloseTo(34.722_222_222, 8)
  })

  it.each([
    ["70e9", 7e10], ["70B", 7e10], ["8k", 8_000], ["8K", 8_000], ["2T", 2e12], ["1_000", 1_000], ["3M", 3e6],
    ["1.5M", 1_500_000], ["70.6B", 70_600_000_000], ["42", 42], [42, 42], ["1 k", 1_000],
  ])("count %j is %d", (input, count) => {
    expect(parseCount(input)).toBe(count)
  })

  it.each([
    ["80GiB", 85_899_345_920], ["80 GiB", 85_899_345_920], ["141GB", 141e9], ["1KiB", 1_024], ["512MiB", 536_870_912],
    ["2TiB", 2_199_023_255_552], ["1KB", 1_000], ["1kB", 1_000], ["5MB", 5_000_000], ["3TB", 3e12], ["100B", 100],
    ["4096", 4_096], [4_096, 4_096],
  ])("memory %j is %d bytes", (input, bytes) => {
    expect(parseMemory(input)).toBe(bytes)
  })

  it.each([[2.99, 2.99], [32_000, 32_000], ["1.85", 1.85], [0, 0]])("money %j is %d", (input, amount) => {
    expect(parseMoney(input)).toBe(amount)
  })

  it.each([[0.3, 0.3], ["30%", 0.3], ["30 %", 0.3], ["0.3", 0.3], ["100%", 1], ["0%", 0], [1, 1], [0, 0], ["12.5%", 0.125], ["57%", 0.57]])(
    "fraction %j is %d",
    (input, fraction) => {
      expect(parseFraction(input)).toBe(fraction)
    },
  )

  it.each([["14:00", 50_400], ["00:00", 0], ["09:30:15", 34_215], ["23:59:59", 86_399], ["9:05", 32_700], [3_600, 3_600]])(
    "time of day %j is %d seconds since midnight",
    (input, seconds) => {
      expect(parseTimeOfDay(input)).toBe(seconds)
    },
  )
})

describe("rejecting what is not in the table", () => {
  it.each([
    ["duration", ["3x", "10 parsecs", "1e", "--5s", "-5s", "", "5M", "5 S", "5mins", "1.2.3s", "0x10", "Infinity", ".nan", "1__0s", "1.s", "e5s", "+5s", "5 s s", "5/s", "1e400s"]],
    ["rate", ["3x", "20/S", "20/", "/s", "20 per second", "20/parsec", "-1/s", "20s", "1,200/min"]],
    ["count", ["3x", "5m", "5b", "5 thousand", "1,000", "-3", "1e", "_1", "1_", "5kB"]],
    ["memory", ["3x", "80gb", "80Gb", "80GIB", "80 gigs", "-1GiB", "80iB", "1e400"]],
    ["money", ["$5", "1,000", "5 USD", "€3", "-2", "3x", "2.99$"]],
    ["fraction", ["150%", "1.5", "-0.1", "30 percent", "3x", "%"]],
    ["timeOfDay", ["24:00", "12:60", "12:00:60", "noon", "14h", "1400h", "-1", "12:5", "12:00:5", "123:00", " : "]],
  ] as const)("%s rejects each of %j", (kind, inputs) => {
    const parse = kinds.find((k) => k.kind === kind)!.parse
    for (const input of inputs) expect({ input, parsed: parse(input) }).toEqual({ input, parsed: undefined })
  })

  it("no kind accepts NaN, an infinity, a negative number, a boolean, null, a list or a mapping", () => {
    for (const { parse } of kinds)
      for (const input of [Number.NaN, Infinity, -Infinity, -5, -Number.MIN_VALUE, true, false, null, undefined, [], [1], {}, { a: 1 }])
        expect(parse(input)).toBeUndefined()
  })

  it("a fraction above 1 and a time of day from 86,400 s on are out of range", () => {
    expect(parseFraction(1.000_000_1)).toBeUndefined()
    expect(parseTimeOfDay(86_400)).toBeUndefined()
    expect(parseTimeOfDay(86_399.5)).toBe(86_399.5)
  })
})

describe("error messages", () => {
  it.each([
    ["duration", "3x", 'expected a duration (e.g. 90s, 15m, 2h, 7d, 12mo, 250ms, or a number of seconds), found "3x"'],
    ["duration", Number.NaN, "expected a duration (e.g. 90s, 15m, 2h, 7d, 12mo, 250ms, or a number of seconds), found .nan"],
    ["duration", Infinity, "expected a duration (e.g. 90s, 15m, 2h, 7d, 12mo, 250ms, or a number of seconds), found an infinite number"],
    ["duration", -5, "expected a duration (e.g. 90s, 15m, 2h, 7d, 12mo, 250ms, or a number of seconds), found -5 (must not be negative)"],
    ["duration", "-5s", 'expected a duration (e.g. 90s, 15m, 2h, 7d, 12mo, 250ms, or a number of seconds), found "-5s" (must not be negative)'],
    ["duration", "1e400s", 'expected a duration (e.g. 90s, 15m, 2h, 7d, 12mo, 250ms, or a number of seconds), found "1e400s" (too large to be a finite number)'],
    ["duration", [1, 2], "expected a duration (e.g. 90s, 15m, 2h, 7d, 12mo, 250ms, or a number of seconds), found a list"],
    ["duration", { h: 2 }, "expected a duration (e.g. 90s, 15m, 2h, 7d, 12mo, 250ms, or a number of seconds), found a mapping"],
    ["duration", true, "expected a duration (e.g. 90s, 15m, 2h, 7d, 12mo, 250ms, or a number of seconds), found true"],
    ["duration", null, "expected a duration (e.g. 90s, 15m, 2h, 7d, 12mo, 250ms, or a number of seconds), found null"],
    ["rate", "20/parsec", 'expected a rate (e.g. 20/s, 1200/min, 3e6/day, or a number per second), found "20/parsec"'],
    ["count", "5m", 'expected a count (e.g. 8k, 1.5M, 70B, 2T, 1_000, or a plain number), found "5m"'],
    ["memory", "80gb", 'expected an amount of memory (e.g. 80GiB, 141GB, 512MiB, or a number of bytes), found "80gb"'],
    ["money", "$5", 'expected an amount of money (a plain number such as 2.99 or 32000, without a currency sign or thousands separators), found "$5"'],
    ["money", "1,000", 'expected an amount of money (a plain number such as 2.99 or 32000, without a currency sign or thousands separators), found "1,000"'],
    ["fraction", 1.5, "expected a fraction (e.g. 0.3 or 30%, between 0 and 1), found 1.5 (must be between 0 and 1, or 0%–100%)"],
    ["fraction", "150%", 'expected a fraction (e.g. 0.3 or 30%, between 0 and 1), found "150%" (must be between 0 and 1, or 0%–100%)'],
    ["timeOfDay", "24:00", 'expected a time of day (e.g. "14:00" or "09:30:15", from 00:00 to 23:59:59), found "24:00"'],
    ["timeOfDay", 90_000, 'expected a time of day (e.g. "14:00" or "09:30:15", from 00:00 to 23:59:59), found 90000 (must be before 24:00, i.e. under 86400 seconds)'],
  ] as const)("%s from %j says exactly what was expected and found", (kind, input, message) => {
    expect(unitProblem(kind, input)).toBe(message)
    expect(decode(kinds.find((k) => k.kind === kind)!.codec, input)).toEqual({ message })
  })

  it("unitExpectation is the middle of every message", () => {
    expect(unitExpectation("duration")).toBe("a duration (e.g. 90s, 15m, 2h, 7d, 12mo, 250ms, or a number of seconds)")
    for (const { kind } of kinds) expect(unitProblem(kind, "3x")).toBe(`expected ${unitExpectation(kind)}, found "3x"`)
  })

  it("a valid value has no problem", () => {
    expect(unitProblem("duration", "2h")).toBeUndefined()
  })

  it("the issue is an Encoding node over an InvalidValue carrying the message", () => {
    const result = Schema.decodeUnknownResult(Duration)("3x", { errors: "all" })
    if (result._tag !== "Failure") throw new Error("expected a failure")
    const issue = result.failure.issue
    expect(issue._tag).toBe("Encoding")
    const inner = issue._tag === "Encoding" ? issue.issue : undefined
    expect(inner?._tag).toBe("InvalidValue")
    expect(inner?._tag === "InvalidValue" ? inner.annotations?.message : undefined).toBe(unitProblem("duration", "3x"))
  })
})

describe("canonical formatting", () => {
  const formats = { formatDuration, formatRate, formatCount, formatMemory, formatMoney, formatFraction, formatTimeOfDay }
  it.each([
    ["formatDuration", 5_400, "90m"], ["formatDuration", 7_200, "2h"], ["formatDuration", 90, "90s"],
    ["formatDuration", 0.25, "0.25s"], ["formatDuration", 0.0015, "1.5ms"], ["formatDuration", 0.000002, "2us"], ["formatDuration", 31_536_000, "1y"],
    ["formatDuration", 0, "0s"], ["formatDuration", 1.5, "1.5s"],
    ["formatRate", 20, "20/s"], ["formatRate", 1 / 60, "60/h"], ["formatRate", 3e6 / 86_400, "125000/h"],
    ["formatCount", 7e10, "70B"], ["formatCount", 8_000, "8k"], ["formatCount", 1_500, "1500"], ["formatCount", 70.6e9, "70.6B"],
    ["formatMemory", 85_899_345_920, "80GiB"], ["formatMemory", 141e9, "141GB"], ["formatMemory", 100, "100B"],
    ["formatMoney", 2.99, "2.99"], ["formatFraction", 0.3, "0.3"], ["formatFraction", 0.0001, "0.01%"], ["formatFraction", 1, "1"],
    ["formatTimeOfDay", 50_400, "14:00"], ["formatTimeOfDay", 34_215, "09:30:15"], ["formatTimeOfDay", 0, "00:00"],
    ["formatTimeOfDay", 0.5, "0.5"],
  ] as const)("%s(%d) is %j: the shortest exact form, the base unit winning ties", (name, value, text) => {
    expect(formats[name](value)).toBe(text)
  })

  for (const { kind, parse, format, values } of kinds) {
    it(`${kind}: format then parse gives back exactly the same number`, () => {
      fc.assert(
        fc.property(values, (value) => {
          expect(parse(format(value)) === value).toBe(true)
        }),
        RUNS,
      )
    })

    it(`${kind}: a number in range reads as itself`, () => {
      fc.assert(
        fc.property(values, (value) => {
          expect(parse(value) === value).toBe(true)
        }),
        RUNS,
      )
    })
  }
})

describe("malformed input, generated", () => {
  const expectRejected = (k: Kind, input: string): void => {
    expect(k.parse(input)).toBeUndefined()
    const decoded = decode(k.codec, input)
    expect("message" in decoded && decoded.message.startsWith(`expected ${unitExpectation(k.kind)}, found `)).toBe(true)
  }

  for (const k of kinds) {
    it(`${k.kind}: a string with no digit is rejected, naming the accepted forms and quoting the input`, () => {
      fc.assert(
        fc.property(fc.string().filter((s) => !/[0-9]/.test(s)), (s) => {
          expect(k.parse(s)).toBeUndefined()
          expect(decode(k.codec, s)).toEqual({ message: `expected ${unitExpectation(k.kind)}, found ${JSON.stringify(s)}` })
        }),
        RUNS,
      )
    })

    it(`${k.kind}: a number followed by an unknown unit is rejected`, () => {
      const junk = fc
        .string({ minLength: 1 })
        .filter((u) => !/^\s*[0-9eE._+\-:]/.test(u) && !k.suffixes.includes(u.replace(/\s/g, "")))
      fc.assert(
        fc.property(fc.constantFrom("0", "1", "0.5", "1e-1", ".25", "1.0"), junk, (n, unit) => expectRejected(k, n + unit)),
        RUNS,
      )
    })

    it(`${k.kind}: unit-like junk is rejected`, () => {
      for (const input of ["3x", "10 parsecs", "1e", "--5s", "1.2.3", "5 5", "0x1F", "NaN"]) expectRejected(k, input)
    })
  }
})

describe("the Schema codecs", () => {
  const inputs = (k: Kind) =>
    fc.oneof(
      k.values.map(k.format),
      k.values,
      fc.double(),
      fc.string(),
      fc.constantFrom("3x", "-5s", "150%", "1e400", "24:00", "$5"),
      fc.anything(),
    )

  for (const k of kinds) {
    it(`${k.kind}: decoding gives what parse gives, and fails exactly when parse does, with unitProblem's message`, () => {
      fc.assert(
        fc.property(inputs(k), (input) => {
          const parsed = k.parse(input)
          expect(decode(k.codec, input)).toEqual(parsed === undefined ? { message: unitProblem(k.kind, input) } : { value: parsed })
        }),
        RUNS,
      )
    })
  }

  it("encoding gives the base number back and refuses a value the decoder would refuse", () => {
    expect(Schema.encodeUnknownSync(Duration)(5_400)).toBe(5_400)
    expect(() => Schema.encodeUnknownSync(Duration)(-1)).toThrow("must not be negative")
  })

  it("the editor JSON Schema accepts a string or a number and describes the accepted forms", () => {
    expect(Schema.toJsonSchemaDocument(Duration).schema).toEqual({
      type: ["string", "number"],
      description: "A duration: 90s, 15m, 2h, 7d, 1w, 12mo (30-day months), 5y (365-day years), 250ms, 100us, or a number of seconds.",
    })
    for (const { codec } of kinds) {
      const schema = Schema.toJsonSchemaDocument(codec).schema
      expect(schema.type).toEqual(["string", "number"])
      expect(typeof schema.description).toBe("string")
    }
  })

  it("unitCodec puts a field's own description before the accepted forms", () => {
    const horizon = unitCodec("duration", "Simulated span.")
    expect(Schema.toJsonSchemaDocument(Schema.Struct({ horizon })).schema).toMatchObject({
      properties: { horizon: { type: ["string", "number"], description: expect.stringMatching(/^Simulated span\. A duration: 90s/) } },
    })
    expect(decode(horizon, "7d")).toEqual({ value: 604_800 })
  })
})
