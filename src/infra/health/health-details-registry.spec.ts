import { describe, expect, it } from 'vitest';
import { ControllableClock } from '../../common/time/index.js';
import { JobStatus } from './background-jobs.js';
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

describe(JobStatus.name, () => {
  const at = Date.parse('2026-12-01T03:00:00Z');

  it('should record runs, the last success and the last failure on the injected clock', async () => {
    const clock = ControllableClock.fixedAt(at);
    const job = new JobStatus(clock, 'every 30000 ms', () => clock.now() + 30_000);
    await job.track(() => Promise.resolve('ok'));
    clock.advance(30_000);
    await expect(job.track(() => Promise.reject(new Error('redis://u:secret@host down')))).rejects.toThrow();
    expect(job.snapshot()).toEqual({
      schedule: 'every 30000 ms',
      state: 'idle',
      runs: 2,
      failures: 1,
      consecutiveFailures: 1,
      lastStartedAt: '2026-12-01T03:00:30.000Z',
      lastSuccessAt: '2026-12-01T03:00:00.000Z',
      lastFailureAt: '2026-12-01T03:00:30.000Z',
      lastError: 'redis://u:[REDACTED]@host down',
      nextRunAt: '2026-12-01T03:01:00.000Z',
    });
  });

  it('should say running while a run is in progress, and stopped with no next run once stopped', async () => {
    const job = new JobStatus(ControllableClock.fixedAt(at), 'daily', () => at + 1);
    let finish: () => void = () => undefined;
    const run = job.track(() => new Promise<void>((resolve) => (finish = resolve)));
    expect(job.snapshot().state).toBe('running');
    finish();
    await run;
    job.stop();
    expect(job.snapshot()).toMatchObject({ state: 'stopped', nextRunAt: null, consecutiveFailures: 0 });
  });
});
