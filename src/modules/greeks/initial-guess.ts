import {
  RC_CURVATURE,
  RC_DL,
  RC_DR,
  RC_RESULT,
  RC_X,
  RC_XL,
  RC_XR,
  RC_YL,
  RC_YR,
  fitConvexControlParameter,
  rationalCubicInterpolation,
} from './rational-cubic.js';
import { B_MAX, CUBIC, GUESS, NODE_B, NODE_S, NODE_VEGA, SCRATCH, SOLVER_BETA, SOLVER_X } from './solver-workspace.js';
import {
  SQRT_HALF,
  SQRT_PI_OVER_TWO,
  SQRT_TWO_PI,
  approximateInverseNormCdfInPlace,
  approximateInverseNormCdfOfCubeRootInPlace,
  erfcxNonNegativeInPlace,
} from './special-functions.js';

/**
 * Initial guesses of "Let's Be Rational" (Jäckel): rational cubic interpolation of s(β) in the middle
 * branches, and of the lower and upper maps f(β) (which make b nearly linear in the wings) in the outer ones.
 */

const SQRT_THREE = Math.sqrt(3);
const TWO_PI_OVER_SQRT_27 = (2 * Math.PI) / Math.sqrt(27);
const PI_OVER_SIX = Math.PI / 6;
const HALF_PI = 0.5 * Math.PI;
/** Guard against overflow of the upper map's curvature (the interpolant then degrades to quadratic). */
const SQRT_DBL_MAX = Math.sqrt(Number.MAX_VALUE);
/** Below this (far from underflow) b'(s_l) stands in for an exponential in the lower-branch guess. */
const MIN_ACCURATE_NODE_VEGA = 1e-290;
/** u = s²/8 below which e^u is a degree-5 polynomial (u⁶/720 < 1.1e-12). */
const SMALL_TIME_SERIES_LIMIT = 0.03;

/** Fits r (at the right or left end) and interpolates at β into CUBIC + RC_RESULT. */
export function interpolateCubic(w: Float64Array, atRight: boolean, preferShape: boolean): void {
  fitConvexControlParameter(w, CUBIC, atRight, preferShape);
  w[CUBIC + RC_X] = w[SOLVER_BETA]!;
  rationalCubicInterpolation(w, CUBIC);
}

