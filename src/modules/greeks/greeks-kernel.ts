import { solveNormalisedVolatility } from './implied-volatility.js';
import {
  SCRATCH,
  SOLVER_BETA,
  SOLVER_S,
  SOLVER_VALUE,
  SOLVER_VEGA,
  SOLVER_WORKSPACE_SLOTS,
  SOLVER_X,
} from './solver-workspace.js';
import {
  BLACK_S,
  BLACK_TOLERANCE,
  FULL_ACCURACY_TOLERANCE,
  BLACK_VALUE,
  BLACK_VEGA,
  BLACK_X,
  evaluateNormalisedBlack,
  normalisedBlackOtmCall,
} from './normalised-black.js';
import { SQRT_HALF, SQRT_TWO_PI, erfcxNonNegativeInPlace } from './special-functions.js';
import {
  DAYS_PER_YEAR,
  type GreeksBatchInput,
  type GreeksBatchOutput,
  type GreeksModelConfig,
  OptionKind,
  OptionStatus,
} from './greeks.types.js';

/**
 * The batch kernel: implied volatility, model price and five Greeks per option over
 * struct-of-arrays buffers. It never throws; each option gets a status (see OptionStatus).
 */

const VOLATILITY_POINT = 0.01;
const RATE_POINT = 0.01;
/** Kernel workspace: the solver's slots, then the batch's rate and theta scale (kept out of call arguments). */
const RATE_SLOT = SOLVER_WORKSPACE_SLOTS;
const PER_DAY_SLOT = SOLVER_WORKSPACE_SLOTS + 1;
const KERNEL_WORKSPACE_SLOTS = SOLVER_WORKSPACE_SLOTS + 2;

function kernelWorkspace(config: GreeksModelConfig): Float64Array {
  const workspace = new Float64Array(KERNEL_WORKSPACE_SLOTS); // one per batch call, not per option
  workspace[BLACK_TOLERANCE] = FULL_ACCURACY_TOLERANCE;
  workspace[RATE_SLOT] = config.rate;
  workspace[PER_DAY_SLOT] = 1 / DAYS_PER_YEAR[config.timeBasis];
  return workspace;
}

/** Below this |F/K − 1| the log is formed as log1p((F − K)/K): F − K is exact there (Sterbenz). */
const LOG1P_MONEYNESS_LIMIT = 0.5;

/** ln(F/K) without the absolute error of rounding F/K (which dominates near the money). */
export function logMoneyness(forward: number, strike: number, forwardMinusStrike = forward - strike): number {
  const relative = forwardMinusStrike / strike;
  return Math.abs(relative) < LOG1P_MONEYNESS_LIMIT ? Math.log1p(relative) : Math.log(forward / strike);
}

/** Undiscounted Black price for σ√T = s: intrinsic + √(FK)·b with the cancellation-free b. */
export function undiscountedBlackPrice(
  theta: number,
  forward: number,
  strike: number,
  forwardMinusStrike: number,
  s: number,
): number {
  const difference = theta * forwardMinusStrike;
  const intrinsic = difference > 0 ? difference : 0;
  const x = logMoneyness(forward, strike, forwardMinusStrike);
  return intrinsic + Math.sqrt(forward * strike) * normalisedBlackOtmCall(-Math.abs(x), s);
}

/** Model price of one option at volatility sigma under the configuration. */
export function modelPrice(
  kind: OptionKind,
  underlying: number,
  strike: number,
  timeToExpiry: number,
  sigma: number,
  config: GreeksModelConfig,
): number {
  const theta = kind === OptionKind.Put ? -1 : 1;
  if (!(timeToExpiry > 0)) {
    return Math.max(theta * (underlying - strike), 0);
  }
  const discount = Math.exp(-config.rate * timeToExpiry);
  const carry = config.model === 'black-scholes' ? underlying * Math.expm1(config.rate * timeToExpiry) : 0;
  return (
    discount *
    undiscountedBlackPrice(
      theta,
      underlying + carry,
      strike,
      underlying - strike + carry,
      sigma * Math.sqrt(timeToExpiry),
    )
  );
}

function fail(output: GreeksBatchOutput, i: number, status: OptionStatus): void {
  output.impliedVolatility[i] = Number.NaN;
  output.price[i] = Number.NaN;
  output.delta[i] = Number.NaN;
  output.gamma[i] = Number.NaN;
  output.theta[i] = Number.NaN;
  output.vega[i] = Number.NaN;
  output.rho[i] = Number.NaN;
  output.status[i] = status;
}

