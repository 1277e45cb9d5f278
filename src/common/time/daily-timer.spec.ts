import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ControllableClock } from './clock.js';
import { scheduleDailyIst } from './daily-timer.js';
import { parseIstDateTime } from './ist.js';

const ist = (text: string): number => parseIstDateTime(text)!;
const AT_0830 = { hour: 8, minute: 30 };

describe(scheduleDailyIst.name, () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it("should fire when the injected clock's IST time reaches the time of day, then again the next day", async () => {
    vi.setSystemTime(ist('2026-12-01 08:29:00'));
    const clock = ControllableClock.startingAt(Date.now());
    const tick = vi.fn();
    const stop = scheduleDailyIst(clock, AT_0830, tick);
    await vi.advanceTimersByTimeAsync(59_000);
    expect(tick).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(tick).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(86_400_000);
    expect(tick).toHaveBeenCalledTimes(2);
    stop();
    await vi.advanceTimersByTimeAsync(86_400_000);
    expect(tick).toHaveBeenCalledTimes(2);
  });

  it('should follow a pinned clock rather than the host clock, and fire once when it jumps past the time', async () => {
    vi.setSystemTime(ist('2026-12-01 08:29:00'));
    const clock = ControllableClock.fixedAt(ist('2026-12-01 23:00:00'));
    const tick = vi.fn();
    const stop = scheduleDailyIst(clock, AT_0830, tick);
    await vi.advanceTimersByTimeAsync(3_600_000); // the host passes 08:30, the pinned clock does not
    expect(tick).not.toHaveBeenCalled();
    clock.setFixed(ist('2026-12-02 08:31:00'));
    expect(tick).toHaveBeenCalledTimes(1);
    clock.advance(60_000);
    expect(tick).toHaveBeenCalledTimes(1);
    stop();
  });
});
