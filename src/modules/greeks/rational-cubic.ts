/**
 * Delbourgo–Gregory rational cubic interpolation with a shape-preserving control parameter r, as used by
 * "Let's Be Rational" for its initial guesses. r = 3 is the cubic Hermite spline; r → ∞ tends to linear.
 *
 * Inputs and outputs live in a Float64Array at `base + RC_*` (V8 boxes doubles passed to calls it does not
 * inline; the solver's hot path should not allocate).
 */

export const RC_XL = 0;
export const RC_XR = 1;
export const RC_YL = 2;
export const RC_YR = 3;
export const RC_DL = 4;
export const RC_DR = 5;
/** Second derivative to match (at the left or right end). */
export const RC_CURVATURE = 6;
/** Control parameter r (output of the fitting functions, input of the interpolation). */
export const RC_R = 7;
/** Abscissa to interpolate at. */
export const RC_X = 8;
export const RC_RESULT = 9;
export const RATIONAL_CUBIC_SLOTS = 10;

const MINIMUM_CONTROL_PARAMETER = -(1 - Math.sqrt(Number.EPSILON));
const MAXIMUM_CONTROL_PARAMETER = 2 / (Number.EPSILON * Number.EPSILON);

/** Below this a value counts as zero (Jäckel's is_zero). */
const NEGLIGIBLE = Number.MIN_VALUE * 4;

/** The rational cubic through (xl, yl), (xr, yr) with slopes dl, dr and control parameter r, at x. */
export function rationalCubicInterpolation(w: Float64Array, base: number): void {
  const xl = w[base + RC_XL]!;
  const yl = w[base + RC_YL]!;
  const yr = w[base + RC_YR]!;
  const width = w[base + RC_XR]! - xl;
  const r = w[base + RC_R]!;
  if (!(Math.abs(width) > 0)) {
    w[base + RC_RESULT] = 0.5 * (yl + yr);
    return;
  }
  const t = (w[base + RC_X]! - xl) / width;
  if (!(r < MAXIMUM_CONTROL_PARAMETER)) {
    w[base + RC_RESULT] = yr * t + yl * (1 - t);
    return;
  }
  const u = 1 - t;
  const numerator =
    yr * t * t * t +
    (r * yr - width * w[base + RC_DR]!) * t * t * u +
    (r * yl + width * w[base + RC_DL]!) * t * u * u +
    yl * u * u * u;
  w[base + RC_RESULT] = numerator / (1 + (r - 3) * t * u);
}

/**
 * r matching the second derivative RC_CURVATURE at the left end (or the right end when `atRight`), raised to
 * the smallest r that keeps the interpolant monotone and convex/concave when the data allow it; written to
 * RC_R. (One function on purpose: helpers taking doubles would box them when V8 does not inline them.)
 */
export function fitConvexControlParameter(w: Float64Array, base: number, atRight: boolean, preferShape: boolean): void {
  const width = w[base + RC_XR]! - w[base + RC_XL]!;
  const slope = (w[base + RC_YR]! - w[base + RC_YL]!) / width;
  const dl = w[base + RC_DL]!;
  const dr = w[base + RC_DR]!;
  // r from the curvature condition
  const numerator = 0.5 * width * w[base + RC_CURVATURE]! + (dr - dl);
  const denominator = atRight ? dr - slope : slope - dl;
  let r: number;
  if (Math.abs(numerator) < NEGLIGIBLE) {
    r = 0;
  } else if (Math.abs(denominator) < NEGLIGIBLE) {
    r = numerator > 0 ? MAXIMUM_CONTROL_PARAMETER : MINIMUM_CONTROL_PARAMETER;
  } else {
    r = numerator / denominator;
  }
  // the shape-preserving minimum
  const monotonic = dl * slope >= 0 && dr * slope >= 0;
  const convex = dl <= slope && slope <= dr;
  const concave = dl >= slope && slope >= dr;
  let minimum = MINIMUM_CONTROL_PARAMETER;
  if (monotonic || convex || concave) {
    let forMonotonicity = -Number.MAX_VALUE;
    let forConvexity = -Number.MAX_VALUE;
    if (monotonic) {
      if (!(Math.abs(slope) < NEGLIGIBLE)) {
        forMonotonicity = (dr + dl) / slope;
      } else if (preferShape) {
        forMonotonicity = MAXIMUM_CONTROL_PARAMETER;
      }
    }
    if (convex || concave) {
      const rightGap = dr - slope;
      const leftGap = slope - dl;
      if (!(Math.abs(leftGap) < NEGLIGIBLE) && !(Math.abs(rightGap) < NEGLIGIBLE)) {
        forConvexity = Math.max(Math.abs((dr - dl) / rightGap), Math.abs((dr - dl) / leftGap));
      } else if (preferShape) {
        forConvexity = MAXIMUM_CONTROL_PARAMETER;
      }
    } else if (monotonic && preferShape) {
      forConvexity = MAXIMUM_CONTROL_PARAMETER;
    }
    minimum = Math.max(MINIMUM_CONTROL_PARAMETER, forMonotonicity, forConvexity);
  }
  w[base + RC_R] = Math.max(r, minimum);
}
