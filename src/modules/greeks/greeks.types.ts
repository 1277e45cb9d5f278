/** Outcome of one evaluation. Every non-ok status leaves NaN in the outputs it could not compute. */
export const OptionStatus = {
  /** IV, price and Greeks computed. */
  Ok: 0,
  /** Premium at or below the (discounted) intrinsic value: no time value, no implied volatility. */
  BelowIntrinsic: 1,
  /** Premium at or above the no-arbitrage maximum (D·F for a call, D·K for a put). */
  AboveMaximum: 2,
  /** Time to expiry ≤ 0: price = intrinsic value, Greeks at their limits (delta 0/±1, others 0), IV NaN. */
  Expired: 3,
  /** NaN/infinite input, non-positive premium, strike or underlying (e.g. a missing forward). */
  InvalidInput: 4,
} as const;
export type OptionStatus = (typeof OptionStatus)[keyof typeof OptionStatus];
export const OPTION_STATUS_COUNT = 5;
export const OPTION_STATUS_NAMES = ['ok', 'below_intrinsic', 'above_max', 'expired', 'invalid_input'] as const;
export type OptionStatusName = (typeof OPTION_STATUS_NAMES)[number];

/** Option side in the batch's Uint8Array. */
export const OptionKind = { Call: 0, Put: 1 } as const;
export type OptionKind = (typeof OptionKind)[keyof typeof OptionKind];

/**
 * black76: Black-76 on each expiry's forward (underlying = forward F), discounting at `rate`.
 * black-scholes: Black-Scholes on the spot index (underlying = spot S), forward S·e^{rT} (NSE option-chain mode).
 */
export type PricingModel = 'black76' | 'black-scholes';
/** calendar: ACT/365 to 15:30 IST on expiry day. trading: remaining session minutes / (252 × 375). */
export type TimeBasis = 'calendar' | 'trading';

/**
 * The one object that selects model and conventions. Units of the outputs:
 *   theta per day of the time basis (calendar day /365, or trading day /252), vega per 1 volatility point
 *   (σ + 0.01), rho per 1 percentage point of rate (r + 0.01); delta and gamma with respect to the
 *   underlying the model prices on (the forward for black76, the spot for black-scholes).
 */
export interface GreeksModelConfig {
  readonly model: PricingModel;
  /** Continuously compounded annual rate (0.10 = 10 %). */
  readonly rate: number;
  readonly timeBasis: TimeBasis;
}

/** Days per year of each time basis: theta is reported per one such day. */
export const DAYS_PER_YEAR: Readonly<Record<TimeBasis, number>> = { calendar: 365, trading: 252 };

/** Struct-of-arrays inputs. All arrays have at least `count` elements. */
export interface GreeksBatchInput {
  /** Forward (black76) or spot (black-scholes). */
  readonly underlying: Float64Array;
  readonly strike: Float64Array;
  /** Time to expiry in years of the configured basis. */
  readonly timeToExpiry: Float64Array;
  /** Option premium (mid or last). */
  readonly premium: Float64Array;
  /** OptionKind per option. */
  readonly kind: Uint8Array;
}

/** Struct-of-arrays outputs, written in place. */
export interface GreeksBatchOutput {
  readonly impliedVolatility: Float64Array;
  readonly price: Float64Array;
  readonly delta: Float64Array;
  readonly gamma: Float64Array;
  readonly theta: Float64Array;
  readonly vega: Float64Array;
  readonly rho: Float64Array;
  readonly status: Uint8Array;
}

export interface GreeksBatch {
  readonly count: number;
  readonly input: GreeksBatchInput;
  readonly output: GreeksBatchOutput;
}

/** Scalar API result. */
export interface OptionGreeks {
  readonly status: OptionStatusName;
  readonly impliedVolatility: number;
  readonly price: number;
  readonly delta: number;
  readonly gamma: number;
  readonly theta: number;
  readonly vega: number;
  readonly rho: number;
}

export interface OptionQuote {
  readonly kind: 'call' | 'put';
  /** Forward (black76) or spot (black-scholes). */
  readonly underlying: number;
  readonly strike: number;
  readonly timeToExpiry: number;
  readonly premium: number;
}
