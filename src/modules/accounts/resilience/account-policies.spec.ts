import { BrokenCircuitError, BulkheadRejectedError } from 'cockatiel';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AccountPolicies, type AccountPolicySettings, type BreakerState } from './account-policies.js';

const OPEN_MS = 30_000;

class Upstream extends Error {}
class Answer extends Error {}

const settings = (overrides: Partial<AccountPolicySettings> = {}): AccountPolicySettings => ({
  breaker: { failureThreshold: 3, openMs: OPEN_MS, halfOpenProbes: 2 },
  retry: { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 300 },
  concurrency: { maxConcurrent: 2, maxQueued: 10, queueTimeoutMs: 10_000 },
  requestTimeoutMs: 7_000,
  ...overrides,
});

const deferred = <T = void>() => {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
};

describe(AccountPolicies.name, () => {
  let transitions: { endpointClass: string; state: BreakerState }[];
  let sut: AccountPolicies;
  const orders = () => sut.of('orders');
  const fail = async (times: number) => {
    for (let i = 0; i < times; i += 1) {
      await orders()
        .breaker.execute(() => Promise.reject(new Upstream('503')))
        .catch(() => undefined);
    }
  };
  const succeed = () => orders().breaker.execute(() => Promise.resolve('ok'));

  beforeEach(() => {
    vi.useFakeTimers();
    transitions = [];
    sut = new AccountPolicies(settings(), {
      isBreakerFailure: (e) => e instanceof Upstream,
      isRetryable: (e) => e instanceof Upstream,
      onBreakerState: (endpointClass, state) => transitions.push({ endpointClass, state }),
    });
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  describe('circuit breakers', () => {
    it('should stay closed below the failure threshold and reset the count on success', async () => {
      await fail(2);
      await succeed();
      await fail(2);
      expect(orders().view()).toEqual({ state: 'closed', retryAfterMs: 0 });
      expect(transitions).toEqual([]);
    });

    it('should not count answers that say nothing about Kite (an input error) as failures', async () => {
      for (let i = 0; i < 5; i += 1) {
        await expect(orders().breaker.execute(() => Promise.reject(new Answer('bad input')))).rejects.toThrow(
          'bad input',
        );
      }
      expect(orders().view().state).toBe('closed');
    });

    it('should open after consecutive failures, refuse calls while open and say when to retry', async () => {
      await fail(3);
      expect(orders().view()).toEqual({ state: 'open', retryAfterMs: OPEN_MS });
      await expect(succeed()).rejects.toBeInstanceOf(BrokenCircuitError);
      vi.advanceTimersByTime(OPEN_MS - 1);
      await expect(succeed()).rejects.toBeInstanceOf(BrokenCircuitError);
      expect(orders().view()).toEqual({ state: 'open', retryAfterMs: 1 });
    });

    it('should keep one breaker per endpoint class: failing market data never refuses orders', async () => {
      for (let i = 0; i < 3; i += 1) {
        await sut
          .of('market_data')
          .breaker.execute(() => Promise.reject(new Upstream('quote 503')))
          .catch(() => undefined);
      }
      expect(sut.breakers().market_data.state).toBe('open');
      expect(sut.breakers().orders.state).toBe('closed');
      await expect(succeed()).resolves.toBe('ok');
      expect(transitions).toEqual([{ endpointClass: 'market_data', state: 'open' }]);
    });

    it('should never change state when read, even once the open period has passed', async () => {
      await fail(3);
      vi.advanceTimersByTime(OPEN_MS);
      for (let i = 0; i < 3; i += 1) {
        expect(sut.breakers().orders).toEqual({ state: 'open', retryAfterMs: 0 });
      }
      expect(transitions.map((t) => t.state)).toEqual(['open']);
    });

    it('should let the configured number of probes through when half-open and hold the rest for the verdict', async () => {
      await fail(3);
      vi.advanceTimersByTime(OPEN_MS);
      const gates = [deferred<string>(), deferred<string>()];
      let started = 0;
      const probes = gates.map((gate) =>
        orders().breaker.execute(() => {
          started += 1;
          return gate.promise;
        }),
      );
      const held = orders().breaker.execute(() => {
        started += 1;
        return Promise.resolve('after verdict');
      });
      await vi.advanceTimersByTimeAsync(0);
      expect(started).toBe(2);
      expect(orders().view().state).toBe('half_open');
      gates[0]!.resolve('a');
      gates[1]!.resolve('b');
      await expect(Promise.all([...probes, held])).resolves.toEqual(['a', 'b', 'after verdict']);
      expect(orders().view().state).toBe('closed');
      expect(transitions.map((t) => t.state)).toEqual(['open', 'half_open', 'closed']);
    });

    it('should reopen for a full period when a probe fails', async () => {
      await fail(3);
      vi.advanceTimersByTime(OPEN_MS);
      await fail(1);
      expect(orders().view()).toEqual({ state: 'open', retryAfterMs: OPEN_MS });
      vi.advanceTimersByTime(OPEN_MS - 1);
      await expect(succeed()).rejects.toBeInstanceOf(BrokenCircuitError);
      vi.advanceTimersByTime(1);
      await expect(succeed()).resolves.toBe('ok');
    });

    it('should ignore the outcome of a call admitted before the last transition', async () => {
      const slow = deferred<string>();
      const stale = orders().breaker.execute(() => slow.promise);
      await fail(3);
      vi.advanceTimersByTime(OPEN_MS);
      const probeGate = deferred<string>();
      const probe = orders().breaker.execute(() => probeGate.promise);
      slow.reject(new Upstream('late failure'));
      await expect(stale).rejects.toThrow('late failure');
      expect(orders().view().state).toBe('half_open');
      probeGate.resolve('ok');
      await probe;
      expect(orders().view().state).toBe('half_open');
    });
  });

  describe('call slots (bulkhead per endpoint class)', () => {
    it('should run at most maxConcurrent calls at once and start queued ones in order', async () => {
      const gates = [deferred(), deferred(), deferred(), deferred()];
      const started: number[] = [];
      const runs = gates.map((gate, i) =>
        orders().withSlot(async () => {
          started.push(i);
          await gate.promise;
          return i;
        }),
      );
      await vi.advanceTimersByTimeAsync(0);
      expect(started).toEqual([0, 1]);
      expect(orders().inFlight).toBe(2);
      expect(orders().queued).toBe(2);
      gates[1]!.resolve();
      await vi.advanceTimersByTimeAsync(0);
      expect(started).toEqual([0, 1, 2]);
      gates[0]!.resolve();
      gates[2]!.resolve();
      gates[3]!.resolve();
      await expect(Promise.all(runs)).resolves.toEqual([0, 1, 2, 3]);
      expect(orders().inFlight).toBe(0);
    });

    it('should give each class its own slots', async () => {
      const gate = deferred();
      const busy = [1, 2].map(() => sut.of('market_data').withSlot(() => gate.promise));
      await expect(orders().withSlot(() => Promise.resolve('order'))).resolves.toBe('order');
      gate.resolve();
      await Promise.all(busy);
    });

    it('should fail at once when the queue is full', async () => {
      sut = new AccountPolicies(settings({ concurrency: { maxConcurrent: 1, maxQueued: 1, queueTimeoutMs: 10_000 } }), {
        isBreakerFailure: () => true,
        isRetryable: () => true,
        onBreakerState: () => undefined,
      });
      const gate = deferred();
      const first = orders().withSlot(() => gate.promise);
      const second = orders().withSlot(() => Promise.resolve('second'));
      await expect(orders().withSlot(() => Promise.resolve())).rejects.toBeInstanceOf(BulkheadRejectedError);
      gate.resolve();
      await first;
      await expect(second).resolves.toBe('second');
    });

    it('should fail a queued call that waits longer than the queue timeout, without running it or leaking its slot', async () => {
      sut = new AccountPolicies(settings({ concurrency: { maxConcurrent: 1, maxQueued: 5, queueTimeoutMs: 1_000 } }), {
        isBreakerFailure: () => true,
        isRetryable: () => true,
        onBreakerState: () => undefined,
      });
      const gate = deferred();
      const first = orders().withSlot(() => gate.promise);
      let ranLate = false;
      const waiting = expect(
        orders().withSlot(() => {
          ranLate = true;
          return Promise.resolve();
        }),
      ).rejects.toMatchObject({ reason: 'bulkhead_wait_timeout' });
      await vi.advanceTimersByTimeAsync(1_000);
      await waiting;
      gate.resolve();
      await first;
      await vi.advanceTimersByTimeAsync(0);
      expect(ranLate).toBe(false);
      expect(orders().inFlight).toBe(0);
      await expect(orders().withSlot(() => Promise.resolve('free'))).resolves.toBe('free');
    });

    it('should release the slot when the call throws', async () => {
      await expect(orders().withSlot(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
      expect(orders().inFlight).toBe(0);
    });
  });

  describe('retries', () => {
    it('should retry retryable failures with exponential backoff and jitter within [half, full] of the cap', async () => {
      let calls = 0;
      const delays: number[] = [];
      sut.retry.onRetry((event) => delays.push(event.delay));
      const result = sut.retry.execute(() => {
        calls += 1;
        return calls < 4 ? Promise.reject(new Upstream('transient')) : Promise.resolve('ok');
      });
      await vi.advanceTimersByTimeAsync(1_000);
      await expect(result).resolves.toBe('ok');
      expect(calls).toBe(4);
      const caps = [100, 200, 300];
      delays.forEach((delay, i) => {
        expect(delay).toBeGreaterThanOrEqual(caps[i]! / 2);
        expect(delay).toBeLessThanOrEqual(caps[i]!);
      });
    });

    it('should not retry an error that is not retryable', async () => {
      let calls = 0;
      const result = sut.retry.execute(() => {
        calls += 1;
        return Promise.reject(new Answer('input'));
      });
      await expect(result).rejects.toThrow('input');
      expect(calls).toBe(1);
    });

    it('should give up after the configured total attempts with the last error', async () => {
      let calls = 0;
      const result = sut.retry.execute(() => {
        calls += 1;
        return Promise.reject(new Upstream(`failure ${calls}`));
      });
      const outcome = expect(result).rejects.toThrow('failure 4');
      await vi.advanceTimersByTimeAsync(10_000);
      await outcome;
      expect(calls).toBe(4);
    });
  });
});
