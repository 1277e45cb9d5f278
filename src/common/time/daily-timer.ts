import type { Clock } from './clock.js';
import { type IstTimeOfDay, MS_PER_DAY, nextIstTime } from './ist.js';

/** setTimeout's longest delay (about 24.8 days); a later target simply re-arms. */
const MAX_TIMER_MS = 2_147_483_647;

/**
 * Calls `onTick` each day when the clock's IST wall time reaches `time`. Reads the injected Clock rather
 * than the host's: it fires when that clock gets there (a fixed clock never does until it is advanced, and
 * a jump past the time fires once). Real timers only wait. Returns a function that stops it.
 */
export const scheduleDailyIst = (clock: Clock, time: IstTimeOfDay, onTick: () => void): (() => void) => {
  let due = nextIstTime(clock.now(), time);
  let timer: NodeJS.Timeout | undefined;
  const check = (): void => {
    const now = clock.now();
    if (now >= due) {
      due = nextIstTime(now, time);
      onTick();
    } else if (due - now > MS_PER_DAY) {
      due = nextIstTime(now, time); // the clock went back: the next occurrence is sooner
    }
    arm();
  };
  const arm = (): void => {
    clearTimeout(timer);
    timer = setTimeout(check, Math.min(Math.max(due - clock.now(), 0), MAX_TIMER_MS));
    timer.unref();
  };
  const unsubscribe = clock.onChange(check);
  arm();
  return () => {
    unsubscribe();
    clearTimeout(timer);
  };
};
