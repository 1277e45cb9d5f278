import type { SimInstrument } from '../contracts/simulator.contracts.js';
import { black76Price } from '../market/black76.js';
import type { MarketModel } from '../market/market-model.js';

/** A derivative position or order: signed quantity (positive long). */
export interface DerivativeLeg {
  instrument: SimInstrument;
  quantity: number;
}

/** Price scan range as a multiple of the underlying's annual volatility (NIFTY 13% → 6.5%). */
const PRICE_SCAN_VOL_MULTIPLE = 0.5;
/** Relative volatility shift of the volatility scenarios. */
const VOL_SCAN = 0.25;
/** SPAN's price scenarios as fractions of the scan range, each with both volatility shifts. */
const PRICE_STEPS = [-1, -2 / 3, -1 / 3, 0, 1 / 3, 2 / 3, 1];
/** Extreme moves (twice the range) count at this weight, as in SPAN (they bite short far-OTM options). */
const EXTREME_MOVE = 2;
const EXTREME_WEIGHT = 0.35;
/** Exchange exposure (extreme-loss) margin on futures and short options, share of notional. */
export const EXPOSURE_RATE = 0.02;

interface PricedLeg {
  quantity: number;
  isFuture: boolean;
  isCall: boolean;
  forward: number;
  strike: number;
  years: number;
  vol: number;
  rate: number;
  base: number;
}

const priceAt = (leg: PricedLeg, move: number, volShift: number): number =>
  leg.isFuture
    ? leg.forward * (1 + move)
    : black76Price(leg.isCall, leg.forward * (1 + move), leg.strike, leg.years, leg.vol * (1 + volShift), leg.rate);

const priced = (leg: DerivativeLeg, market: MarketModel, now: number): PricedLeg | undefined => {
  const truth = market.groundTruth(leg.instrument.instrumentToken, now);
  if (!truth) {
    return undefined;
  }
  const p: PricedLeg = {
    quantity: leg.quantity,
    isFuture: leg.instrument.kind === 'FUT',
    isCall: leg.instrument.kind === 'CE',
    forward: truth.forward,
    strike: truth.strike,
    years: truth.timeToExpiryYears,
    vol: truth.modelVol ?? 0,
    rate: truth.rate,
    base: 0,
  };
  p.base = priceAt(p, 0, 0);
  return p;
};

/** The underlying index's scan range, from its volatility. */
const priceScanRange = (market: MarketModel, underlyingToken: number): number => {
  const spec = market.options.underlyings.find((u) => u.indexExchangeToken * 256 + 9 === underlyingToken);
  return (spec?.vol ?? 0.15) * PRICE_SCAN_VOL_MULTIPLE;
};

/**
 * SPAN-like scan risk of derivative legs on one underlying: the worst loss over price moves within the
 * scan range (and weighted extreme moves), each with volatility up and down. Hedged legs offset.
 */
export const scanRisk = (legs: readonly DerivativeLeg[], market: MarketModel, now: number): number => {
  const pricedLegs = legs.map((leg) => priced(leg, market, now)).filter((p) => p !== undefined);
  if (pricedLegs.length === 0) {
    return 0;
  }
  const range = priceScanRange(market, legs[0]!.instrument.underlyingToken);
  const loss = (move: number, volShift: number): number =>
    -pricedLegs.reduce((sum, leg) => sum + leg.quantity * (priceAt(leg, move, volShift) - leg.base), 0);
  let worst = 0;
  for (const volShift of [VOL_SCAN, -VOL_SCAN]) {
    for (const step of PRICE_STEPS) {
      worst = Math.max(worst, loss(step * range, volShift));
    }
    for (const side of [-1, 1]) {
      worst = Math.max(worst, EXTREME_WEIGHT * loss(side * EXTREME_MOVE * range, volShift));
    }
  }
  return worst;
};

const carriesRisk = (leg: DerivativeLeg): boolean => leg.instrument.kind === 'FUT' || leg.quantity < 0;

/**
 * Scan risk summed over underlyings: legs on different indices do not offset. An underlying holding only
 * long options needs none (their premium is paid in full); long options do offset shorts and futures.
 */
export const portfolioScanRisk = (legs: readonly DerivativeLeg[], market: MarketModel, now: number): number => {
  const byUnderlying = new Map<number, DerivativeLeg[]>();
  for (const leg of legs) {
    const group = byUnderlying.get(leg.instrument.underlyingToken) ?? [];
    group.push(leg);
    byUnderlying.set(leg.instrument.underlyingToken, group);
  }
  let total = 0;
  for (const group of byUnderlying.values()) {
    if (group.some(carriesRisk)) {
      total += scanRisk(group, market, now);
    }
  }
  return total;
};

/** Exposure margin: futures on their own notional, short options on the underlying's. Long options none. */
export const exposureMargin = (leg: DerivativeLeg, market: MarketModel, now: number): number => {
  const kind = leg.instrument.kind;
  if ((kind === 'CE' || kind === 'PE') && leg.quantity >= 0) {
    return 0;
  }
  const priceToken = kind === 'FUT' ? leg.instrument.instrumentToken : leg.instrument.underlyingToken;
  const price = market.tick(priceToken, now)?.lastPrice ?? 0;
  return price * Math.abs(leg.quantity) * EXPOSURE_RATE;
};
