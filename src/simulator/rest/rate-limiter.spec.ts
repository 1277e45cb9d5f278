import { describe, expect, it } from 'vitest';
import { DEFAULT_RATE_LIMITS, RateLimiter } from './rate-limiter.js';

describe('RateLimiter', () => {
  it('applies Kite’s per-key sliding windows', () => {
    let now = 0;
    const limiter = new RateLimiter(DEFAULT_RATE_LIMITS, () => now);
    expect(limiter.tryAcquire('a', 'quote')).toBe(true);
    expect(limiter.tryAcquire('a', 'quote')).toBe(false);
    expect(limiter.tryAcquire('b', 'quote')).toBe(true);
    now = 999;
    expect(limiter.tryAcquire('a', 'quote')).toBe(false);
    now = 1_000;
    expect(limiter.tryAcquire('a', 'quote')).toBe(true);
    for (let k = 0; k < 3; k += 1) {
      expect(limiter.tryAcquire('a', 'historical')).toBe(true);
    }
    expect(limiter.tryAcquire('a', 'historical')).toBe(false);
  });

  it('caps orders per second, minute and day', () => {
    let now = 0;
    const limiter = new RateLimiter({ ...DEFAULT_RATE_LIMITS, ordersPerMinute: 15, ordersPerDay: 20 }, () => now);
    const burst = (): number =>
      Array.from({ length: 12 }, () => limiter.tryAcquire('k', 'orders')).filter(Boolean).length;
    expect(burst()).toBe(10);
    now += 1_000;
    expect(burst()).toBe(5);
    now += 60_000;
    expect(burst()).toBe(5);
    now += 86_400_000;
    expect(burst()).toBe(10);
  });

  it('treats 0 as unlimited and can be reconfigured', () => {
    const limiter = new RateLimiter({ ...DEFAULT_RATE_LIMITS, otherPerSecond: 0 }, () => 0);
    expect(Array.from({ length: 100 }, () => limiter.tryAcquire('k', 'other')).every(Boolean)).toBe(true);
    limiter.configure({ otherPerSecond: 1 });
    expect(limiter.tryAcquire('k', 'other')).toBe(true);
    expect(limiter.tryAcquire('k', 'other')).toBe(false);
  });
});