/** Reads the inputs itself: doubles passed to this (not inlined) call would be boxed. theta is ±1, a small integer. */
function expire(input: GreeksBatchInput, output: GreeksBatchOutput, i: number, theta: number): void {
  const difference = theta * (input.underlying[i]! - input.strike[i]!);
  output.impliedVolatility[i] = Number.NaN;
  output.price[i] = difference > 0 ? difference : 0;
  // The limit of delta at expiry: 0 or ±1, and ±½ exactly at the strike.
  output.delta[i] = difference > 0 ? theta : difference === 0 ? 0.5 * theta : 0;
  output.gamma[i] = 0;
  output.theta[i] = 0;
  output.vega[i] = 0;
  output.rho[i] = 0;
  output.status[i] = OptionStatus.Expired;
}

function isPositiveFinite(value: number): boolean {
  return value > 0 && value < Infinity;
}

/**
 * Evaluates option i. With `volatilities` it prices at volatilities[i] (the premium is ignored); without,
 * it implies the volatility from the premium first. Numbers travel in `workspace`, never as arguments.
 */
function evaluateOption(
  input: GreeksBatchInput,
  output: GreeksBatchOutput,
  i: number,
  blackScholes: boolean,
  volatilities: Float64Array | undefined,
  workspace: Float64Array,
): void {
  const rate = workspace[RATE_SLOT]!;
  const perDay = workspace[PER_DAY_SLOT]!;
  const volatility = volatilities ? volatilities[i]! : Number.NaN;
  const underlying = input.underlying[i]!;
  const strike = input.strike[i]!;
  const tte = input.timeToExpiry[i]!;
  const premium = input.premium[i]!;
  const kind = input.kind[i]!;
  const theta = kind === OptionKind.Put ? -1 : 1;
  const solve = volatilities === undefined;
  if (
    !Number.isFinite(rate) ||
    kind > OptionKind.Put ||
    !isPositiveFinite(underlying) ||
    !isPositiveFinite(strike) ||
    !Number.isFinite(tte) ||
    !isPositiveFinite(solve ? premium : volatility)
  ) {
    fail(output, i, OptionStatus.InvalidInput);
    return;
  }
  if (tte <= 0) {
    expire(input, output, i, theta);
    return;
  }
  // Black-Scholes: F − K = (S − K) + S·(e^{rT} − 1), exact to rounding even at the money; e^{−rT} from the
  // same expm1.
  const growthMinusOne = rate === 0 ? 0 : Math.expm1(rate * tte);
  const discount = 1 / (1 + growthMinusOne);
  const carry = blackScholes ? underlying * growthMinusOne : 0;
  const forward = underlying + carry;
  const forwardMinusStrike = underlying - strike + carry;
  const difference = theta * forwardMinusStrike;
  const intrinsic = difference > 0 ? difference : 0;
  // ln(F/K), as logMoneyness() (inlined: doubles passed to a call V8 does not inline are boxed).
  const relative = forwardMinusStrike / strike;
  const x = Math.abs(relative) < LOG1P_MONEYNESS_LIMIT ? Math.log1p(relative) : Math.log(forward / strike);
  const sqrtT = Math.sqrt(tte);
  let s = volatility * sqrtT;
  if (solve) {
    const undiscountedPremium = premium / discount;
    if (undiscountedPremium <= intrinsic) {
      fail(output, i, OptionStatus.BelowIntrinsic);
      return;
    }
    if (undiscountedPremium >= (theta > 0 ? forward : strike)) {
      fail(output, i, OptionStatus.AboveMaximum);
      return;
    }
    const beta = (undiscountedPremium - intrinsic) / Math.sqrt(forward * strike);
    workspace[SOLVER_BETA] = beta;
    workspace[SOLVER_X] = -Math.abs(x);
    solveNormalisedVolatility(workspace);
    s = workspace[SOLVER_S]!;
    if (!(s > 0 && s < Infinity)) {
      fail(output, i, s === Infinity ? OptionStatus.AboveMaximum : OptionStatus.BelowIntrinsic);
      return;
    }
  }
  const sigma = s / sqrtT;
  output.impliedVolatility[i] = sigma;
  const rootFK = Math.sqrt(forward * strike);
  let normalisedVegaValue: number;
  let timeValue: number;
  if (solve) {
    normalisedVegaValue = workspace[SOLVER_VEGA]!;
    timeValue = workspace[SOLVER_VALUE]!;
  } else {
    workspace[BLACK_X] = -Math.abs(x);
    workspace[BLACK_S] = s;
    evaluateNormalisedBlack(workspace);
    normalisedVegaValue = workspace[BLACK_VEGA]!;
    timeValue = workspace[BLACK_VALUE]!;
  }
  const price = discount * (intrinsic + rootFK * timeValue);
  // ∂V/∂σ = D·F·φ(d1)·√T = D·√(FK)·∂b/∂s·√T
  const vega = discount * rootFK * normalisedVegaValue * sqrtT;
  // e^{−d1²/2} = √(2π)·b'·e^{−x/2} and e^{−d2²/2} = √(2π)·b'·e^{x/2}: Φ(±d1,2) need no further exponential.
  const d1 = x / s + 0.5 * s;
  const gaussian = SQRT_TWO_PI * normalisedVegaValue;
  const halfMoneyness = rootFK / forward; // √(K/F) = e^{−x/2}
  // Φ(z) = ½·erfcx(−z/√2)·e^{−z²/2}, complemented for z > 0 so that erfcx never overflows.
  const z1 = theta * d1;
  const gaussian1 = gaussian * halfMoneyness;
  workspace[SCRATCH] = Math.abs(z1) * SQRT_HALF;
  erfcxNonNegativeInPlace(workspace, SCRATCH);
  const tail1 = 0.5 * workspace[SCRATCH]! * gaussian1; // Φ(−|z1|)
  const cdfD1 = z1 <= 0 ? tail1 : 1 - tail1;
  const decay = (vega * sigma) / (2 * tte);
  output.price[i] = price;
  output.vega[i] = vega * VOLATILITY_POINT;
  if (blackScholes) {
    // θ·K·D·Φ(θd2) from V = θD(F·Φ(θd1) − K·Φ(θd2)): a sum of positives for puts; for calls a difference
    // that only loses log10(F/K) digits deep in the money (≤ 1 digit for |ln F/K| ≤ 2).
    const strikeLeg = theta * discount * forward * cdfD1 - price;
    output.delta[i] = theta * cdfD1;
    output.gamma[i] = vega / (underlying * underlying * sigma * tte);
    output.theta[i] = (-decay - rate * strikeLeg) * perDay;
    output.rho[i] = strikeLeg * tte * RATE_POINT;
  } else {
    output.delta[i] = theta * discount * cdfD1;
    output.gamma[i] = vega / (forward * forward * sigma * tte);
    output.theta[i] = (-decay + rate * price) * perDay;
    output.rho[i] = -tte * price * RATE_POINT;
  }
  output.status[i] = OptionStatus.Ok;
}

