/** Kite's documented REST rate limits, per API key. */
export interface RateLimits {
  quotePerSecond: number;
  historicalPerSecond: number;
  ordersPerSecond: number;
  ordersPerMinute: number;
  ordersPerDay: number;
  otherPerSecond: number;
}

export const DEFAULT_RATE_LIMITS: RateLimits = {
  quotePerSecond: 1,
  historicalPerSecond: 3,
  ordersPerSecond: 10,
  ordersPerMinute: 400,
  ordersPerDay: 5_000,
  otherPerSecond: 10,
};

export type RateCategory = 'quote' | 'historical' | 'orders' | 'other';

const SECOND_MS = 1_000;
const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** API keys tracked; the least recently seen is forgotten beyond this. */
const MAX_TRACKED_KEYS = 10_000;

/** Sliding window over the last `limit` request times (a ring), so memory is bounded by the limit. */
class SlidingWindow {
  private readonly times: Float64Array;
  private next = 0;
  private count = 0;

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {
    this.times = new Float64Array(Math.max(limit, 1));
  }

  wouldAllow(now: number): boolean {
    if (this.limit <= 0) {
      return true;
    }
    if (this.count < this.limit) {
      return true;
    }
    return this.times[this.next]! <= now - this.windowMs;
  }

  record(now: number): void {
    if (this.limit <= 0) {
      return;
    }
    this.times[this.next] = now;
    this.next = (this.next + 1) % this.limit;
    this.count = Math.min(this.count + 1, this.limit);
  }
}

/** Per-API-key limiter. A limit of 0 disables that window. */
export class RateLimiter {
  private readonly keys = new Map<string, Map<RateCategory, SlidingWindow[]>>();

  constructor(
    private limits: RateLimits,
    private readonly now: () => number = () => performance.now(),
  ) {}

  configure(limits: Partial<RateLimits>): RateLimits {
    this.limits = { ...this.limits, ...limits };
    this.keys.clear();
    return this.limits;
  }

  current(): RateLimits {
    return this.limits;
  }

  /** Counts the request when allowed; false means answer 429. */
  tryAcquire(apiKey: string, category: RateCategory): boolean {
    const windows = this.windowsFor(apiKey, category);
    const now = this.now();
    if (!windows.every((w) => w.wouldAllow(now))) {
      return false;
    }
    for (const w of windows) {
      w.record(now);
    }
    return true;
  }

  private windowsFor(apiKey: string, category: RateCategory): SlidingWindow[] {
    let perKey = this.keys.get(apiKey);
    if (!perKey) {
      if (this.keys.size >= MAX_TRACKED_KEYS) {
        const oldest = this.keys.keys().next();
        if (!oldest.done) {
          this.keys.delete(oldest.value);
        }
      }
      perKey = new Map();
      this.keys.set(apiKey, perKey);
    }
    let windows = perKey.get(category);
    if (!windows) {
      windows = this.build(category);
      perKey.set(category, windows);
    }
    return windows;
  }

  private build(category: RateCategory): SlidingWindow[] {
    const l = this.limits;
    switch (category) {
      case 'quote':
        return [new SlidingWindow(l.quotePerSecond, SECOND_MS)];
      case 'historical':
        return [new SlidingWindow(l.historicalPerSecond, SECOND_MS)];
      case 'orders':
        return [
          new SlidingWindow(l.ordersPerSecond, SECOND_MS),
          new SlidingWindow(l.ordersPerMinute, MINUTE_MS),
          new SlidingWindow(l.ordersPerDay, DAY_MS),
        ];
      case 'other':
        return [new SlidingWindow(l.otherPerSecond, SECOND_MS)];
    }
  }
}
