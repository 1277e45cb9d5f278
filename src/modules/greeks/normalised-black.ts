import { ONE_OVER_SQRT_TWO_PI, SQRT_HALF, SQRT_PI_OVER_TWO, erfcxNonNegativeInPlace } from './special-functions.js';

/**
 * The normalised Black function b(x, s, θ) = θ·[e^{x/2}·Φ(θ(x/s + s/2)) − e^{−x/2}·Φ(θ(x/s − s/2))],
 * with x = ln(F/K) and s = σ√T, so that a Black-76 price is D·√(FK)·b. Following Jäckel's "Let's Be
 * Rational", every region is evaluated in a form free of catastrophic cancellation:
 *   I   both h ± t deep in the left wing  → asymptotic expansion of Y(z) = Φ(z)/φ(z), term differences exact;
 *   II  small t = s/2                     → Taylor expansion in t around h = x/s;
 *   III h + t > 0.85                      → direct Φ form (no cancellation there);
 *   IV  elsewhere                         → difference of two erfcx values.
 * Written from the paper's description (regions and their purpose), with our own expansions.
 */

/** Region I when h + t is below this (the expansion of Y(h ± t) converges to rounding there). */
const ASYMPTOTIC_EXPANSION_THRESHOLD = -9.5;
const ASYMPTOTIC_EXPANSION_MAX_TERMS = 60;
/** Region II when t = s/2 is below this, or below the wider threshold close to the money. */
const SMALL_T_EXPANSION_THRESHOLD = 0.1;
const SMALL_T_EXPANSION_NEAR_MONEY_THRESHOLD = 0.5;
/** |x| below which the wider threshold applies: the recurrence's error growth ~e^{|x|/2} stays small. */
const SMALL_T_EXPANSION_NEAR_MONEY_MAX_X = 1;
const SMALL_T_EXPANSION_HIGHEST_ODD_ORDER = 31;
/** 1/((k+1)(k+2)) for odd k: the Taylor weights' ratios, precomputed to keep divisions out of the loop. */
const SMALL_T_WEIGHT_RATIOS = Float64Array.from(
  { length: SMALL_T_EXPANSION_HIGHEST_ODD_ORDER + 1 },
  (_, k) => 1 / ((k + 1) * (k + 2)),
);
/** From this h² + t² on, b' is computed with a double-double exponent (rounding would cost > ~10ε). */
const ACCURATE_EXPONENT_FROM = 24;
/** 2^27 + 1: splits a double into two 26-bit halves whose products are exact. */
const VELTKAMP_SPLITTER = 134_217_729;
/** Region III when h + t is above this. */
const NORM_CDF_FORM_THRESHOLD = 0.85;
/** exp(v²) is formed as exp(head²)·exp((v − head)(v + head)) with a 4-bit-fraction head (head² exact). */
const SQUARE_SPLIT_SCALE = 16;

/**
 * Workspace slots of the evaluator. Hot paths pass one Float64Array instead of numbers because V8 boxes
 * every double that crosses a call it does not inline.
 */
export const BLACK_X = 0;
export const BLACK_S = 1;
export const BLACK_VALUE = 2;
export const BLACK_VEGA = 3;
/** Relative truncation tolerance of the series (regions I and II); set by whoever creates the workspace. */
export const BLACK_TOLERANCE = 4;
/**
 * Argument and result of erfcx. This function is too large for V8 to inline every erfcx call site into it
 * (its cumulative inlining budget runs out), and a call to erfcxNonNegative(x) that is not inlined boxes x
 * and the result; erfcxNonNegativeInPlace takes the workspace and a slot number instead, so nothing is boxed
 * whether V8 inlines it or not.
 */
const BLACK_SCRATCH = 5;
export const BLACK_WORKSPACE_SLOTS = 6;
/** Truncation tolerance for full accuracy. */
export const FULL_ACCURACY_TOLERANCE = 1e-17;

/**
 * Reads x ≤ 0 and s from the workspace; writes b(x, s) of the out-of-the-money call and b' = ∂b/∂s =
 * e^{−(h² + t²)/2}/√(2π). Regions I, II and IV compute b as b'·(a bracket without the exponential), so the
 * pair costs one exponential.
 */