/**
 * Implied volatility, model price and Greeks for options [start, end) of the batch, in place, from the
 * premiums. `config` is read once; the loop never throws and allocates nothing per option (0 heap bytes
 * per option in `npm run bench:greeks`): numbers cross the calls V8 does not inline in the workspace, never as
 * arguments or return values, which V8 would box as HeapNumbers.
 */
export function evaluateGreeksBatch(
  input: GreeksBatchInput,
  output: GreeksBatchOutput,
  config: GreeksModelConfig,
  start: number,
  end: number,
): void {
  const blackScholes = config.model === 'black-scholes';
  const workspace = kernelWorkspace(config);
  for (let i = start; i < end; i++) {
    evaluateOption(input, output, i, blackScholes, undefined, workspace);
  }
}

/**
 * Price and Greeks at given volatilities (premiums ignored; impliedVolatility echoes the input). A
 * non-positive or NaN volatility is reported as invalid input.
 */
export function evaluateGreeksAtVolatility(
  input: GreeksBatchInput,
  volatility: Float64Array,
  output: GreeksBatchOutput,
  config: GreeksModelConfig,
  start: number,
  end: number,
): void {
  const blackScholes = config.model === 'black-scholes';
  const workspace = kernelWorkspace(config);
  for (let i = start; i < end; i++) {
    evaluateOption(input, output, i, blackScholes, volatility, workspace);
  }
}
