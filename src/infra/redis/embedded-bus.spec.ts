import { isolatedRedisMetrics } from '../../../test/support/redis-metrics.js';
import { describe, expect, it } from 'vitest';
import { AppConfig } from '../../config/index.js';
import { EmbeddedBus } from './embedded-bus.js';

const nextMacrotask = () => new Promise((resolve) => setImmediate(resolve));

describe(EmbeddedBus.name, () => {
  const create = (maxPending = 100) =>
    new EmbeddedBus(AppConfig.fromEnv({ EMBEDDED_BUS_MAX_PENDING: String(maxPending) }), isolatedRedisMetrics());

  it('should deliver a batch to every subscriber of the channel, asynchronously and in order', async () => {
    const sut = create();
    const received: string[] = [];
    await sut.subscribe('ticks', (_channel, message) => received.push(message));
    await sut.subscribe('other', () => received.push('wrong channel'));
    const result = await sut.publishBatch('ticks', ['a', 'b', 'c']);
    expect(result).toEqual({ published: 3, dropped: 0 });
    expect(received).toEqual([]);
    await nextMacrotask();
    expect(received).toEqual(['a', 'b', 'c']);
  });

  it('should drop the oldest messages beyond the bound and report them', async () => {
    const sut = create(2);
    const received: string[] = [];
    await sut.subscribe('ticks', (_channel, message) => received.push(message));
    const result = await sut.publishBatch('ticks', ['1', '2', '3', '4']);
    expect(result.dropped).toBe(2);
    await nextMacrotask();
    expect(received).toEqual(['3', '4']);
  });

  it('should isolate a throwing subscriber and stop delivering after unsubscribe', async () => {
    const sut = create();
    const received: string[] = [];
    await sut.subscribe('ticks', () => {
      throw new Error('consumer bug');
    });
    const unsubscribe = await sut.subscribe('ticks', (_channel, message) => received.push(message));
    await sut.publishBatch('ticks', ['x']);
    await nextMacrotask();
    expect(received).toEqual(['x']);
    await unsubscribe();
    await sut.publishBatch('ticks', ['y']);
    await nextMacrotask();
    expect(received).toEqual(['x']);
  });
});
