import { Logger } from '@nestjs/common';
import { Counter, Gauge, Registry } from 'prom-client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ControllableClock } from '../../common/time/index.js';
import { AppConfig } from '../../config/index.js';
import { SupervisorMetrics } from './supervisor.metrics.js';
import { TaskSupervisor } from './task-supervisor.js';

// 2026-12-01 10:00 IST
const START_MS = Date.UTC(2026, 11, 1, 4, 30);
const MINUTE = 60_000;

const metricsFor = (registry: Registry) => {
  const gauge = (name: string, labelNames: string[]) =>
    new Gauge({ name, help: name, labelNames, registers: [registry] });
  const counter = (name: string, labelNames: string[]) =>
    new Counter({ name, help: name, labelNames, registers: [registry] });
  return new SupervisorMetrics(
    gauge('state', ['task', 'state']),
    counter('runs', ['task', 'outcome']),
    counter('restarts', ['task']),
    gauge('last_success', ['task']),
    gauge('consecutive_failures', ['task']),
  );
};

describe(TaskSupervisor.name, () => {
  let clock: ControllableClock;
  let registry: Registry;
  let sut: TaskSupervisor;

  beforeEach(() => {
    Logger.overrideLogger(false);
    vi.useFakeTimers();
    clock = ControllableClock.fixedAt(START_MS);
    registry = new Registry();
    const config = AppConfig.fromEnv({ TASK_RESTART_INITIAL_DELAY_MS: '100', TASK_RESTART_MAX_DELAY_MS: '1000' });
    sut = new TaskSupervisor(clock, metricsFor(registry), config);
  });

  afterEach(async () => {
    await sut.beforeApplicationShutdown();
    vi.useRealTimers();
  });

  const statusOf = (name: string) => sut.status().find((s) => s.name === name)!;

  it('should run an interval task on schedule and record each success with the clock', async () => {
    const body = vi.fn(() => Promise.resolve());
    sut.every('sweep', 'test sweep', 1_000, body);
    await vi.advanceTimersByTimeAsync(999);
    expect(body).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(body).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(body).toHaveBeenCalledTimes(3);
    expect(statusOf('sweep')).toMatchObject({
      state: 'idle',
      runs: 3,
      lastSuccessAt: START_MS,
      consecutiveFailures: 0,
    });
  });

  it('should retry a failing interval task sooner than its interval and mark it degraded after repeated failures', async () => {
    let failures = 0;
    sut.every(
      'sync',
      'test sync',
      60_000,
      () => {
        failures += 1;
        return Promise.reject(new Error(`boom ${failures}`));
      },
      { runAtStart: true },
    );
    await vi.advanceTimersByTimeAsync(0);
    expect(statusOf('sync')).toMatchObject({ state: 'backoff', consecutiveFailures: 1, lastError: 'boom 1' });
    // Backoff is capped at TASK_RESTART_MAX_DELAY_MS (1 s), far below the 60 s interval.
    await vi.advanceTimersByTimeAsync(3_000);
    expect(statusOf('sync').consecutiveFailures).toBeGreaterThanOrEqual(3);
    expect(statusOf('sync').state).toBe('degraded');
    const text = await registry.metrics();
    expect(text).toMatch(/state\{task="sync",state="degraded"\} 1/);
    const failureCount = /runs\{task="sync",outcome="failure"\} (\d+)/.exec(text)?.[1];
    expect(Number(failureCount)).toBeGreaterThanOrEqual(3);
  });

  it('should recover from degraded on the next success', async () => {
    let calls = 0;
    sut.every(
      'flaky',
      'flaky task',
      500,
      () => {
        calls += 1;
        return calls <= 3 ? Promise.reject(new Error('down')) : Promise.resolve();
      },
      { runAtStart: true },
    );
    await vi.advanceTimersByTimeAsync(5_000);
    expect(statusOf('flaky')).toMatchObject({ state: 'idle', consecutiveFailures: 0, lastError: 'down' });
  });

  it('should restart a loop that throws, with backoff, and count the restart', async () => {
    let starts = 0;
    sut.loop('socket', 'test loop', async ({ signal }) => {
      starts += 1;
      if (starts === 1) {
        throw new Error('connection reset');
      }
      await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve()));
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(statusOf('socket')).toMatchObject({ state: 'backoff', restarts: 1, lastError: 'connection reset' });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(starts).toBe(2);
    expect(statusOf('socket').state).toBe('running');
  });

  it('should treat a loop that returns on its own as a failure and restart it', async () => {
    let starts = 0;
    sut.loop('exits', 'returns early', () => {
      starts += 1;
      return Promise.resolve();
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(statusOf('exits').lastError).toMatch(/returned without being stopped/);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(starts).toBeGreaterThanOrEqual(2);
  });

  it('should let a loop report progress so last success is meaningful for never-ending work', async () => {
    sut.loop('generator', 'reports progress', async ({ signal, healthy }) => {
      clock.advance(MINUTE);
      healthy();
      await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve()));
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(statusOf('generator')).toMatchObject({ state: 'running', lastSuccessAt: START_MS + MINUTE });
  });

  it('should run a daily task at the IST time read from the injected clock, and move it when the clock jumps', async () => {
    const body = vi.fn(() => Promise.resolve());
    sut.dailyAtIst('expiry-cleanup', 'after the close', { hour: 15, minute: 31 }, body);
    // 10:00 → 15:31 IST is 5 h 31 min away.
    expect(statusOf('expiry-cleanup').nextRunAt).toBe(START_MS + (5 * 60 + 31) * MINUTE);
    clock.setFixed(START_MS + (5 * 60 + 30) * MINUTE);
    expect(statusOf('expiry-cleanup').nextRunAt).toBe(START_MS + (5 * 60 + 31) * MINUTE);
    await vi.advanceTimersByTimeAsync(MINUTE);
    expect(body).toHaveBeenCalledTimes(1);
  });

  it('should run a daily task at once when the clock jumps to or past its time, and then the next day', async () => {
    const body = vi.fn(() => Promise.resolve());
    sut.dailyAtIst('instrument-sync', 'morning dump', { hour: 10, minute: 30 }, body);
    clock.setFixed(START_MS + 29 * MINUTE);
    await vi.advanceTimersByTimeAsync(0);
    expect(body).not.toHaveBeenCalled();
    clock.setFixed(START_MS + 30 * MINUTE); // exactly 10:30 IST
    await vi.advanceTimersByTimeAsync(0);
    expect(body).toHaveBeenCalledTimes(1);
    expect(statusOf('instrument-sync').nextRunAt).toBe(START_MS + 30 * MINUTE + 24 * 60 * MINUTE);
    clock.advance(MINUTE); // a jump that does not reach the next day's run changes nothing but the delay
    await vi.advanceTimersByTimeAsync(0);
    expect(body).toHaveBeenCalledTimes(1);
  });

  it('should run a scheduled task on demand and join a run already in progress', async () => {
    let release: () => void = () => undefined;
    const body = vi.fn(() => new Promise<void>((resolve) => (release = resolve)));
    sut.every('trade-sync', 'on demand too', 300_000, body);
    const first = sut.runNow('trade-sync');
    const second = sut.runNow('trade-sync');
    expect(body).toHaveBeenCalledTimes(1);
    release();
    await expect(Promise.all([first, second])).resolves.toEqual([undefined, undefined]);
    expect(statusOf('trade-sync').runs).toBe(1);
  });

  it('should surface the error of an on-demand run to its caller', async () => {
    sut.every('sync-now', 'fails', 300_000, () => Promise.reject(new Error('kite down')));
    await expect(sut.runNow('sync-now')).rejects.toThrow('kite down');
    expect(statusOf('sync-now')).toMatchObject({ consecutiveFailures: 1, lastError: 'kite down' });
  });

  it('should abort running loops and never restart them on shutdown', async () => {
    let aborted = false;
    sut.loop('watchdog', 'waits', async ({ signal }) => {
      await new Promise<void>((resolve) =>
        signal.addEventListener('abort', () => {
          aborted = true;
          resolve();
        }),
      );
    });
    await vi.advanceTimersByTimeAsync(0);
    await sut.beforeApplicationShutdown();
    expect(aborted).toBe(true);
    expect(statusOf('watchdog')).toMatchObject({ state: 'stopped', restarts: 0 });
  });

  it('should let externally driven work report its outcomes', () => {
    const reporter = sut.external('conn-1-watchdog', 'per-connection watchdog');
    reporter.failed(new Error('stalled'));
    reporter.failed(new Error('stalled'));
    reporter.failed(new Error('stalled'));
    expect(statusOf('conn-1-watchdog')).toMatchObject({ state: 'degraded', consecutiveFailures: 3 });
    reporter.succeeded();
    expect(statusOf('conn-1-watchdog')).toMatchObject({ state: 'running', consecutiveFailures: 0 });
  });

  it('should refuse two tasks with the same name', () => {
    sut.every('dup', 'first', 1_000, () => Promise.resolve());
    expect(() => sut.every('dup', 'second', 1_000, () => Promise.resolve())).toThrow(/already registered/);
  });
});
