export interface RetryPolicy {
  /** Total attempts, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export interface RetryHooks {
  isRetryable: (error: unknown) => boolean;
  onRetry?: (attempt: number, delayMs: number, error: unknown) => void;
  /** Injected for tests; defaults to Math.random. */
  random?: () => number;
}

/** Exponential backoff with "equal jitter": half the capped exponential delay, plus a random half. */
export const backoffDelayMs = (attempt: number, policy: RetryPolicy, random: () => number = Math.random): number => {
  const capped = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(capped / 2 + random() * (capped / 2));
};

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `fn` until it succeeds, fails with a non-retryable error, or runs out of attempts. Reads only. */
export const withRetry = async <T>(
  fn: (attempt: number) => Promise<T>,
  policy: RetryPolicy,
  hooks: RetryHooks,
): Promise<T> => {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await fn(attempt);
    } catch (error) {
      if (attempt >= policy.maxAttempts || !hooks.isRetryable(error)) {
        throw error;
      }
      const delayMs = backoffDelayMs(attempt, policy, hooks.random);
      hooks.onRetry?.(attempt, delayMs, error);
      await sleep(delayMs);
    }
  }
};
