import { describe, expect, it, vi } from 'vitest';
import { CALENDAR_SWEEP, sweepClock } from '../../../test/support/calendar-sweep.js';
import { ControllableClock } from '../../common/time/clock.js';
import { istDayNumber, parseIstDateTime } from '../../common/time/ist.js';
import { SimClock } from './sim-clock.js';

const ist = (text: string): number => parseIstDateTime(text)!;

describe('SimClock', () => {
  it('should report NSE phases in IST', () => {
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

  it('should treat weekends and configured holidays as holiday', () => {
    const clock = new SimClock({ fixedMs: ist('2025-12-06 10:00:00'), holidays: ['2025-12-25'] });
    expect(clock.phase()).toBe('holiday');
    expect(clock.phase(ist('2025-12-25 10:00:00'))).toBe('holiday');
    expect(clock.phase(ist('2025-12-24 10:00:00'))).toBe('open');
  });

  it("should close on NSE's published holidays by default", () => {
    const clock = new SimClock({ fixedMs: ist('2026-03-03 10:00:00') });
    expect(clock.phase()).toBe('holiday');
    expect(clock.phase(ist('2026-03-02 10:00:00'))).toBe('open');
  });

  it('should read and move a shared ControllableClock, and tell its listeners when anyone moves it', () => {
    const shared = ControllableClock.fixedAt(ist('2026-12-01 15:29:00'));
    const clock = new SimClock({ instance: shared });
    const changed = vi.fn();
    clock.onChange(changed);
    expect(clock.phase()).toBe('open');
    shared.advance(120_000);
    expect(clock.now()).toBe(ist('2026-12-01 15:31:00'));
    expect(clock.phase()).toBe('closed');
    clock.advance(60_000);
    expect(shared.now()).toBe(ist('2026-12-01 15:32:00'));
    expect(changed).toHaveBeenCalledTimes(2);
    clock.detach();
    shared.advance(1);
    expect(changed).toHaveBeenCalledTimes(2);
  });

  it('should let a phase override win for the current instant only', () => {
    const clock = new SimClock({ fixedMs: ist('2025-12-06 03:00:00') });
    clock.setPhaseOverride('open');
    expect(clock.phase()).toBe('open');
    expect(clock.phase(ist('2025-12-06 03:00:00'))).toBe('holiday');
    clock.setPhaseOverride(undefined);
    expect(clock.phase()).toBe('holiday');
  });

  it('should notify listeners of time, phase and holiday changes', () => {
    const clock = new SimClock({ fixedMs: 0 });
    const changed = vi.fn();
    clock.onChange(changed);
    clock.advance(1);
    clock.setHolidays(['2025-01-01']);
    clock.setPhaseOverride('open');
    expect(changed).toHaveBeenCalledTimes(3);
    expect(clock.snapshot()).toMatchObject({
      mode: 'fixed',
      nowMs: 1,
      holidays: ['2025-01-01'],
      phaseOverride: 'open',
    });
  });
});

describe.each(CALENDAR_SWEEP)('SimClock phase at $ist IST ($name)', (sweepCase) => {
  it('should be open exactly inside the NSE session of a trading day', () => {
    const clock = new SimClock({ instance: sweepClock(sweepCase) });
    const session = clock.calendar.session(istDayNumber(clock.now()));
    const now = clock.now();
    const expected = !session
      ? 'holiday'
      : now >= session.preOpenMs && now < session.openMs
        ? 'pre-open'
        : now >= session.openMs && now < session.closeMs
          ? 'open'
          : 'closed';
    expect(clock.phase()).toBe(expected);
    expect(clock.phase() === 'holiday').toBe(!clock.calendar.isTradingDay(istDayNumber(now)));
  });
});
