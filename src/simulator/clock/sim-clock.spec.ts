import { describe, expect, it } from 'vitest';
import { formatIstCandleTime, formatIstDateTime, parseIstDateTime } from './ist.js';
import { SimClock } from './sim-clock.js';

const ist = (text: string): number => parseIstDateTime(text)!;

describe('IST helpers', () => {
  it('formats and parses with a fixed +05:30 offset regardless of host TZ', () => {
    const t = Date.parse('2025-12-02T03:45:07Z');
    expect(formatIstDateTime(t)).toBe('2025-12-02 09:15:07');
    expect(formatIstCandleTime(t)).toBe('2025-12-02T09:15:07+0530');
    expect(parseIstDateTime('2025-12-02 09:15:07')).toBe(t);
    expect(parseIstDateTime('2025-12-02')).toBe(Date.parse('2025-12-01T18:30:00Z'));
    expect(parseIstDateTime('nonsense')).toBeUndefined();
  });
});

describe('SimClock', () => {
  it('reports NSE phases in IST', () => {
    const clock = new SimClock({ mode: 'fixed', fixedMs: ist('2025-12-02 08:59:59') });
    expect(clock.phase()).toBe('closed');
    clock.setFixed(ist('2025-12-02 09:00:00'));
    expect(clock.phase()).toBe('pre-open');
    clock.setFixed(ist('2025-12-02 09:15:00'));
    expect(clock.phase()).toBe('open');
    clock.setFixed(ist('2025-12-02 15:29:59'));
    expect(clock.phase()).toBe('open');
    clock.setFixed(ist('2025-12-02 15:30:00'));
    expect(clock.phase()).toBe('closed');
  });

  it('treats weekends and configured holidays as holiday', () => {
    const clock = new SimClock({ fixedMs: ist('2025-12-06 10:00:00'), holidays: ['2025-12-25'] });
    expect(clock.phase()).toBe('holiday');
    expect(clock.phase(ist('2025-12-25 10:00:00'))).toBe('holiday');
    expect(clock.phase(ist('2025-12-24 10:00:00'))).toBe('open');
  });

  it('supports fixed, shifted and real modes and advancing', () => {
    let real = 1_000_000;
    const clock = new SimClock({ realNow: () => real });
    expect(clock.now()).toBe(1_000_000);
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
    expect(clock.now()).toBe(50);
    clock.setReal();
    expect(clock.now()).toBe(real);
  });

  it('lets a phase override win for the current instant only', () => {
    const clock = new SimClock({ fixedMs: ist('2025-12-06 03:00:00') });
    clock.setPhaseOverride('open');
    expect(clock.phase()).toBe('open');
    expect(clock.phase(ist('2025-12-06 03:00:00'))).toBe('holiday');
    clock.setPhaseOverride(undefined);
    expect(clock.phase()).toBe('holiday');
  });

  it('notifies listeners on change', () => {
    const clock = new SimClock({ fixedMs: 0 });
    let calls = 0;
    clock.onChange(() => (calls += 1));
    clock.advance(1);
    clock.setHolidays(['2025-01-01']);
    expect(calls).toBe(2);
  });
});
