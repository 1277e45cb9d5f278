import { describe, expect, it, vi } from 'vitest';
import { ControllableClock, SystemClock, clockFor } from './clock.js';

describe('ControllableClock', () => {
  it('should build the clock a configuration asks for: real, fixed at an instant, or shifted to it', () => {
    let real = 1_000_000;
    const realNow = () => real;
    expect(ControllableClock.fromSettings('real', 5, realNow).now()).toBe(1_000_000);
    const fixed = ControllableClock.fromSettings('fixed', 42, realNow);
    const shifted = ControllableClock.fromSettings('shifted', 5_000_000, realNow);
    real += 10;
    expect(fixed.now()).toBe(42);
    expect(shifted.now()).toBe(5_000_010);
    expect(ControllableClock.fromSettings('fixed', undefined, realNow).now()).toBe(real);
  });

  it('should support fixed, shifted and real modes, advancing, and tell listeners about each change', () => {
    let real = 1_000_000;
    const clock = new ControllableClock({ realNow: () => real });
    const changed = vi.fn();
    const stop = clock.onChange(changed);
    clock.setShifted(500);
    real += 10;
    expect(clock.now()).toBe(1_000_510);
    clock.setShiftedTo(5_000_000);
    real += 7;
    expect(clock.now()).toBe(5_000_007);
    clock.setFixed(42);
    real += 1_000;
    expect(clock.now()).toBe(42);
    clock.advance(8);
    expect(clock.state()).toEqual({ mode: 'fixed', nowMs: 50, fixedMs: 50, offsetMs: 0 });
    clock.setReal();
    expect(clock.now()).toBe(real);
    expect(changed).toHaveBeenCalledTimes(5);
    stop();
    clock.advance(1);
    expect(changed).toHaveBeenCalledTimes(5);
  });
});

describe(clockFor.name, () => {
  it('should use the host clock in real mode and a controllable one otherwise', () => {
    expect(clockFor({ mode: 'real', atMs: undefined })).toBeInstanceOf(SystemClock);
    const pinned = clockFor({ mode: 'fixed', atMs: 1_796_119_140_000 });
    expect(pinned).toBeInstanceOf(ControllableClock);
    expect(pinned.now()).toBe(1_796_119_140_000);
  });
});