/** Reads β, x and the node (s_l, b_l); writes the guess. */
export function lowerBranchGuess(workspace: Float64Array): void {
  const beta = workspace[SOLVER_BETA]!;
  const x = workspace[SOLVER_X]!;
  const sL = workspace[NODE_S]!;
  const bL = workspace[NODE_B]!;
  const vL = workspace[NODE_VEGA]!;
  // The lower map f(s) = (2π|x|/√27)·Φ(−z)³, z = |x|/(√3·s), and its first two β-derivatives at s_l.
  // With m = erfcx(z/√2): Φ(−z) = ½·m·e^{−z²/2} and Φ(−z)/φ(z) = √(π/2)·m, so two exponentials suffice:
  // e^{1.5z²} and e^{s²/8}. Their product is e^{(h² + t²)/2} = 1/(√(2π)·b'(s_l)) (1.5z² = h²/2, s²/8 = t²/2), and
  // b'(s_l) is at hand, so only one Math.exp is needed — unless b'(s_l) is too small to be accurate.
  const ax = Math.abs(x);
  const z = ax / (SQRT_THREE * sL);
  const y = z * z;
  const s2 = sL * sL;
  // In-place erfcx and Φ⁻¹ (workspace slot, not double argument and result): nothing is boxed even where V8
  // does not inline them into this function.
  workspace[SCRATCH] = z * SQRT_HALF;
  erfcxNonNegativeInPlace(workspace, SCRATCH);
  const m = workspace[SCRATCH]!;
  // e^{s²/8} = e^{u}, u = t²/2: for the usual small s a Taylor polynomial (remainder < 1e-12 below the limit,
  // ample for an initial guess) instead of Math.exp, a C call costing ~10 ns.
  const u = 0.125 * s2;
  const smallTimeFactor =
    u < SMALL_TIME_SERIES_LIMIT ? 1 + u * (1 + u * (1 / 2 + u * (1 / 6 + u * (1 / 24 + u / 120)))) : Math.exp(u);
  const growth = vL > MIN_ACCURATE_NODE_VEGA ? 1 / (SQRT_TWO_PI * vL * smallTimeFactor) : Math.exp(1.5 * y);
  const fpp =
    ((PI_OVER_SIX * y) / (s2 * sL)) *
    (0.5 * m) *
    (8 * SQRT_THREE * sL * ax + (3 * s2 * (s2 - 8) - 8 * x * x) * SQRT_PI_OVER_TWO * m) *
    growth *
    smallTimeFactor *
    smallTimeFactor;
  const fp = HALF_PI * y * m * m * smallTimeFactor;
  const fL = (TWO_PI_OVER_SQRT_27 * ax * m * m * m) / (8 * growth);
  let f = Number.NaN;
  if (Math.abs(fpp) < Infinity && Math.abs(fp) < Infinity) {
    workspace[CUBIC + RC_XL] = 0;
    workspace[CUBIC + RC_XR] = bL;
    workspace[CUBIC + RC_YL] = 0;
    workspace[CUBIC + RC_YR] = fL;
    workspace[CUBIC + RC_DL] = 1;
    workspace[CUBIC + RC_DR] = fp;
    workspace[CUBIC + RC_CURVATURE] = fpp;
    interpolateCubic(workspace, true, true);
    f = workspace[CUBIC + RC_RESULT]!;
  }
  if (!(f > 0)) {
    // Quadratic through f(0) = 0, f'(0) = 1 and f(b_l): the fallback for extreme |x|.
    const t = beta / bL;
    f = (fL * t + bL * (1 - t)) * t;
  }
  // Inverse of the lower map: s = |x|/(√3·|Φ⁻¹((f/(2π|x|/√27))^{1/3})|).
  if (!(f > 0)) {
    workspace[GUESS] = 0;
    return;
  }
  workspace[SCRATCH] = f / (TWO_PI_OVER_SQRT_27 * ax);
  approximateInverseNormCdfOfCubeRootInPlace(workspace, SCRATCH);
  workspace[GUESS] = Math.abs(x / (SQRT_THREE * workspace[SCRATCH]!));
}

/** Reads β, x, b_max and the node (s_h, b_h); writes the guess. */
export function upperBranchGuess(workspace: Float64Array): void {
  const beta = workspace[SOLVER_BETA]!;
  const x = workspace[SOLVER_X]!;
  const bMax = workspace[B_MAX]!;
  const sH = workspace[NODE_S]!;
  const bH = workspace[NODE_B]!;
  // f_h = Φ(−s_h/2) = ½·erfcx(s_h/(2√2))·e^{−s_h²/8}
  workspace[SCRATCH] = 0.5 * sH * SQRT_HALF;
  erfcxNonNegativeInPlace(workspace, SCRATCH);
  const fH = 0.5 * workspace[SCRATCH]! * Math.exp(-0.125 * sH * sH);
  const w = (x / sH) * (x / sH);
  const fp = -0.5 * Math.exp(0.5 * w);
  const fpp = SQRT_PI_OVER_TWO * Math.exp(w + 0.125 * sH * sH) * (w / sH);
  let f = Number.NaN;
  if (fpp > -SQRT_DBL_MAX && fpp < SQRT_DBL_MAX) {
    workspace[CUBIC + RC_XL] = bH;
    workspace[CUBIC + RC_XR] = bMax;
    workspace[CUBIC + RC_YL] = fH;
    workspace[CUBIC + RC_YR] = 0;
    workspace[CUBIC + RC_DL] = fp;
    workspace[CUBIC + RC_DR] = -0.5;
    workspace[CUBIC + RC_CURVATURE] = fpp;
    interpolateCubic(workspace, false, true);
    f = workspace[CUBIC + RC_RESULT]!;
  }
  if (!(f > 0)) {
    // Quadratic through f(b_h), f(b_max) = 0 and f'(b_max) = −1/2.
    const width = bMax - bH;
    const t = (beta - bH) / width;
    f = (fH * (1 - t) + 0.5 * width * t) * (1 - t);
  }
  workspace[SCRATCH] = f;
  approximateInverseNormCdfInPlace(workspace, SCRATCH);
  workspace[GUESS] = -2 * workspace[SCRATCH]!;
}
