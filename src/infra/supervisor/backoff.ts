import type { BackoffPolicy } from './supervised-task.js';

/** Exponential backoff with full jitter: uniform in [initial, min(max, initial × 2^(failures-1))]. */
export const backoffDelayMs = (policy: BackoffPolicy, failures: number, random: () => number = Math.random): number => {
  const exponent = Math.max(0, failures - 1);
  const ceiling = Math.min(policy.maxMs, policy.initialMs * 2 ** Math.min(exponent, 30));
  return Math.round(policy.initialMs + random() * Math.max(0, ceiling - policy.initialMs));
};
