import { describe, expect, it } from 'vitest';
import { HealthDetailsRegistry } from './health-details-registry.js';

describe(HealthDetailsRegistry.name, () => {
  it('should keep one provider per name and refuse names /health/details uses itself', () => {
    const registry = new HealthDetailsRegistry();
    registry.register('accounts', () => ({ configured: 1 }));
    expect(() => registry.register('accounts', () => ({}))).toThrow('already registered');
    for (const reserved of ['status', 'service', 'dependencies', 'checkedAt']) {
      expect(() => registry.register(reserved, () => ({}))).toThrow('reserved');
    }
    expect(registry.entries().map(([name, provider]) => [name, provider()])).toEqual([['accounts', { configured: 1 }]]);
    registry.unregister('accounts');
    expect(registry.entries()).toEqual([]);
  });
});
