import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RateLimitConfig } from '../../../config/sections/accounts.config.js';
import { type KitePacer as Pacer, KitePacer, PacingRefusedError, type Release } from './kite-pacer.js';
import { type KiteRateWindow, rateWindowSpecs } from './kite-rate-windows.js';
import { MemoryRateLimitStore } from './rate-limit-store.js';

const LIMITS: RateLimitConfig = {
  quotePerSecond: 1,
  historicalPerSecond: 3,
  ordersPerSecond: 10,
  ordersPerMinute: 400,
  ordersPerDay: 5_000,
  otherPerSecond: 10,
  safetyMarginMs: 0,
  maxWaiters: 100,
};
/** 2026-12-01 15:00 IST. */
const TUESDAY_AFTERNOON = Date.parse('2026-12-01T09:30:00Z');

const pacer = (limits: Partial<RateLimitConfig> = {}, options: { maxWaitMs?: number; now?: () => number } = {}) =>
  new KitePacer(new MemoryRateLimitStore(), {
    keyPrefix: `test${Math.random()}`,
    windows: rateWindowSpecs({ ...LIMITS, ...limits }),
    maxWaiters: limits.maxWaiters ?? LIMITS.maxWaiters,
    maxWaitMs: options.maxWaitMs ?? 600_000,
    leaseMs: 7_000,
    now: options.now ?? (() => TUESDAY_AFTERNOON),
  });

/** Admission times (fake-clock ms) of `count` acquisitions started together; each call completes at once. */
const admissionTimes = async (sut: Pacer, windows: KiteRateWindow[], count: number, runFor: number) => {
  const start = Date.now();
  const times: number[] = [];
  for (let i = 0; i < count; i += 1) {
    void sut.acquire(windows).then((release) => {
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

describe(KitePacer.name, () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('should admit up to the limit at once and pace the rest so that no window exceeds it', async () => {
    const times = await admissionTimes(pacer(), ['historical'], 10, 5_000);
    expect(times).toHaveLength(10);
    expect(times.slice(0, 3)).toEqual([0, 0, 0]);
    expect(peak(times, 1_000)).toBe(3);
    expect(times[9]).toBe(3_000);
  });

  it("should pace quotes at Kite's 1/s plus the safety margin, independently of other calls", async () => {
    const sut = pacer({ safetyMarginMs: 50 });
    const quotes = await admissionTimes(sut, ['quote'], 3, 3_000);
    expect(quotes).toEqual([0, 1_050, 2_100]);
    const others = await admissionTimes(sut, ['other'], 10, 10);
    expect(others).toHaveLength(10);
  });

  it('should honour every window of a call at once (10 per second and the per-minute cap)', async () => {
    const times = await admissionTimes(
      pacer({ ordersPerMinute: 25 }),
      ['orders_second', 'orders_minute', 'orders_day'],
      40,
      130_000,
    );
    expect(times).toHaveLength(40);
    expect(peak(times, 1_000)).toBeLessThanOrEqual(10);
    expect(peak(times, 60_000)).toBeLessThanOrEqual(25);
  });

  it('should count modifications and cancellations against both the order and the other windows', async () => {
    const sut = pacer({ otherPerSecond: 2 });
    const changes = await admissionTimes(sut, ['orders_second', 'orders_minute', 'other'], 4, 1_500);
    expect(changes).toEqual([0, 0, 1_000, 1_000]);
  });

  it('should admit in FIFO order', async () => {
    const sut = pacer();
    const order: number[] = [];
    for (const id of [1, 2, 3]) {
      void sut.acquire(['quote']).then((release) => {
        order.push(id);
        release();
      });
    }
    await vi.advanceTimersByTimeAsync(3_000);
    expect(order).toEqual([1, 2, 3]);
  });

  it('should count a call from its answer, so a slow call delays the next admission', async () => {
    const sut = pacer();
    const release = await sut.acquire(['quote']);
    let admittedAt: number | undefined;
    void sut.acquire(['quote']).then(() => {
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

  it('should refuse at once, with a Retry-After estimate, when the wait queue is full', async () => {
    const sut = pacer({ maxWaiters: 2 });
    (await sut.acquire(['quote']))();
    const waiting = [sut.acquire(['quote']), sut.acquire(['quote'])];
    const refused = await sut.acquire(['quote']).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(PacingRefusedError);
    expect(refused).toMatchObject({ reason: 'queue_full', retryAfterMs: 3_000 });
    await vi.advanceTimersByTimeAsync(1_000);
    (await waiting[0]!)();
    await vi.advanceTimersByTimeAsync(1_000);
    await expect(waiting[1]).resolves.toBeTypeOf('function');
  });

  it('should give up on a waiter after the maximum wait and keep serving the others', async () => {
    const sut = pacer({}, { maxWaitMs: 1_500 });
    (await sut.acquire(['quote']))();
    const first = sut.acquire(['quote']);
    const second = sut.acquire(['quote']);
    const secondOutcome = expect(second).rejects.toMatchObject({ reason: 'wait_timeout' });
    await vi.advanceTimersByTimeAsync(1_500);
    const release: Release = await first;
    release();
    await secondOutcome;
    expect(sut.waiting(['quote'])).toBe(0);
  });

  it('should refuse placements at once once the daily cap is used, until midnight IST', async () => {
    const sut = pacer({ ordersPerDay: 2 }, { maxWaitMs: 15_000 });
    const placement: KiteRateWindow[] = ['orders_second', 'orders_minute', 'orders_day'];
    (await sut.acquire(placement))();
    (await sut.acquire(placement))();
    const refused = await sut.acquire(placement).catch((e: unknown) => e);
    // 15:00 IST → midnight IST is nine hours away.
    expect(refused).toMatchObject({ reason: 'wait_exceeded', retryAfterMs: 9 * 3_600_000 });
    const cancel = await sut.acquire(['orders_second', 'orders_minute', 'other']);
    expect(cancel).toBeTypeOf('function');
  });

  it('should back off a full window after Kite answers 429', async () => {
    const sut = pacer({ otherPerSecond: 5 });
    await sut.penalise(['other']);
    const times = await admissionTimes(sut, ['other'], 1, 2_000);
    expect(times).toEqual([1_000]);
  });

  it('should fail every waiter and every later call once closed', async () => {
    const sut = pacer();
    (await sut.acquire(['quote']))();
    const waiting = sut.acquire(['quote']);
    sut.close(new Error('shutting down'));
    await expect(waiting).rejects.toMatchObject({ reason: 'closed' });
    await expect(sut.acquire(['other'])).rejects.toMatchObject({ reason: 'closed' });
  });
});
