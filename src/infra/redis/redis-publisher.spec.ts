import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/load-config.js';
import { reconnectDelay } from './redis-publisher.js';

describe(reconnectDelay.name, () => {
  const config = loadConfig({ REDIS_RECONNECT_BASE_DELAY_MS: '100', REDIS_RECONNECT_MAX_DELAY_MS: '2000' }).redis;

  it('should double per attempt and stay within ±20% jitter', () => {
    expect(reconnectDelay(1, config, () => 0.5)).toBe(100);
    expect(reconnectDelay(3, config, () => 0.5)).toBe(400);
    expect(reconnectDelay(3, config, () => 0)).toBe(320);
    expect(reconnectDelay(3, config, () => 1)).toBe(480);
  });

  it('should cap the delay and never give up', () => {
    expect(reconnectDelay(50, config, () => 0.5)).toBe(2000);
    expect(reconnectDelay(10_000, config, () => 0.5)).toBe(2000);
  });
});
