import { describe, expect, it } from 'vitest';
import { AppConfig } from '../../config/index.js';
import { AccountDataCache, ORDER_SENSITIVE_KINDS } from './account-data-cache.js';
import type { CacheLookupResult, PortfolioMetrics } from './portfolio.metrics.js';

class RecordingMetrics {
  readonly lookups: string[] = [];
  readonly invalidations: string[] = [];
  readonly evictions: string[] = [];
  entries = 0;
  lookup(kind: string, result: CacheLookupResult) {
    this.lookups.push(`${kind}:${result}`);
  }
  invalidated(reason: string) {
    this.invalidations.push(reason);
  }
  evicted(kind: string) {
    this.evictions.push(kind);
  }
  size(entries: number) {
    this.entries = entries;
  }
}

const cacheWith = (env: Record<string, string> = {}) => {
  const metrics = new RecordingMetrics();
  const config = AppConfig.fromEnv({ PORTFOLIO_POSITIONS_CACHE_TTL_MS: '10000', ...env });
  return { cache: new AccountDataCache(config, metrics as unknown as PortfolioMetrics), metrics };
};

/** A load whose answer the test releases, to interleave it with invalidations. */
const deferred = <T>() => {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
};

describe('AccountDataCache', () => {
  it('should serve a second read from memory and share a Kite call among concurrent misses', async () => {
    const { cache, metrics } = cacheWith();
    let calls = 0;
    const load = () => Promise.resolve(++calls);
    const [a, b] = await Promise.all([
      cache.get('primary', 'positions', '', load),
      cache.get('primary', 'positions', '', load),
    ]);
    expect([a, b, await cache.get('primary', 'positions', '', load)]).toEqual([1, 1, 1]);
    expect(calls).toBe(1);
    expect(metrics.lookups).toEqual(['positions:miss', 'positions:shared', 'positions:hit']);
  });

  it('should never store a read that started before an invalidation, nor let later reads join it', async () => {
    const { cache } = cacheWith();
    const stale = deferred<string>();
    const first = cache.get('primary', 'positions', '', () => stale.promise);
    cache.invalidate('primary', ORDER_SENSITIVE_KINDS, 'order_update');
    const second = cache.get('primary', 'positions', '', () => Promise.resolve('fresh'));
    stale.resolve('stale');
    expect(await first).toBe('stale');
    expect(await second).toBe('fresh');
    expect(await cache.get('primary', 'positions', '', () => Promise.resolve('unused'))).toBe('fresh');
  });

  it('should drop only the invalidated kinds of the invalidated account', async () => {
    const { cache, metrics } = cacheWith({ PORTFOLIO_PROFILE_CACHE_TTL_MS: '60000' });
    await cache.get('primary', 'profile', '', () => Promise.resolve('profile-1'));
    await cache.get('primary', 'positions', '', () => Promise.resolve('positions-1'));
    await cache.get('secondary', 'positions', '', () => Promise.resolve('other-1'));
    cache.invalidate('primary', ORDER_SENSITIVE_KINDS, 'order_update');
    expect(await cache.get('primary', 'profile', '', () => Promise.resolve('profile-2'))).toBe('profile-1');
    expect(await cache.get('primary', 'positions', '', () => Promise.resolve('positions-2'))).toBe('positions-2');
    expect(await cache.get('secondary', 'positions', '', () => Promise.resolve('other-2'))).toBe('other-1');
    expect(metrics.invalidations).toEqual(['order_update']);
  });

  it('should not cache a kind whose TTL is 0, nor a failed read', async () => {
    const { cache, metrics } = cacheWith({ PORTFOLIO_POSITIONS_CACHE_TTL_MS: '0' });
    let calls = 0;
    await cache.get('primary', 'positions', '', () => Promise.resolve(++calls));
    await cache.get('primary', 'positions', '', () => Promise.resolve(++calls));
    expect(calls).toBe(2);
    expect(metrics.lookups).toEqual(['positions:bypass', 'positions:bypass']);
    const failing = cacheWith().cache;
    await expect(failing.get('primary', 'holdings', '', () => Promise.reject(new Error('down')))).rejects.toThrow(
      'down',
    );
    expect(await failing.get('primary', 'holdings', '', () => Promise.resolve('up'))).toBe('up');
  });

  it('should hold at most PORTFOLIO_CACHE_MAX_ENTRIES entries, evicting the least recently used and counting it', async () => {
    const { cache, metrics } = cacheWith({ PORTFOLIO_CACHE_MAX_ENTRIES: '2' });
    await cache.get('a', 'positions', '', () => Promise.resolve(1));
    await cache.get('b', 'positions', '', () => Promise.resolve(2));
    await cache.get('a', 'positions', '', () => Promise.resolve(0));
    await cache.get('c', 'positions', '', () => Promise.resolve(3));
    expect(cache.size).toBe(2);
    expect(metrics.evictions).toEqual(['positions']);
    expect(await cache.get('b', 'positions', '', () => Promise.resolve(20))).toBe(20);
  });
});
