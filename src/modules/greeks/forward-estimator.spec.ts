import { describe, expect, it } from 'vitest';
import { type ParityQuotes, estimateForward } from './forward-estimator.js';

const OPTIONS = { parityStrikes: 5, maxAgeMs: 60_000 };
const FORWARD = 24_037.5;
const DISCOUNT = 1;

/** A chain priced so that every strike's parity forward is FORWARD (C − P = F − K), with a 1-point spread. */
function chain(strikes: number[], corrupt: (strike: number) => number = () => 0): ParityQuotes {
  const n = strikes.length;
  const quotes = {
    count: n,
    strike: Float64Array.from(strikes),
    callBid: new Float64Array(n),
    callAsk: new Float64Array(n),
    putBid: new Float64Array(n),
    putAsk: new Float64Array(n),
  };
  strikes.forEach((strike, i) => {
    const put = 100 + Math.abs(FORWARD - strike) / 2;
    const call = put + (FORWARD - strike) + corrupt(strike);
    quotes.callBid[i] = call - 0.5;
    quotes.callAsk[i] = call + 0.5;
    quotes.putBid[i] = put - 0.5;
    quotes.putAsk[i] = put + 0.5;
  });
  return quotes;
}

const strikes = [23_700, 23_800, 23_900, 24_000, 24_100, 24_200, 24_300];

describe('forward estimation', () => {
  it('should take the put-call-parity forward from the strikes nearest the money', () => {
    const estimate = estimateForward({ quotes: chain(strikes), discount: DISCOUNT, nowMs: 0 }, OPTIONS);
    expect(estimate).toEqual({ forward: FORWARD, source: 'parity', strikesUsed: 5 });
  });

  it('should not be moved by one bad quote', () => {
    const quotes = chain(strikes, (strike) => (strike === 24_000 ? 80 : 0));
    expect(estimateForward({ quotes, discount: DISCOUNT, nowMs: 0 }, OPTIONS).forward).toBe(FORWARD);
  });

  it('should fall back to the future, then the fresh last good forward, then report none', () => {
    const empty = chain([]);
    expect(estimateForward({ quotes: empty, discount: 1, futurePrice: 24_050, nowMs: 0 }, OPTIONS)).toEqual({
      forward: 24_050,
      source: 'future',
      strikesUsed: 0,
    });
    const lastGood = { forward: 24_010, atMs: 1_000 };
    expect(estimateForward({ quotes: empty, discount: 1, lastGood, nowMs: 30_000 }, OPTIONS).source).toBe('last_good');
    const stale = estimateForward({ quotes: empty, discount: 1, lastGood, nowMs: 120_000 }, OPTIONS);
    expect(stale.source).toBe('none');
    expect(stale.forward).toBeNaN();
  });

  it('should prefer a listed future when only one or two strikes have two-sided quotes', () => {
    const quotes = chain([24_000, 24_100]);
    const estimate = estimateForward({ quotes, discount: 1, futurePrice: 24_040, nowMs: 0 }, OPTIONS);
    expect(estimate.source).toBe('future');
  });
});
