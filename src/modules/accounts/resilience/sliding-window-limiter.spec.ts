import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiKeyRateLimiter } from './api-key-rate-limiter.js';
import {
  LimiterQueueFullError,
  LimiterWaitTimeoutError,
  type Release,
  SlidingWindowLimiter,
} from './sliding-window-limiter.js';

/** Admission times (fake-clock ms) of `count` acquisitions started together. */
const admissionTimes = async (acquire: () => Promise<Release>, count: number, runFor: number): Promise<number[]> => {
  const start = Date.now();
  const times: number[] = [];
  for (let i = 0; i < count; i += 1) {
    void acquire().then((release) => {
      times.push(Date.now() - start);
      release();
    });
  }
  await vi.advanceTimersByTimeAsync(runFor);
  return times;
};

/** The most admissions inside any window of `windowMs`. */
const peak = (times: number[], windowMs: number): number =>
  Math.max(...times.map((t) => times.filter((u) => u >= t && u < t + windowMs).length));

describe(SlidingWindowLimiter.name, () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('should admit up to the limit at once and pace the rest so no window exceeds it', async () => {
    const sut = new SlidingWindowLimiter([{ limit: 3, windowMs: 1_000 }], 100, 60_000);
    const times = await admissionTimes(() => sut.acquire(), 10, 5_000);
    expect(times).toHaveLength(10);
    expect(times.slice(0, 3)).toEqual([0, 0, 0]);
    expect(peak(times, 1_000)).toBe(3);
    expect(times[9]).toBe(3_000);
  });

  it('should honour every window at once (per second and per minute)', async () => {
    const sut = new SlidingWindowLimiter(
      [
        { limit: 10, windowMs: 1_000 },
        { limit: 25, windowMs: 60_000 },
      ],
      100,
      120_000,
    );
    const times = await admissionTimes(() => sut.acquire(), 30, 121_000);
    expect(peak(times, 1_000)).toBe(10);
    expect(peak(times, 60_000)).toBe(25);
    expect(times[25]).toBe(60_000);
  });

  it('should admit in FIFO order', async () => {
    const sut = new SlidingWindowLimiter([{ limit: 1, windowMs: 100 }], 10, 10_000);
    const order: number[] = [];
    for (const id of [1, 2, 3]) {
      void sut.acquire().then((release) => {
        order.push(id);
        release();
      });
    }
    await vi.advanceTimersByTimeAsync(300);
    expect(order).toEqual([1, 2, 3]);
  });

  it('should count a call from its completion, so a slow call delays the next admission', async () => {
    const sut = new SlidingWindowLimiter([{ limit: 1, windowMs: 1_000 }], 10, 60_000);
    const release = await sut.acquire();
    let admittedAt: number | undefined;
    void sut.acquire().then(() => {
      admittedAt = Date.now();
    });
    const start = Date.now();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(admittedAt).toBeUndefined();
    release();
    await vi.advanceTimersByTimeAsync(999);
    expect(admittedAt).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(admittedAt! - start).toBe(6_000);
  });

  it('should reject at once when the wait queue is full', async () => {
    const sut = new SlidingWindowLimiter([{ limit: 1, windowMs: 1_000 }], 2, 60_000);
    (await sut.acquire())();
    const waiting = [sut.acquire(), sut.acquire()];
    await expect(sut.acquire()).rejects.toBeInstanceOf(LimiterQueueFullError);
    await vi.advanceTimersByTimeAsync(1_000);
    (await waiting[0]!)();
    await vi.advanceTimersByTimeAsync(1_000);
    await expect(waiting[1]).resolves.toBeTypeOf('function');
  });

  it('should give up on a waiter after the maximum wait and keep serving the others', async () => {
    const sut = new SlidingWindowLimiter([{ limit: 1, windowMs: 1_000 }], 10, 1_500);
    (await sut.acquire())();
    const first = sut.acquire();
    const second = sut.acquire();
    const secondOutcome = expect(second).rejects.toBeInstanceOf(LimiterWaitTimeoutError);
    await vi.advanceTimersByTimeAsync(1_500);
    await expect(first).resolves.toBeTypeOf('function');
    await secondOutcome;
    expect(sut.waiting).toBe(0);
  });
});

describe(ApiKeyRateLimiter.name, () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it("should pace quotes at Kite's 1/s plus the safety margin, independently of other endpoints", async () => {
    const sut = new ApiKeyRateLimiter(
      {
        quotePerSecond: 1,
        historicalPerSecond: 3,
        ordersPerSecond: 10,
        ordersPerMinute: 400,
        otherPerSecond: 10,
        safetyMarginMs: 50,
        maxWaiters: 100,
      },
      60_000,
    );
    const quotes = await admissionTimes(() => sut.acquire('quote'), 3, 3_000);
    expect(quotes).toEqual([0, 1_050, 2_100]);
    const others = await admissionTimes(() => sut.acquire('other'), 10, 10);
    expect(others).toHaveLength(10);
  });
});