export function evaluateNormalisedBlack(workspace: Float64Array): void {
  const x = workspace[BLACK_X]!;
  const s = workspace[BLACK_S]!;
  const tolerance = workspace[BLACK_TOLERANCE]!;
  if (!(s > 0)) {
    workspace[BLACK_VALUE] = 0;
    workspace[BLACK_VEGA] = x === 0 ? ONE_OVER_SQRT_TWO_PI : 0;
    return;
  }
  const h = x / s;
  const t = 0.5 * s;
  const tSquared = t * t;
  const exponent = h * h + tSquared;
  if (exponent < ACCURATE_EXPONENT_FROM) {
    workspace[BLACK_VEGA] = ONE_OVER_SQRT_TWO_PI * Math.exp(-0.5 * exponent);
  } else {
    accurateNormalisedVega(workspace);
  }
  const vega = workspace[BLACK_VEGA]!;
  if (h + t < ASYMPTOTIC_EXPANSION_THRESHOLD) {
    // Region I: b/b' = Y(−a) − Y(−c), a = −(h+t), c = t−h, Y(−z) = Σ (−1)ⁿ(2n−1)!!·z^{−(2n+1)}; each power
    // difference a^{−m} − c^{−m} = a^{−m}·E_m with E_m = 1 − (a/c)^m built by E_{m+2} = E_m + (a/c)^m·E_2.
    const a = -(h + t);
    const c = t - h;
    const ratio = a / c;
    const ratioSquared = ratio * ratio;
    let e = (2 * t) / c;
    const e2 = e * (2 - e);
    let ratioPower = ratio;
    const inverseASquared = 1 / (a * a);
    let power = 1 / a;
    let coefficient = 1;
    let sum = power * e;
    for (let n = 1; n < ASYMPTOTIC_EXPANSION_MAX_TERMS; n++) {
      coefficient *= -(2 * n - 1);
      power *= inverseASquared;
      e += ratioPower * e2;
      ratioPower *= ratioSquared;
      const term = coefficient * power * e;
      sum += term;
      if (Math.abs(term) <= tolerance * sum) {
        break;
      }
    }
    workspace[BLACK_VALUE] = vega * sum;
    return;
  }
  if (
    t < SMALL_T_EXPANSION_THRESHOLD ||
    (t < SMALL_T_EXPANSION_NEAR_MONEY_THRESHOLD && x > -SMALL_T_EXPANSION_NEAR_MONEY_MAX_X)
  ) {
    // Region II: Y(h+t) − Y(h−t) = 2·Σ_{k odd} Y⁽ᵏ⁾(h)·t^k/k!, Y' = 1 + hY, Y⁽ᵏ⁺¹⁾ = hY⁽ᵏ⁾ + kY⁽ᵏ⁻¹⁾. The
    // forward recurrence amplifies rounding by about e^{|h|·t} = e^{|x|/2}, small in this region.
    workspace[BLACK_SCRATCH] = -h * SQRT_HALF;
    erfcxNonNegativeInPlace(workspace, BLACK_SCRATCH);
    const y0 = SQRT_PI_OVER_TWO * workspace[BLACK_SCRATCH];
    let previous = y0;
    let current = 1 + h * y0;
    let sum = current;
    let weight = 1;
    for (let k = 1; k < SMALL_T_EXPANSION_HIGHEST_ODD_ORDER; k += 2) {
      const even = h * current + k * previous;
      const odd = h * even + (k + 1) * current;
      weight *= tSquared * SMALL_T_WEIGHT_RATIOS[k]!;
      const term = weight * odd;
      sum += term;
      if (Math.abs(term) <= tolerance * sum) {
        break;
      }
      previous = even;
      current = odd;
    }
    workspace[BLACK_VALUE] = vega * 2 * t * sum;
    return;
  }
  // Regions III and IV need erfcx at the same two points, |h+t|/√2 and (t−h)/√2.
  workspace[BLACK_SCRATCH] = Math.abs(h + t) * SQRT_HALF;
  erfcxNonNegativeInPlace(workspace, BLACK_SCRATCH);
  const nearTail = workspace[BLACK_SCRATCH];
  workspace[BLACK_SCRATCH] = (t - h) * SQRT_HALF;
  erfcxNonNegativeInPlace(workspace, BLACK_SCRATCH);
  const farTail = workspace[BLACK_SCRATCH];
  if (h + t > NORM_CDF_FORM_THRESHOLD) {
    // Region III: the direct form e^{x/2}Φ(h+t) − e^{−x/2}Φ(h−t) (no cancellation there), with both Φ written
    // through erfcx and b' (e^{−(h±t)²/2} = √(2π)·b'·e^{∓x/2}): b = e^{x/2} − √(π/2)·b'·[erfcx(d₊) + erfcx(d₋)].
    workspace[BLACK_VALUE] = Math.exp(0.5 * x) - SQRT_PI_OVER_TWO * vega * (nearTail + farTail);
    return;
  }
  // Region IV: b = √(π/2)·b'·[erfcx(−(h+t)/√2) − erfcx((t−h)/√2)], with erfcx(v) = 2·e^{v²} − erfcx(−v) for v < 0.
  // exp(v²) as special-functions' expSquare, written out here: a call returning a double would box it.
  const v = -(h + t) * SQRT_HALF;
  const head = Math.trunc(v * SQUARE_SPLIT_SCALE) / SQUARE_SPLIT_SCALE;
  const left = v >= 0 ? nearTail : 2 * Math.exp(head * head) * Math.exp((v - head) * (v + head)) - nearTail;
  workspace[BLACK_VALUE] = vega * SQRT_PI_OVER_TWO * (left - farTail);
}

