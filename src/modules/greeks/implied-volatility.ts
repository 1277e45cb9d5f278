import {
  BLACK_S,
  BLACK_TOLERANCE,
  BLACK_VALUE,
  BLACK_VEGA,
  BLACK_X,
  FULL_ACCURACY_TOLERANCE,
  evaluateNormalisedBlack,
} from './normalised-black.js';
import { interpolateCubic, lowerBranchGuess, upperBranchGuess } from './initial-guess.js';
import { RC_CURVATURE, RC_DL, RC_DR, RC_RESULT, RC_XL, RC_XR, RC_YL, RC_YR } from './rational-cubic.js';
import {
  BRACKET_LEFT,
  BRACKET_RIGHT,
  B_MAX,
  CUBIC,
  GUESS,
  GUESS_TOLERANCE,
  NODE_B,
  NODE_S,
  NODE_VEGA,
  SCRATCH,
  SOLVER_BETA,
  SOLVER_S,
  SOLVER_VALUE,
  SOLVER_VEGA,
  SOLVER_X,
  createSolverWorkspace,
} from './solver-workspace.js';
import { ONE_OVER_SQRT_TWO_PI, erfcxNonNegativeInPlace } from './special-functions.js';

/**
 * Implied normalised volatility s = σ√T for an out-of-the-money call (x = ln(F/K) ≤ 0), after Jäckel's
 * "Let's Be Rational": four branches split at the inflection point s_c = √(2|x|) and the tangent
 * intersections s_l, s_h; a rational-cubic initial guess in each branch (in transformed coordinates in the
 * two outer branches); then at most two Householder(3) steps on an objective that is nearly linear in
 * that branch. Written from the published description of the method.
 */

export const HOUSEHOLDER_ITERATIONS = 2;
const EPS = Number.EPSILON;

const enumObjective = { lower: 0, middle: 1, upper: 2 } as const;
type Objective = (typeof enumObjective)[keyof typeof enumObjective];

/** Attainable relative accuracy of an implied volatility: (1 + |b/(s·∂b/∂s)|)·ε (Jäckel). */
export function attainableRelativeAccuracy(beta: number, s: number, vega: number): number {
  return (1 + Math.abs(beta / (s * vega))) * EPS;
}

/** Largest final step for which b and b' at s come from the last evaluation's Taylor expansion. */
const TAYLOR_REUSE_MAX_STEP = 1e-4;
const ONE_SIXTH = 1 / 6;

