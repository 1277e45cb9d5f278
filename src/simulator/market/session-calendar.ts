import { istDayNumber, istTimeOnDay } from '../../common/time/ist.js';
import { CLOSE_MINUTE, OPEN_START_MINUTE } from '../../common/time/market-calendar.js';
import type { MarketCalendar } from '../../common/time/market-calendar.js';

export interface Session {
  day: number;
  startMs: number;
  endMs: number;
  prevCloseMs: number;
}

/** Sessions cached; the cache is reset when full or when the holidays change. */
const MAX_CACHED_SESSIONS = 4_096;

/** Maps instants to NSE sessions (09:15–15:30 IST on trading days). Session objects are stable while cached. */
export class SessionCalendar {
  private readonly cache = new Map<number, Session>();
  private calendarVersion: number;

  constructor(private readonly calendar: MarketCalendar) {
    this.calendarVersion = calendar.version;
  }

  /** The session `ms` belongs to: the latest one that has opened at or before `ms`. */
  sessionOf(ms: number): Session {
    if (this.calendar.version !== this.calendarVersion || this.cache.size >= MAX_CACHED_SESSIONS) {
      this.cache.clear();
      this.calendarVersion = this.calendar.version;
    }
    let day = istDayNumber(ms);
    if (!this.calendar.isRegularTradingDay(day) || ms < istTimeOnDay(day, 0, OPEN_START_MINUTE)) {
      day = this.calendar.previousTradingDay(day);
    }
    let session = this.cache.get(day);
    if (!session) {
      session = {
        day,
        startMs: istTimeOnDay(day, 0, OPEN_START_MINUTE),
        endMs: istTimeOnDay(day, 0, CLOSE_MINUTE),
        prevCloseMs: istTimeOnDay(this.calendar.previousTradingDay(day), 0, CLOSE_MINUTE),
      };
      this.cache.set(day, session);
    }
    return session;
  }
}
