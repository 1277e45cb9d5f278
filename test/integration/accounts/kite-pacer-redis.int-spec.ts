import { Redis } from 'ioredis';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { RateLimitConfig } from '../../../src/config/sections/accounts.config.js';
import { KitePacer } from '../../../src/modules/accounts/resilience/kite-pacer.js';
import { rateWindowSpecs } from '../../../src/modules/accounts/resilience/kite-rate-windows.js';
import { RedisRateLimitStore } from '../../../src/modules/accounts/resilience/rate-limit-store.js';
import { TcpProxy } from '../../support/tcp-proxy.js';
import { deleteRedisKeys, uniqueRedisPrefix } from '../../support/test-app.js';
import { TEST_REDIS_URL } from '../../support/test-services.js';

const LIMITS: RateLimitConfig = {
  quotePerSecond: 1,
  historicalPerSecond: 3,
  ordersPerSecond: 10,
  ordersPerMinute: 400,
  ordersPerDay: 5_000,
  otherPerSecond: 10,
  safetyMarginMs: 50,
  maxWaiters: 100,
};
/** Long enough that a second quote in the same window can only mean the limit was not shared. */
const LONG_WAIT_MS = 60_000;

describe('Kite pacing counted in Redis', () => {
  const prefix = uniqueRedisPrefix();
  const clients: Redis[] = [];
  const pacers: KitePacer[] = [];
  let fallbacks = 0;

  const client = (url = TEST_REDIS_URL) => {
    const redis = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 0, commandTimeout: 1_000 });
    redis.on('error', () => undefined);
    clients.push(redis);
    return redis;
  };
  const pacerOn = (redis: Redis, keyPrefix: string) => {
    const pacer = new KitePacer(
      new RedisRateLimitStore(redis, prefix, () => {
        fallbacks += 1;
      }),
      {
        keyPrefix,
        windows: rateWindowSpecs(LIMITS),
        maxWaiters: 10,
        maxWaitMs: LONG_WAIT_MS,
        leaseMs: 7_000,
        now: () => Date.parse('2026-12-01T09:30:00Z'),
      },
    );
    pacers.push(pacer);
    return pacer;
  };
  const ready = (redis: Redis) => expect.poll(() => redis.status, { timeout: 10_000 }).toBe('ready');

  afterEach(() => {
    pacers.splice(0).forEach((pacer) => pacer.close(new Error('test over')));
  });

  afterAll(async () => {
    clients.forEach((redis) => redis.disconnect());
    await deleteRedisKeys(prefix);
  });

  it('should let two instances on one API key share one quote slot per second', async () => {
    const [a, b] = [client(), client()];
    await Promise.all([ready(a), ready(b)]);
    const first = pacerOn(a, 'shared-key');
    const second = pacerOn(b, 'shared-key');
    (await first.acquire(['quote']))();
    let secondAdmitted = false;
    const pending = second.acquire(['quote']).then((release) => {
      secondAdmitted = true;
      release();
    });
    // The lane is resting in Redis: the other instance must wait for it, not take a slot of its own.
    await expect.poll(() => second.waiting(['quote'])).toBe(1);
    expect(secondAdmitted).toBe(false);
    await pending;
    expect(secondAdmitted).toBe(true);
    expect(fallbacks).toBe(0);
    const keys = await a.keys(`${prefix}*`);
    expect(keys.some((key) => key.includes('shared-key:quote'))).toBe(true);
  });

  it('should keep pacing in process, and count the fallback, while Redis cannot be reached', async () => {
    const proxy = new TcpProxy('127.0.0.1', Number(new URL(TEST_REDIS_URL).port || 6379));
    const port = await proxy.start();
    const redis = client(`redis://127.0.0.1:${port}`);
    await ready(redis);
    const pacer = pacerOn(redis, 'outage-key');
    await proxy.stop();
    await expect.poll(() => redis.status).not.toBe('ready');
    const release = await pacer.acquire(['other']);
    release();
    expect(fallbacks).toBeGreaterThan(0);
    // Still paced: a quote slot used in process is not handed out twice in the same second.
    (await pacer.acquire(['quote']))();
    let second = false;
    const pending = pacer.acquire(['quote']).then((r) => {
      second = true;
      r();
    });
    await expect.poll(() => pacer.waiting(['quote'])).toBe(1);
    expect(second).toBe(false);
    await pending;
  });
});
