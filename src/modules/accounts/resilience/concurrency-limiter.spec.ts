import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ConcurrencyLimiter, ConcurrencyQueueFullError, ConcurrencyWaitTimeoutError } from './concurrency-limiter.js';

const deferred = () => {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
};

describe(ConcurrencyLimiter.name, () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('should run at most maxConcurrent calls at once and start queued ones in order', async () => {
    const sut = new ConcurrencyLimiter({ maxConcurrent: 2, maxQueued: 10, queueTimeoutMs: 10_000 });
    const gates = [deferred(), deferred(), deferred(), deferred()];
    const started: number[] = [];
    const runs = gates.map((gate, i) =>
      sut.run(async () => {
        started.push(i);
        await gate.promise;
        return i;
      }),
    );
    await vi.advanceTimersByTimeAsync(0);
    expect(started).toEqual([0, 1]);
    expect(sut.inFlight).toBe(2);
    expect(sut.queued).toBe(2);
    gates[1]!.resolve();
    await vi.advanceTimersByTimeAsync(0);
    expect(started).toEqual([0, 1, 2]);
    gates[0]!.resolve();
    gates[2]!.resolve();
    gates[3]!.resolve();
    await expect(Promise.all(runs)).resolves.toEqual([0, 1, 2, 3]);
    expect(sut.inFlight).toBe(0);
  });

  it('should fail at once when the wait queue is full', async () => {
    const sut = new ConcurrencyLimiter({ maxConcurrent: 1, maxQueued: 1, queueTimeoutMs: 10_000 });
    const gate = deferred();
    const first = sut.run(() => gate.promise);
    const second = sut.run(() => Promise.resolve());
    await expect(sut.run(() => Promise.resolve())).rejects.toBeInstanceOf(ConcurrencyQueueFullError);
    gate.resolve();
    await expect(Promise.all([first, second])).resolves.toBeDefined();
  });

  it('should fail a queued call that waits longer than the queue timeout, without leaking its slot', async () => {
    const sut = new ConcurrencyLimiter({ maxConcurrent: 1, maxQueued: 5, queueTimeoutMs: 1_000 });
    const gate = deferred();
    const first = sut.run(() => gate.promise);
    const waiting = expect(sut.run(() => Promise.resolve())).rejects.toBeInstanceOf(ConcurrencyWaitTimeoutError);
    await vi.advanceTimersByTimeAsync(1_000);
    await waiting;
    expect(sut.queued).toBe(0);
    gate.resolve();
    await first;
    expect(sut.inFlight).toBe(0);
    await expect(sut.run(() => Promise.resolve('free'))).resolves.toBe('free');
  });

  it('should release the slot when the call throws', async () => {
    const sut = new ConcurrencyLimiter({ maxConcurrent: 1, maxQueued: 0, queueTimeoutMs: 1_000 });
    await expect(sut.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(sut.hasFreeSlot).toBe(true);
  });
});
