import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type BreakerState, CircuitBreaker } from './circuit-breaker.js';

const OPEN_MS = 30_000;

describe(CircuitBreaker.name, () => {
  let transitions: BreakerState[];
  let sut: CircuitBreaker;

  beforeEach(() => {
    vi.useFakeTimers();
    transitions = [];
    sut = new CircuitBreaker({ failureThreshold: 3, openMs: OPEN_MS, halfOpenProbes: 2 }, (s) => transitions.push(s));
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  const fail = (times: number) => {
    for (let i = 0; i < times; i += 1) {
      sut.recordFailure(sut.tryAcquire()!);
    }
  };

  it('should stay closed below the failure threshold and reset the count on success', () => {
    fail(2);
    sut.recordSuccess(sut.tryAcquire()!);
    fail(2);
    expect(sut.current).toBe('closed');
    expect(transitions).toEqual([]);
  });

  it('should open after consecutive failures and reject calls while open', () => {
    fail(3);
    expect(sut.current).toBe('open');
    expect(sut.tryAcquire()).toBeUndefined();
    expect(sut.retryAfterMs).toBe(OPEN_MS);
    vi.advanceTimersByTime(OPEN_MS - 1);
    expect(sut.tryAcquire()).toBeUndefined();
    expect(sut.retryAfterMs).toBe(1);
  });

  it('should let at most the configured number of probes through when half-open', () => {
    fail(3);
    vi.advanceTimersByTime(OPEN_MS);
    expect(sut.current).toBe('half_open');
    const first = sut.tryAcquire();
    const second = sut.tryAcquire();
    expect(first?.probe).toBe(true);
    expect(second?.probe).toBe(true);
    expect(sut.tryAcquire()).toBeUndefined();
  });

  it('should close once every probe succeeds', () => {
    fail(3);
    vi.advanceTimersByTime(OPEN_MS);
    const probes = [sut.tryAcquire()!, sut.tryAcquire()!];
    sut.recordSuccess(probes[0]!);
    expect(sut.current).toBe('half_open');
    sut.recordSuccess(probes[1]!);
    expect(sut.current).toBe('closed');
    expect(transitions).toEqual(['open', 'half_open', 'closed']);
  });

  it('should reopen for a full period when a probe fails', () => {
    fail(3);
    vi.advanceTimersByTime(OPEN_MS);
    sut.recordFailure(sut.tryAcquire()!);
    expect(sut.current).toBe('open');
    vi.advanceTimersByTime(OPEN_MS - 1);
    expect(sut.current).toBe('open');
    vi.advanceTimersByTime(1);
    expect(sut.current).toBe('half_open');
  });

  it('should ignore outcomes of calls admitted before the last transition', () => {
    const stale = sut.tryAcquire()!;
    fail(3);
    vi.advanceTimersByTime(OPEN_MS);
    const probe = sut.tryAcquire()!;
    sut.recordFailure(stale);
    expect(sut.current).toBe('half_open');
    sut.recordSuccess(stale);
    sut.recordSuccess(probe);
    expect(sut.current).toBe('half_open');
  });

  it('should return a probe slot when a probe is released without reaching Kite', () => {
    fail(3);
    vi.advanceTimersByTime(OPEN_MS);
    const a = sut.tryAcquire()!;
    sut.tryAcquire();
    sut.release(a);
    expect(sut.tryAcquire()?.probe).toBe(true);
  });
});
