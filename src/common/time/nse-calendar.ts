import nseHolidays from './nse-holidays.json' with { type: 'json' };
import { parseTimeOfDay } from './ist.js';
import { MarketCalendar, type MarketHoliday, type SpecialSession } from './market-calendar.js';

/** The exchange's holidays as published (2027 provisional: see the file's `years` notes). */
export const NSE_HOLIDAYS: readonly MarketHoliday[] = nseHolidays.holidays;

export interface MarketCalendarSettings {
  /** Added to (or repeating) the published holidays: MARKET_HOLIDAYS_EXTRA. */
  extraHolidays: readonly string[];
  /** MARKET_SPECIAL_SESSIONS. */
  specialSessions: readonly SpecialSession[];
}

const SPECIAL_SESSION = /^(\d{4}-\d{2}-\d{2})@(\d{2}:\d{2})-(\d{2}:\d{2})$/;

/** `YYYY-MM-DD@HH:MM-HH:MM` (IST) as a special session; undefined when malformed or closing before it opens. */
export const parseSpecialSession = (text: string): SpecialSession | undefined => {
  const match = SPECIAL_SESSION.exec(text.trim());
  const open = match ? parseTimeOfDay(match[2]!) : undefined;
  const close = match ? parseTimeOfDay(match[3]!) : undefined;
  if (!match || !open || !close || open.hour * 60 + open.minute >= close.hour * 60 + close.minute) {
    return undefined;
  }
  return { date: match[1]!, name: 'special session (MARKET_SPECIAL_SESSIONS)', open, close };
};

/** NSE's calendar: the published holidays, then what the configuration adds. */
export const nseCalendar = (
  settings: MarketCalendarSettings = { extraHolidays: [], specialSessions: [] },
): MarketCalendar =>
  new MarketCalendar({
    holidays: [
      ...NSE_HOLIDAYS,
      ...settings.extraHolidays.map((date) => ({ date, name: 'holiday (MARKET_HOLIDAYS_EXTRA)' })),
    ],
    specialSessions: settings.specialSessions,
  });
