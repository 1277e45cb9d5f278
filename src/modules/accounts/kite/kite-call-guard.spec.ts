import { afterEach, describe, expect, it } from 'vitest';
import type { AccountsMetrics } from '../accounts.metrics.js';
import { AccountPolicies } from '../resilience/account-policies.js';
import { KitePacer } from '../resilience/kite-pacer.js';
import { rateWindowSpecs } from '../resilience/kite-rate-windows.js';
import { MemoryRateLimitStore } from '../resilience/rate-limit-store.js';
import { KiteCallGuard } from './kite-call-guard.js';
import { KITE_ENDPOINTS } from './kite-endpoints.js';
import { isBreakerFailure, isRetryableRead } from './kite-error-normaliser.js';

const REQUEST_TIMEOUT_MS = 7_000;
const SHUTDOWN_RETRY_AFTER_MS = 1_000;

const recorded: string[] = [];
const metrics = new Proxy(
  {},
  {
    get:
      (_target, method: string) =>
      (...args: unknown[]) => {
        if (method === 'recordBackpressure') {
          recorded.push(String(args[1]));
        }
      },
  },
) as AccountsMetrics;

const guardWith = (options: { maxConcurrent?: number; maxQueued?: number; maxWaiters?: number } = {}) => {
  const policies = new AccountPolicies(
    {
      breaker: { failureThreshold: 3, openMs: 30_000, halfOpenProbes: 1 },
      retry: { maxAttempts: 1, baseDelayMs: 10, maxDelayMs: 10 },
      concurrency: {
        maxConcurrent: options.maxConcurrent ?? 4,
        maxQueued: options.maxQueued ?? 10,
        queueTimeoutMs: 5_000,
      },
      requestTimeoutMs: REQUEST_TIMEOUT_MS,
    },
    { isBreakerFailure, isRetryable: isRetryableRead, onBreakerState: () => undefined },
  );
  const pacer = new KitePacer(new MemoryRateLimitStore(), {
    keyPrefix: `guard${Math.random()}`,
    windows: rateWindowSpecs({
      quotePerSecond: 1,
      historicalPerSecond: 3,
      ordersPerSecond: 10,
      ordersPerMinute: 400,
      ordersPerDay: 5_000,
      otherPerSecond: 10,
      safetyMarginMs: 0,
      maxWaiters: options.maxWaiters ?? 10,
    }),
    maxWaiters: options.maxWaiters ?? 10,
    maxWaitMs: 5_000,
    leaseMs: REQUEST_TIMEOUT_MS,
    now: () => Date.parse('2026-12-01T09:30:00Z'),
  });
  const guard = new KiteCallGuard({
    accountId: 'primary',
    policies,
    pacer,
    metrics,
    requestTimeoutMs: REQUEST_TIMEOUT_MS,
    shutdownRetryAfterMs: SHUTDOWN_RETRY_AFTER_MS,
  });
  return { guard, pacer };
};

/** What kiteconnect rejects with when Kite answers TokenException: the body, not an Error. */
const tokenException = {
  status: 'error',
  error_type: 'TokenException',
  message: 'Incorrect `api_key` or `access_token`.',
};

describe(KiteCallGuard.name, () => {
  const pending: (() => void)[] = [];

  afterEach(() => {
    pending.splice(0).forEach((finish) => finish());
    recorded.length = 0;
  });

  const hanging = () =>
    new Promise<string>((resolve) => {
      pending.push(() => resolve('late'));
    });

  it('should pass a failure of our own code around a call as a typed internal error, never as back-pressure', async () => {
    const { guard } = guardWith();
    const failure = new Error('could not persist the session loss');
    const error = await guard
      .run(
        KITE_ENDPOINTS.positions,
        // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- kiteconnect rejects with the body
        () => Promise.reject(tokenException),
        () => {
          throw failure;
        },
      )
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'KITE_CLIENT_INTERNAL_ERROR',
      kind: 'internal',
      cause: failure,
      details: { accountId: 'primary', endpoint: 'positions' },
    });
    expect(recorded).toEqual([]);
  });

  it('should answer back-pressure with a Retry-After only when the call slots are really exhausted', async () => {
    const { guard } = guardWith({ maxConcurrent: 1, maxQueued: 0 });
    const first = guard.run(KITE_ENDPOINTS.positions, hanging);
    const refused = await guard.run(KITE_ENDPOINTS.margins, () => Promise.resolve('x')).catch((e: unknown) => e);
    expect(refused).toMatchObject({
      code: 'KITE_BACKPRESSURE',
      kind: 'unavailable',
      retryAfterMs: REQUEST_TIMEOUT_MS,
      details: { reason: 'bulkhead_full' },
    });
    // Another class has its own slots.
    await expect(guard.run(KITE_ENDPOINTS.orders, () => Promise.resolve([]))).resolves.toEqual([]);
    pending.splice(0).forEach((finish) => finish());
    await expect(first).resolves.toBe('late');
    expect(recorded).toEqual(['bulkhead_full']);
  });

  it('should refuse a caller beyond the rate-limit waiters with back-pressure and when to retry', async () => {
    // Every caller queues until the store has answered, so two wait here: the third is one too many.
    const { guard } = guardWith({ maxWaiters: 2 });
    const first = guard.run(KITE_ENDPOINTS.quote, () => Promise.resolve('first'));
    const second = guard.run(KITE_ENDPOINTS.quote, () => Promise.resolve('second'));
    const refused = await guard.run(KITE_ENDPOINTS.quote, () => Promise.resolve('third')).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'KITE_BACKPRESSURE', details: { reason: 'queue_full' } });
    expect((refused as { retryAfterMs: number }).retryAfterMs).toBeGreaterThan(0);
    await expect(first).resolves.toBe('first');
    await expect(second).resolves.toBe('second');
  });

  it('should refuse calls during shutdown as SERVICE_SHUTTING_DOWN with a Retry-After', async () => {
    const { guard, pacer } = guardWith();
    pacer.close(new Error('service shutting down'));
    await expect(guard.run(KITE_ENDPOINTS.cancelOrder, () => Promise.resolve({}))).rejects.toMatchObject({
      code: 'SERVICE_SHUTTING_DOWN',
      kind: 'unavailable',
      retryAfterMs: SHUTDOWN_RETRY_AFTER_MS,
    });
  });
});
