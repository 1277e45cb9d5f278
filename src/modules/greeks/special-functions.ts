import { ERFCX_COEFFICIENTS, ERFCX_DEGREE, ERFCX_INTERVALS } from './erfcx-table.js';

/**
 * Special functions to full double precision: the scaled complementary error function erfcx, erfc,
 * the normal distribution and its inverse. Pure functions, no allocation.
 */

export const SQRT_TWO_PI = 2.5066282746310002;
export const ONE_OVER_SQRT_TWO_PI = 0.3989422804014327;
export const SQRT_HALF = Math.SQRT1_2;
export const SQRT_PI_OVER_TWO = 1.2533141373155003;
const ONE_OVER_SQRT_PI = 0.5641895835477563;

/** Beyond this the continued fraction (6 levels) is exact to rounding; below it the table is. */
const ERFCX_CONTINUED_FRACTION_FROM = 50;
const ERFCX_CONTINUED_FRACTION_LEVELS = 6;
const ERFCX_STRIDE = ERFCX_DEGREE + 1;
/** erfc(x) underflows to zero beyond this. */
const ERFC_UNDERFLOW_FROM = 27.3;
/** Splitting x into a 4-bit-fraction head keeps exp(-x²) exact to rounding: head² is exact. */
const SQUARE_SPLIT_SCALE = 16;

/** exp(-x²) without the error of rounding x² (relative error ~ε instead of ~x²ε). */
export function expMinusSquare(x: number): number {
  const head = Math.trunc(x * SQUARE_SPLIT_SCALE) / SQUARE_SPLIT_SCALE;
  return Math.exp(-head * head) * Math.exp(-(x - head) * (x + head));
}

/** exp(x²), split as above. */
export function expSquare(x: number): number {
  const head = Math.trunc(x * SQUARE_SPLIT_SCALE) / SQUARE_SPLIT_SCALE;
  return Math.exp(head * head) * Math.exp((x - head) * (x + head));
}

/**
 * erfcx(x) for x ≥ 0 (NaN for NaN). Kept small (table lookup and Horner) so that V8 inlines it: a call
 * it does not inline boxes the double argument and result. It calls nothing itself: when one return came
 * from a call V8 did not inline, the merged result was a tagged value and every erfcx — the common table
 * branch included — allocated a HeapNumber at each inlined call site.
 */
export function erfcxNonNegative(x: number): number {
  if (!(x < ERFCX_CONTINUED_FRACTION_FROM)) {
    let t = x;
    for (let k = ERFCX_CONTINUED_FRACTION_LEVELS; k > 0; k--) {
      t = x + (0.5 * k) / t;
    }
    return ONE_OVER_SQRT_PI / t;
  }
  const n = ERFCX_INTERVALS;
  const y = 4 / (4 + x);
  const i = Math.min(Math.floor(y * n), n - 1);
  // The offset inside the interval, 2·(y·n − i) − 1 = (4(n − i) − i·x)·y/2 − 1, is formed without
  // subtracting from the rounded y·n: that would amplify y's rounding n-fold (and erfcx's error near 0).
  const u = (4 * (n - i) - i * x) * y * 0.5 - 1;
  const base = i * ERFCX_STRIDE;
  let p = ERFCX_COEFFICIENTS[base + ERFCX_DEGREE]!;
  for (let j = base + ERFCX_DEGREE - 1; j >= base; j--) {
    p = p * u + ERFCX_COEFFICIENTS[j]!;
  }
  return p;
}

/**
 * workspace[slot] ← erfcx(workspace[slot]) for a non-negative argument. For call sites where V8 may not
 * inline erfcxNonNegative: a pointer and a small integer cross the call instead of boxed doubles.
 */
export function erfcxNonNegativeInPlace(workspace: Float64Array, slot: number): void {
  workspace[slot] = erfcxNonNegative(workspace[slot]!);
}

/** workspace[slot] ← approximateInverseNormCdf(workspace[slot]) (see erfcxNonNegativeInPlace). */
export function approximateInverseNormCdfInPlace(workspace: Float64Array, slot: number): void {
  workspace[slot] = approximateInverseNormCdf(workspace[slot]!);
}

