import { isolatedRedisMetrics } from '../../support/redis-metrics.js';
import { afterEach, describe, expect, it } from 'vitest';
import { AppConfig } from '../../../src/config/index.js';
import { RedisPublisher } from '../../../src/infra/redis/redis-publisher.js';
import { deleteRedisKeys, uniqueRedisPrefix } from '../../support/test-app.js';
import { TEST_REDIS_URL } from '../../support/test-services.js';

describe(RedisPublisher.name, () => {
  const cleanups: (() => Promise<void>)[] = [];

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) {
      await cleanup();
    }
  });

  const create = (env: Record<string, string> = {}) => {
    const prefix = uniqueRedisPrefix();
    const sut = new RedisPublisher(
      AppConfig.fromEnv({ REDIS_URL: TEST_REDIS_URL, REDIS_KEY_PREFIX: prefix, ...env }),
      isolatedRedisMetrics(),
    );
    cleanups.push(async () => {
      await sut.onApplicationShutdown();
      await deleteRedisKeys(prefix);
    });
    return { sut, prefix };
  };

  it('should publish a batch, pipelined, to the prefixed channel on a real Redis', async () => {
    const { sut } = create();
    const received: string[] = [];
    await sut.subscribe('ticks', (_channel, message) => received.push(message));
    const batch = Array.from({ length: 500 }, (_, i) => JSON.stringify({ seq: i }));
    expect(await sut.publishBatch('ticks', batch)).toEqual({ published: 500, dropped: 0 });
    await expect.poll(() => received.length, { timeout: 5_000 }).toBe(500);
    expect(received).toEqual(batch);
    expect(await sut.ping(1_000)).toBeGreaterThanOrEqual(0);
  });

  it('should drop, not buffer, batches beyond the offline bound while Redis is unreachable', async () => {
    const { sut } = create({ REDIS_URL: 'redis://127.0.0.1:1', REDIS_MAX_OFFLINE_QUEUE: '10' });
    expect(sut.isReady()).toBe(false);
    const result = await sut.publishBatch('ticks', Array.from({ length: 11 }, String));
    expect(result).toEqual({ published: 0, dropped: 11 });
    await expect(sut.ping(200)).rejects.toThrow();
  });
});
