export interface ReconnectPolicy {
  initialDelayMs: number;
  maxDelayMs: number;
  /** Share of the delay drawn at random: delay × (1 − jitter × U[0,1)). */
  jitter: number;
}

const MAX_EXPONENT = 30;

/**
 * Exponential backoff with a cap and jitter: attempt 0 waits about `initialDelayMs`, each further attempt
 * doubles it up to `maxDelayMs`. Jitter spreads the redials of many connections dropped at once.
 */
export const reconnectDelayMs = (policy: ReconnectPolicy, attempt: number, random: () => number = Math.random) => {
  const ceiling = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** Math.min(attempt, MAX_EXPONENT));
  return Math.round(ceiling * (1 - policy.jitter * random()));
};
