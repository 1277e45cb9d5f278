/**
 * Time to expiry in years, always in IST (UTC+05:30, no daylight saving) whatever the host's time zone.
 *   calendar: (expiry instant − now) / 365 days — ACT/365, continuous per tick (like India VIX's minutes).
 *   trading:  remaining NSE session minutes (09:15–15:30 IST, weekdays, minus holidays) / (252 × 375).
 *             Labelled and opt-in: it differs a lot from calendar time over weekends.
 */

export const IST_OFFSET_MS = 330 * 60_000;
const MS_PER_MINUTE = 60_000;
const MS_PER_DAY = 86_400_000;
const MINUTES_PER_DAY = 1_440;
export const CALENDAR_YEAR_MS = 365 * MS_PER_DAY;
const TRADING_DAYS_PER_YEAR = 252;
const SESSION_OPEN_MINUTE = 9 * 60 + 15;
const SESSION_CLOSE_MINUTE = 15 * 60 + 30;
const SESSION_MINUTES = SESSION_CLOSE_MINUTE - SESSION_OPEN_MINUTE;
export const TRADING_YEAR_MINUTES = TRADING_DAYS_PER_YEAR * SESSION_MINUTES;
/** Bound on the day-by-day walk of the trading basis (ten years of expiries is far beyond any listing). */
const MAX_TRADING_HORIZON_DAYS = 3_660;
/** 1970-01-01 was a Thursday: (epochDay + 4) mod 7 gives 0 = Sunday … 6 = Saturday. */
const EPOCH_WEEKDAY_OFFSET = 4;
const SUNDAY = 0;
const SATURDAY = 6;

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_PATTERN = /^(\d{2}):(\d{2})$/;

/** Days since 1970-01-01 of an IST calendar date 'YYYY-MM-DD'; NaN when malformed. */
export function istEpochDay(date: string): number {
  const match = DATE_PATTERN.exec(date);
  if (!match) {
    return Number.NaN;
  }
  const [, year, month, day] = match;
  return Date.UTC(Number(year), Number(month) - 1, Number(day)) / MS_PER_DAY;
}

/** Minute of the day of 'HH:MM'. */
export function minuteOfDay(time: string): number {
  const match = TIME_PATTERN.exec(time);
  return match ? Number(match[1]) * 60 + Number(match[2]) : Number.NaN;
}

/** The UTC instant (ms) of `time` IST on the IST date `date`. */
export function istInstantMs(date: string, time: string): number {
  return istEpochDay(date) * MS_PER_DAY + minuteOfDay(time) * MS_PER_MINUTE - IST_OFFSET_MS;
}

export function calendarYearsToExpiry(nowMs: number, expiryMs: number): number {
  return (expiryMs - nowMs) / CALENDAR_YEAR_MS;
}

function isTradingDay(epochDay: number, holidays: ReadonlySet<number>): boolean {
  const weekday = (epochDay + EPOCH_WEEKDAY_OFFSET) % 7;
  return weekday !== SUNDAY && weekday !== SATURDAY && !holidays.has(epochDay);
}

/** Holiday dates → IST epoch days (malformed entries are ignored; config validation rejects them). */
export function holidayDays(dates: readonly string[]): ReadonlySet<number> {
  return new Set(dates.map(istEpochDay).filter((day) => Number.isFinite(day)));
}

/**
 * Remaining trading time in years of 252 sessions of 375 minutes. At or after the expiry instant it
 * returns the (non-positive) calendar value, so the kernel reports the option as expired.
 */
export function tradingYearsToExpiry(
  nowMs: number,
  expiryDate: string,
  expiryTime: string,
  holidays: ReadonlySet<number>,
): number {
  const expiryMs = istInstantMs(expiryDate, expiryTime);
  if (!(nowMs < expiryMs)) {
    return calendarYearsToExpiry(nowMs, expiryMs);
  }
  const istNow = nowMs + IST_OFFSET_MS;
  const today = Math.floor(istNow / MS_PER_DAY);
  const nowMinute = (istNow - today * MS_PER_DAY) / MS_PER_MINUTE;
  const expiryDay = istEpochDay(expiryDate);
  const expiryMinute = Math.min(minuteOfDay(expiryTime), SESSION_CLOSE_MINUTE);
  const lastDay = Math.min(expiryDay, today + MAX_TRADING_HORIZON_DAYS);
  let minutes = 0;
  for (let day = today; day <= lastDay; day++) {
    if (!isTradingDay(day, holidays)) {
      continue;
    }
    const from = day === today ? Math.max(SESSION_OPEN_MINUTE, nowMinute) : SESSION_OPEN_MINUTE;
    const to = day === expiryDay ? expiryMinute : SESSION_CLOSE_MINUTE;
    minutes += Math.max(0, Math.min(to, MINUTES_PER_DAY) - from);
  }
  return minutes / TRADING_YEAR_MINUTES;
}
