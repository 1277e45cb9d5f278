import type { RateLimitConfig } from '../../../config/sections/accounts.config.js';
import { type Release, SlidingWindowLimiter } from './sliding-window-limiter.js';

/** Kite's rate-limit buckets. Order placement also has a per-minute cap; everything else shares "other". */
export type KiteRateCategory = 'quote' | 'historical' | 'orders' | 'other';

const SECOND_MS = 1_000;
const MINUTE_MS = 60_000;

/** Client-side pacing for one API key, so normal operation never meets Kite's 429. */
export class ApiKeyRateLimiter {
  private readonly limiters: Record<KiteRateCategory, SlidingWindowLimiter>;

  constructor(config: RateLimitConfig, maxWaitMs: number, now: () => number = Date.now) {
    const window = (limit: number, windowMs: number) => ({ limit, windowMs: windowMs + config.safetyMarginMs });
    const limiter = (...windows: { limit: number; windowMs: number }[]) =>
      new SlidingWindowLimiter(windows, config.maxWaiters, maxWaitMs, now);
    this.limiters = {
      quote: limiter(window(config.quotePerSecond, SECOND_MS)),
      historical: limiter(window(config.historicalPerSecond, SECOND_MS)),
      orders: limiter(window(config.ordersPerSecond, SECOND_MS), window(config.ordersPerMinute, MINUTE_MS)),
      other: limiter(window(config.otherPerSecond, SECOND_MS)),
    };
  }

  /** Waits for a slot; call the returned release when the request has completed. */
  acquire(category: KiteRateCategory): Promise<Release> {
    return this.limiters[category].acquire();
  }

  waiting(category: KiteRateCategory): number {
    return this.limiters[category].waiting;
  }

  close(error: Error): void {
    for (const limiter of Object.values(this.limiters)) {
      limiter.close(error);
    }
  }
}
