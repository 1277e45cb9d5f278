import { describe, expect, it } from 'vitest';
import { reconnectDelayMs } from './reconnect-backoff.js';

describe('reconnectDelayMs', () => {
  const policy = { initialDelayMs: 100, maxDelayMs: 1_000, jitter: 0.5 };

  it('should double per attempt up to the cap', () => {
    const noJitter = { ...policy, jitter: 0 };
    expect([0, 1, 2, 3, 4, 10, 100].map((a) => reconnectDelayMs(noJitter, a))).toEqual([
      100, 200, 400, 800, 1000, 1000, 1000,
    ]);
  });

  it('should draw the jitter below the ceiling, never above it', () => {
    expect(reconnectDelayMs(policy, 3, () => 0)).toBe(800);
    expect(reconnectDelayMs(policy, 3, () => 0.999)).toBe(400);
    expect(reconnectDelayMs(policy, 9, () => 0.5)).toBe(750);
  });
});
