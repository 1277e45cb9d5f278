import type { RateLimitConfig } from '../../../config/sections/accounts.config.js';

/** Kite's REST rate-limit windows, all counted per API key (kite-protocol.md §4 and §11). */
export const KITE_RATE_WINDOWS = [
  'quote',
  'historical',
  'orders_second',
  'orders_minute',
  'orders_day',
  'other',
] as const;
export type KiteRateWindow = (typeof KITE_RATE_WINDOWS)[number];

export type RateWindowSpec =
  /** At most `limit` calls in any `windowMs` (a sliding window, the strictest reading of Kite's limits). */
  | { kind: 'sliding'; limit: number; windowMs: number }
  /** At most `limit` calls per IST calendar day. */
  | { kind: 'ist_day'; limit: number };

const SECOND_MS = 1_000;
const MINUTE_MS = 60_000;

/** The window specs for one API key; the safety margin widens every sliding window. */
export const rateWindowSpecs = (config: RateLimitConfig): Record<KiteRateWindow, RateWindowSpec> => {
  const sliding = (limit: number, windowMs: number): RateWindowSpec => ({
    kind: 'sliding',
    limit,
    windowMs: windowMs + config.safetyMarginMs,
  });
  return {
    quote: sliding(config.quotePerSecond, SECOND_MS),
    historical: sliding(config.historicalPerSecond, SECOND_MS),
    orders_second: sliding(config.ordersPerSecond, SECOND_MS),
    orders_minute: sliding(config.ordersPerMinute, MINUTE_MS),
    orders_day: { kind: 'ist_day', limit: config.ordersPerDay },
    other: sliding(config.otherPerSecond, SECOND_MS),
  };
};