/** Householder(3) steps from the guess s on the branch's objective, kept inside [sLeft, sRight]. */
function refine(workspace: Float64Array, objective: Objective): void {
  const beta = workspace[SOLVER_BETA]!;
  const x = workspace[SOLVER_X]!;
  const bMax = workspace[B_MAX]!;
  let s = workspace[GUESS]!;
  let sLeft = workspace[BRACKET_LEFT]!;
  let sRight = workspace[BRACKET_RIGHT]!;
  let ds = Number.MAX_VALUE;
  // The last evaluation, for the value and vega at the returned s.
  let lastS = Number.NaN;
  let lastB = Number.NaN;
  let lastVega = Number.NaN;
  let lastHalley = 0;
  let lastHh3 = 0;
  const lnBeta = objective === enumObjective.lower ? Math.log(beta) : 0;
  const inverseLnBeta = 1 / lnBeta;
  for (let iteration = 0; iteration < HOUSEHOLDER_ITERATIONS && Math.abs(ds) > EPS * s; iteration++) {
    if (iteration > 0 && !(s > sLeft && s < sRight)) {
      // A step left the bracket (only for extreme |x|): bisect instead.
      s = 0.5 * (sLeft + sRight);
      if (sRight - sLeft <= EPS * s) {
        break;
      }
    }
    // All but the last step only need b to the accuracy their step leaves behind (~1e-11 or better).
    workspace[BLACK_TOLERANCE] = iteration + 1 < HOUSEHOLDER_ITERATIONS ? GUESS_TOLERANCE : FULL_ACCURACY_TOLERANCE;
    workspace[BLACK_X] = x;
    workspace[BLACK_S] = s;
    evaluateNormalisedBlack(workspace);
    workspace[BLACK_TOLERANCE] = FULL_ACCURACY_TOLERANCE;
    const bp = workspace[BLACK_VEGA]!;
    const b = workspace[BLACK_VALUE]!;
    if (b > beta && s < sRight) {
      sRight = s;
    } else if (b < beta && s > sLeft) {
      sLeft = s;
    }
    // Divisions are the slow arithmetic here: one reciprocal per quantity, then products.
    const inverseS = 1 / s;
    const h = x * inverseS;
    const hOverS = h * inverseS;
    const halleyOfB = h * hOverS - 0.25 * s; // b''/b'
    const hh3OfB = halleyOfB * halleyOfB - 3 * hOverS * hOverS - 0.25; // b'''/b'
    lastS = s;
    lastB = b;
    lastVega = bp;
    lastHalley = halleyOfB;
    lastHh3 = hh3OfB;
    // Newton step and the Householder ratios g''/g', g'''/g' of the branch's objective g.
    let newton = (beta - b) / bp; // g(s) = b(s) − β
    let halley = halleyOfB;
    let hh3 = hh3OfB;
    let bisect = false;
    if (objective === enumObjective.lower) {
      // g(s) = 1/ln b(s) − 1/ln β
      bisect = !(b > 0 && bp > 0);
      const lnB = Math.log(b);
      const inverseLnB = 1 / lnB;
      const bpOverB = bp / b;
      const halleyTerm = bpOverB * (1 + 2 * inverseLnB);
      newton = (lnBeta - lnB) * lnB * inverseLnBeta * (b / bp);
      halley = halleyOfB - halleyTerm;
      hh3 = hh3OfB + 2 * bpOverB * bpOverB * (1 + 3 * inverseLnB * (1 + inverseLnB)) - 3 * halleyOfB * halleyTerm;
    } else if (objective === enumObjective.upper) {
      // g(s) = ln((b_max − β)/(b_max − b(s)))
      bisect = !(b < bMax && bp > Number.MIN_VALUE);
      const gap = bMax - b;
      const gp = bp / gap;
      newton = -Math.log((bMax - beta) / gap) / gp;
      halley = halleyOfB + gp;
      hh3 = hh3OfB + gp * (2 * gp + 3 * halleyOfB);
    }
    // Householder(3): s += ν·(1 + ½·h₂·ν)/(1 + ν·(h₂ + h₃·ν/6)); bisect where the objective underflowed.
    ds = bisect
      ? 0.5 * (sLeft + sRight) - s
      : (newton * (1 + 0.5 * halley * newton)) / (1 + newton * (halley + hh3 * newton * ONE_SIXTH));
    ds = Math.max(-0.5 * s, ds);
    s += ds;
  }
  workspace[SOLVER_S] = s;
  // b(s) and b'(s) at the solution. The last step is tiny (the previous iterate is already accurate to
  // ~1e-8 or better), so third-order Taylor expansions from the last evaluation, with b''/b' and b'''/b'
  // at hand, are exact to rounding and spare a fresh evaluation.
  const step = s - lastS;
  if (Math.abs(step) <= TAYLOR_REUSE_MAX_STEP * s) {
    workspace[SOLVER_VALUE] = lastB + lastVega * step * (1 + step * (0.5 * lastHalley + (step * lastHh3) / 6));
    workspace[SOLVER_VEGA] = lastVega * (1 + step * (lastHalley + 0.5 * step * lastHh3));
    return;
  }
  workspace[BLACK_X] = x;
  workspace[BLACK_S] = s;
  evaluateNormalisedBlack(workspace);
  workspace[SOLVER_VALUE] = workspace[BLACK_VALUE]!;
  workspace[SOLVER_VEGA] = workspace[BLACK_VEGA]!;
}

/**
 * Solves normalisedBlackOtmCall(x, s) = β for s, with β = workspace[SOLVER_BETA] and x = workspace[SOLVER_X] ≤ 0.
 * Writes SOLVER_S: 0 when β ≤ 0 (no time value), +Infinity when β ≥ e^{x/2} (above the maximum price), NaN
 * only for NaN inputs; otherwise s > 0 with b and ∂b/∂s there in SOLVER_VALUE and SOLVER_VEGA.
 */
