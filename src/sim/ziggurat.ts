/**
 * Standard normal and standard exponential draws by the ziggurat method (Marsaglia & Tsang, "The
 * Ziggurat Method for Generating Random Variables", J. Stat. Software 5(8), 2000), the method
 * behind NumPy's `Generator.standard_normal` / `standard_exponential` and Julia's `randn` /
 * `randexp`. The density is covered by 256 layers of equal area: a draw picks a layer and a point
 * in it from one 32-bit number and, 98.5% (normal) / 97.8% (exponential) of the time, accepts it
 * with one comparison — no logarithm, square root or cosine, which inversion and Box–Muller pay on
 * every draw. The rest fall in a layer's wedge (tested against the density) or in the tail beyond
 * the base layer (Marsaglia's tail method for the normal; the exponential's tail is the exponential
 * again, shifted).
 *
 * Bits: the low 8 bits of the draw pick the layer; the normal's sign is bit 8 and its position in
 * the layer bits 9–31 (23 bits); the exponential's position is bits 8–31 (24 bits). Layer and
 * position use disjoint bits (Doornik 2005 showed that sharing them biases the classic version).
 * A position j in layer i maps to (j + ½)·xᵢ/2^bits, the middle of its cell, so no draw is exactly
 * 0. The resolution, 2^-23 or 2^-24 of a layer's width, is far finer than the simulation needs:
 * lengths are rounded to whole tokens and arrival gaps are summed in double precision.
 *
 * ```ts
 * const z = standardNormal(rng)      // N(0, 1)
 * const e = standardExponential(rng) // Exp(1)
 * ```
 */
import type { Rng } from "./rng.ts"

/**
 * The normal ziggurat's base-layer edge r and layer area v for 256 layers (Marsaglia & Tsang 2000,
 * section 3: "for n = 256: r = 3.6541528853610088, v = .00492867323399"), for the unnormalised
 * density f(x) = exp(−x²/2) on x ≥ 0.
 */
export const NORMAL_R = 3.6541528853610088
export const NORMAL_V = 0.00492867323399
/**
 * The exponential ziggurat's r and v for 256 layers (Marsaglia & Tsang 2000, section 3 and their
 * REXP code: de = 7.697117470131487, ve = 3.949659822581572e-3), for f(x) = exp(−x).
 */
export const EXPONENTIAL_R = 7.69711747013104972
export const EXPONENTIAL_V = 0.0039496598225815571993

const LAYERS = 256

/** Layer edges x₀ > x₁ = r > … > x₂₅₅ > x₂₅₆ = 0 and the density at them, by the paper's recurrence. */
export interface ZigguratTables {
  /** xᵢ, i = 0 … 256; x₀ = v / f(r) is the width of the base layer (rectangle + tail). */
  readonly x: Float64Array
  /** f(xᵢ). */
  readonly f: Float64Array
  /** Accept position j of layer i at once when j < k[i] (its point lies left of xᵢ₊₁). */
  readonly k: Float64Array
  /** xᵢ / 2^bits: position j maps to (j + ½)·w[i]. */
  readonly w: Float64Array
}

/**
 * xᵢ₊₁ = f⁻¹(f(xᵢ) + v/xᵢ): each layer has area v. The last step lands on f⁻¹(≈ 1) ≈ 0 (rounding
 * may put its argument just above 1), so x₂₅₆ is set to 0 exactly.
 */
export const zigguratTables = (r: number, v: number, f: (x: number) => number, fInverse: (y: number) => number, bits: number): ZigguratTables => {
  const x = new Float64Array(LAYERS + 1)
  x[0] = v / f(r)
  x[1] = r
  for (let i = 1; i < LAYERS - 1; i++) x[i + 1] = fInverse(f(x[i]!) + v / x[i]!)
  x[LAYERS] = 0
  const fx = x.map(f)
  const scale = 2 ** bits
  const k = new Float64Array(LAYERS)
  const w = new Float64Array(LAYERS)
  for (let i = 0; i < LAYERS; i++) {
    w[i] = x[i]! / scale
    // (j + ½)·w < xᵢ₊₁  ⇔  j < xᵢ₊₁/w − ½
    k[i] = (x[i + 1]! / x[i]!) * scale - 0.5
  }
  return { x, f: fx, k, w }
}

const normalDensity = (x: number): number => Math.exp(-0.5 * x * x)
export const NORMAL_TABLES = zigguratTables(NORMAL_R, NORMAL_V, normalDensity, (y) => Math.sqrt(-2 * Math.log(y)), 23)
export const EXPONENTIAL_TABLES = zigguratTables(EXPONENTIAL_R, EXPONENTIAL_V, (x) => Math.exp(-x), (y) => -Math.log(y), 24)

const NK = NORMAL_TABLES.k
const NW = NORMAL_TABLES.w
const NF = NORMAL_TABLES.f
const EK = EXPONENTIAL_TABLES.k
const EW = EXPONENTIAL_TABLES.w
const EF = EXPONENTIAL_TABLES.f

/** A draw from N(0, 1). */
export const standardNormal = (rng: Rng): number => {
  for (;;) {
    const u = rng.nextUint32()
    const i = u & 255
    const j = u >>> 9
    const x = (j + 0.5) * NW[i]!
    if (j < NK[i]!) return u & 256 ? -x : x
    const y = normalOutside(rng, i, x)
    if (y === y) return u & 256 ? -y : y
  }
}

/** The normal's rare case: the tail beyond r (layer 0) or a wedge point; NaN = rejected, draw again. */
const normalOutside = (rng: Rng, i: number, x: number): number => {
  if (i === 0) {
    // Marsaglia (1964): x = −ln(U₁)/r, y = −ln(U₂) until 2y > x²; then r + x follows the tail.
    for (;;) {
      const a = -Math.log(rng.nextOpen()) / NORMAL_R
      const b = -Math.log(rng.nextOpen())
      if (b + b > a * a) return NORMAL_R + a
    }
  }
  return NF[i]! + rng.next() * (NF[i + 1]! - NF[i]!) < normalDensity(x) ? x : NaN
}

/** A draw from Exp(1) (mean 1). */
export const standardExponential = (rng: Rng): number => {
  let shift = 0
  for (;;) {
    const u = rng.nextUint32()
    const i = u & 255
    const j = u >>> 8
    const x = (j + 0.5) * EW[i]!
    if (j < EK[i]!) return shift + x
    if (i === 0) shift += EXPONENTIAL_R // the tail beyond r is r + Exp(1) (memorylessness)
    else if (EF[i]! + rng.next() * (EF[i + 1]! - EF[i]!) < Math.exp(-x)) return shift + x
  }
}
