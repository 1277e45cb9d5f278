import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { backoffDelayMs, withRetry } from './retry.js';

const POLICY = { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 300 };

describe('withRetry', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('should grow the delay exponentially up to the cap, with jitter within [half, full]', () => {
    expect([1, 2, 3, 4].map((n) => backoffDelayMs(n, POLICY, () => 0))).toEqual([50, 100, 150, 150]);
    expect([1, 2, 3, 4].map((n) => backoffDelayMs(n, POLICY, () => 1))).toEqual([100, 200, 300, 300]);
  });

  it('should retry retryable failures and return the first success', async () => {
    let calls = 0;
    const delays: number[] = [];
    const result = withRetry(
      () => {
        calls += 1;
        return calls < 3 ? Promise.reject(new Error('transient')) : Promise.resolve('ok');
      },
      POLICY,
      { isRetryable: () => true, random: () => 1, onRetry: (_a, delay) => delays.push(delay) },
    );
    await vi.advanceTimersByTimeAsync(1_000);
    await expect(result).resolves.toBe('ok');
    expect(calls).toBe(3);
    expect(delays).toEqual([100, 200]);
  });

  it('should not retry an error that is not retryable', async () => {
    let calls = 0;
    const result = withRetry(
      () => {
        calls += 1;
        return Promise.reject(new Error('input'));
      },
      POLICY,
      { isRetryable: () => false },
    );
    await expect(result).rejects.toThrow('input');
    expect(calls).toBe(1);
  });

  it('should give up after the last attempt with the last error', async () => {
    let calls = 0;
    const result = withRetry(
      () => {
        calls += 1;
        return Promise.reject(new Error(`failure ${calls}`));
      },
      POLICY,
      { isRetryable: () => true },
    );
    const outcome = expect(result).rejects.toThrow('failure 4');
    await vi.advanceTimersByTimeAsync(10_000);
    await outcome;
    expect(calls).toBe(4);
  });
});