function evaluateStandalone(x: number, s: number): Float64Array {
  const workspace = new Float64Array(BLACK_WORKSPACE_SLOTS);
  workspace[BLACK_TOLERANCE] = FULL_ACCURACY_TOLERANCE;
  workspace[BLACK_X] = x;
  workspace[BLACK_S] = s;
  evaluateNormalisedBlack(workspace);
  return workspace;
}

/** b for an out-of-the-money call, x ≤ 0 and s ≥ 0 (puts and ITM options map onto this). Allocates: not for hot loops. */
export function normalisedBlackOtmCall(x: number, s: number): number {
  return evaluateStandalone(x, s)[BLACK_VALUE]!;
}

/** Normalised intrinsic value max(θ(e^{x/2} − e^{−x/2}), 0). */
export function normalisedIntrinsic(x: number, theta: number): number {
  return theta * x > 0 ? 2 * Math.abs(Math.sinh(0.5 * x)) : 0;
}

/** b(x, s, θ) for any x; θ = +1 call, −1 put. */
export function normalisedBlack(x: number, s: number, theta: number): number {
  // Put-call symmetry b(x, s, −1) = b(−x, s, +1) and in-out duality put every case on the OTM call.
  return normalisedIntrinsic(x, theta) + normalisedBlackOtmCall(-Math.abs(x), s);
}

/** ∂b/∂s = φ(x/s + s/2)·e^{x/2} = e^{−(h² + t²)/2}/√(2π); the same for calls and puts. Allocates. */
export function normalisedVega(x: number, s: number): number {
  return evaluateStandalone(-Math.abs(x), s)[BLACK_VEGA]!;
}

/**
 * b' with h² + t² in double-double (Dekker products on Veltkamp splits): rounding it costs ~(h² + t²)·ε of
 * relative accuracy in b' and in every b built on it, which is what dominates in the wings.
 */
function accurateNormalisedVega(workspace: Float64Array): void {
  const x = workspace[BLACK_X]!;
  const s = workspace[BLACK_S]!;
  const h = x / s;
  const hSplit = h * VELTKAMP_SPLITTER;
  const hHi = hSplit - (hSplit - h);
  const hLo = h - hHi;
  const sSplit = s * VELTKAMP_SPLITTER;
  const sHi = sSplit - (sSplit - s);
  const sLo = s - sHi;
  const product = h * s;
  const productError = hHi * sHi - product + hHi * sLo + hLo * sHi + hLo * sLo;
  const hResidual = (x - product - productError) / s; // h + hResidual = x/s to double-double accuracy
  const hSquared = h * h;
  const hSquaredError = hHi * hHi - hSquared + 2 * hHi * hLo + hLo * hLo;
  const t = 0.5 * s;
  const tHi = 0.5 * sHi;
  const tLo = 0.5 * sLo;
  const tSquared = t * t;
  const tSquaredError = tHi * tHi - tSquared + 2 * tHi * tLo + tLo * tLo;
  const sum = hSquared + tSquared;
  const virtual = sum - hSquared;
  const sumError = hSquared - (sum - virtual) + (tSquared - virtual);
  const tail = sumError + hSquaredError + tSquaredError + 2 * h * hResidual;
  workspace[BLACK_VEGA] = ONE_OVER_SQRT_TWO_PI * Math.exp(-0.5 * sum) * (1 - 0.5 * tail);
}