/** erfcx(x) = exp(x²)·erfc(x). */
export function erfcx(x: number): number {
  return x >= 0 ? erfcxNonNegative(x) : 2 * expSquare(x) - erfcxNonNegative(-x);
}

/** erfc(x), relative accuracy near ε for all x where it does not underflow. */
export function erfc(x: number): number {
  if (x >= 0) {
    return x > ERFC_UNDERFLOW_FROM ? 0 : erfcxNonNegative(x) * expMinusSquare(x);
  }
  return x < -ERFC_UNDERFLOW_FROM ? 2 : 2 - erfcxNonNegative(-x) * expMinusSquare(x);
}

/** Standard normal cumulative distribution Φ(z). */
export function normCdf(z: number): number {
  return 0.5 * erfc(-z * SQRT_HALF);
}

/** Standard normal density φ(z). */
export function normPdf(z: number): number {
  return ONE_OVER_SQRT_TWO_PI * expMinusSquare(z * SQRT_HALF);
}

// Abramowitz & Stegun 26.2.23 (|error| < 4.5e-4), refined by Halley steps on our Φ.
const AS_C0 = 2.515517;
const AS_C1 = 0.802853;
const AS_C2 = 0.010328;
const AS_D1 = 1.432788;
const AS_D2 = 0.189269;
const AS_D3 = 0.001308;
const INVERSE_CDF_HALLEY_STEPS = 2;
const CUBE_OF_HALF = 0.125;
const TWO_THIRDS_NEGATED = -2 / 3;

/** Φ⁻¹(p) for 0 < p < 1; ±Infinity at 0 and 1. Accurate to ~1e-15 relative away from p ≈ 1. */
export function inverseNormCdf(p: number): number {
  return refinedInverseNormCdf(p, INVERSE_CDF_HALLEY_STEPS);
}

/** Φ⁻¹(p) to about 4.5e-4 absolute (A&S 26.2.23 alone), for p in (0, 1): enough for the solver's guesses. */
export function approximateInverseNormCdf(p: number): number {
  const tail = p < 0.5 ? p : 1 - p;
  const t = Math.sqrt(-2 * Math.log(tail));
  const magnitude = t - (AS_C0 + t * (AS_C1 + t * AS_C2)) / (1 + t * (AS_D1 + t * (AS_D2 + t * AS_D3)));
  return p < 0.5 ? -magnitude : magnitude;
}

/**
 * workspace[slot] ← approximateInverseNormCdf(p) for p = u^{1/3} < ½, given u (the lower-branch guess's
 * argument): ln p = ln(u)/3 spares the cube root. Falls back to the cube root for u ≥ 1/8.
 */
export function approximateInverseNormCdfOfCubeRootInPlace(workspace: Float64Array, slot: number): void {
  const u = workspace[slot]!;
  if (!(u < CUBE_OF_HALF)) {
    workspace[slot] = Math.cbrt(u);
    approximateInverseNormCdfInPlace(workspace, slot);
    return;
  }
  const t = Math.sqrt(TWO_THIRDS_NEGATED * Math.log(u));
  workspace[slot] = (AS_C0 + t * (AS_C1 + t * AS_C2)) / (1 + t * (AS_D1 + t * (AS_D2 + t * AS_D3))) - t;
}

function refinedInverseNormCdf(p: number, halleySteps: number): number {
  if (!(p > 0)) {
    return p === 0 ? -Infinity : NaN;
  }
  if (!(p < 1)) {
    return p === 1 ? Infinity : NaN;
  }
  const tail = p < 0.5 ? p : 1 - p;
  const t = Math.sqrt(-2 * Math.log(tail));
  const magnitude = t - (AS_C0 + t * (AS_C1 + t * AS_C2)) / (1 + t * (AS_D1 + t * (AS_D2 + t * AS_D3)));
  let z = p < 0.5 ? -magnitude : magnitude;
  for (let step = 0; step < halleySteps; step++) {
    const residual = (normCdf(z) - p) / normPdf(z);
    z -= residual / (1 + 0.5 * z * residual);
  }
  return z;
}