export function solveNormalisedVolatility(workspace: Float64Array): void {
  const beta = workspace[SOLVER_BETA]!;
  const x = workspace[SOLVER_X]!;
  if (!(beta > 0)) {
    workspace[SOLVER_S] = beta === 0 || beta < 0 ? 0 : Number.NaN;
    return;
  }
  const bMax = Math.exp(0.5 * x);
  if (!(beta < bMax)) {
    workspace[SOLVER_S] = beta >= bMax ? Infinity : Number.NaN;
    return;
  }
  workspace[B_MAX] = bMax;
  const sC = Math.sqrt(-2 * x);
  // At s_c, h² + t² = |x|: the vega there is e^{x/2}/√(2π).
  const vC = ONE_OVER_SQRT_TWO_PI * bMax;
  // At s_c, h + t = 0 and s_c² = −2x, so b_c = ½e^{x/2} − e^{−x/2}·Φ(−s_c) = ½·b_max·(1 − erfcx(√|x|)). It only
  // selects the branch and anchors the interpolation, so this one-erfcx form (relative error ≲ ε/√|x|) is ample.
  workspace[SCRATCH] = Math.sqrt(-x);
  erfcxNonNegativeInPlace(workspace, SCRATCH);
  const bC = 0.5 * bMax * (1 - workspace[SCRATCH]!);
  if (beta < bC) {
    const sL = sC - bC / vC;
    workspace[BLACK_TOLERANCE] = GUESS_TOLERANCE;
    workspace[BLACK_X] = x;
    workspace[BLACK_S] = sL;
    evaluateNormalisedBlack(workspace);
    workspace[BLACK_TOLERANCE] = FULL_ACCURACY_TOLERANCE;
    const vL = workspace[BLACK_VEGA]!;
    const bL = workspace[BLACK_VALUE]!;
    if (beta < bL) {
      workspace[NODE_S] = sL;
      workspace[NODE_B] = bL;
      workspace[NODE_VEGA] = vL;
      lowerBranchGuess(workspace);
      workspace[BRACKET_LEFT] = 0;
      workspace[BRACKET_RIGHT] = sL;
      refine(workspace, enumObjective.lower);
      return;
    }
    workspace[CUBIC + RC_XL] = bL;
    workspace[CUBIC + RC_XR] = bC;
    workspace[CUBIC + RC_YL] = sL;
    workspace[CUBIC + RC_YR] = sC;
    workspace[CUBIC + RC_DL] = 1 / vL;
    workspace[CUBIC + RC_DR] = 1 / vC;
    workspace[CUBIC + RC_CURVATURE] = 0;
    interpolateCubic(workspace, true, false);
    workspace[GUESS] = workspace[CUBIC + RC_RESULT]!;
    workspace[BRACKET_LEFT] = sL;
    workspace[BRACKET_RIGHT] = sC;
    refine(workspace, enumObjective.middle);
    return;
  }
  const sH = vC > Number.MIN_VALUE ? sC + (bMax - bC) / vC : sC;
  workspace[BLACK_TOLERANCE] = GUESS_TOLERANCE;
  workspace[BLACK_X] = x;
  workspace[BLACK_S] = sH;
  evaluateNormalisedBlack(workspace);
  workspace[BLACK_TOLERANCE] = FULL_ACCURACY_TOLERANCE;
  const vH = workspace[BLACK_VEGA]!;
  const bH = workspace[BLACK_VALUE]!;
  if (beta <= bH) {
    workspace[CUBIC + RC_XL] = bC;
    workspace[CUBIC + RC_XR] = bH;
    workspace[CUBIC + RC_YL] = sC;
    workspace[CUBIC + RC_YR] = sH;
    workspace[CUBIC + RC_DL] = 1 / vC;
    workspace[CUBIC + RC_DR] = 1 / vH;
    workspace[CUBIC + RC_CURVATURE] = 0;
    interpolateCubic(workspace, false, false);
    workspace[GUESS] = workspace[CUBIC + RC_RESULT]!;
    workspace[BRACKET_LEFT] = sC;
    workspace[BRACKET_RIGHT] = sH;
    refine(workspace, enumObjective.middle);
    return;
  }
  workspace[NODE_S] = sH;
  workspace[NODE_B] = bH;
  upperBranchGuess(workspace);
  workspace[BRACKET_LEFT] = sH;
  workspace[BRACKET_RIGHT] = Number.MAX_VALUE;
  // Near b_max the log objective linearises the problem; below half of it the plain difference is better.
  refine(workspace, beta > 0.5 * bMax ? enumObjective.upper : enumObjective.middle);
}

/** Convenience form of solveNormalisedVolatility (allocates its workspace: not for hot loops). */
export function impliedNormalisedVolatilityOtmCall(beta: number, x: number): number {
  const workspace = createSolverWorkspace();
  workspace[SOLVER_BETA] = beta;
  workspace[SOLVER_X] = x;
  solveNormalisedVolatility(workspace);
  return workspace[SOLVER_S]!;
}
