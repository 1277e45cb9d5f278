import { BLACK_TOLERANCE, BLACK_WORKSPACE_SLOTS, FULL_ACCURACY_TOLERANCE } from './normalised-black.js';
import { RATIONAL_CUBIC_SLOTS } from './rational-cubic.js';

/**
 * Workspace slots (after the evaluator's). Inputs: SOLVER_BETA, SOLVER_X. Outputs: SOLVER_S and, when it is
 * finite and positive, b and ∂b/∂s there. The others are scratch. Passing one Float64Array instead of
 * numbers keeps V8 from boxing doubles across calls it does not inline.
 */
export const SOLVER_BETA = BLACK_WORKSPACE_SLOTS;
export const SOLVER_X = BLACK_WORKSPACE_SLOTS + 1;
export const SOLVER_S = BLACK_WORKSPACE_SLOTS + 2;
export const SOLVER_VALUE = BLACK_WORKSPACE_SLOTS + 3;
export const SOLVER_VEGA = BLACK_WORKSPACE_SLOTS + 4;
export const B_MAX = BLACK_WORKSPACE_SLOTS + 5;
export const GUESS = BLACK_WORKSPACE_SLOTS + 6;
export const BRACKET_LEFT = BLACK_WORKSPACE_SLOTS + 7;
export const BRACKET_RIGHT = BLACK_WORKSPACE_SLOTS + 8;
export const NODE_S = BLACK_WORKSPACE_SLOTS + 9;
export const NODE_B = BLACK_WORKSPACE_SLOTS + 10;
/** ∂b/∂s at the node: lets the lower-branch guess take one exponential from it instead of Math.exp. */
export const NODE_VEGA = BLACK_WORKSPACE_SLOTS + 11;
/** Rational-cubic interpolation slots (RC_* offsets). */
export const CUBIC = BLACK_WORKSPACE_SLOTS + 12;
/** Argument and result of in-place special functions. */
export const SCRATCH = CUBIC + RATIONAL_CUBIC_SLOTS;
export const SOLVER_WORKSPACE_SLOTS = SCRATCH + 1;

/** Truncation tolerance of the evaluations that only place the initial guess (s_l, s_h). */
export const GUESS_TOLERANCE = 1e-11;

export function createSolverWorkspace(): Float64Array {
  const workspace = new Float64Array(SOLVER_WORKSPACE_SLOTS);
  workspace[BLACK_TOLERANCE] = FULL_ACCURACY_TOLERANCE;
  return workspace;
}
