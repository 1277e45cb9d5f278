/**
 * Time to expiry in years, always in IST whatever the host's time zone.
 *   calendar: (expiry instant − now) / 365 days — ACT/365, continuous per tick (like India VIX's minutes).
 *   trading:  remaining NSE session minutes (the MarketCalendar's sessions: weekdays 09:15–15:30 IST minus
 *             holidays, plus special sessions) / (252 × 375). Labelled and opt-in: it differs a lot from
 *             calendar time over weekends.
 */
import {
  CLOSE_MINUTE,
  MS_PER_DAY,
  MS_PER_MINUTE,
  type MarketCalendar,
  OPEN_START_MINUTE,
  dateStringToDay,
  istDayNumber,
  istInstantMs,
} from '../../common/time/index.js';

export const CALENDAR_YEAR_MS = 365 * MS_PER_DAY;
const TRADING_DAYS_PER_YEAR = 252;
export const TRADING_YEAR_MINUTES = TRADING_DAYS_PER_YEAR * (CLOSE_MINUTE - OPEN_START_MINUTE);
/** Bound on the day-by-day walk of the trading basis (ten years of expiries is far beyond any listing). */
const MAX_TRADING_HORIZON_DAYS = 3_660;

export function calendarYearsToExpiry(nowMs: number, expiryMs: number): number {
  return (expiryMs - nowMs) / CALENDAR_YEAR_MS;
}

/**
 * Remaining trading time in years of 252 sessions of 375 minutes, up to `expiryTime` IST on `expiryDate`.
 * At or after the expiry instant it returns the (non-positive) calendar value, so the kernel reports the
 * option as expired.
 */
export function tradingYearsToExpiry(
  nowMs: number,
  expiryDate: string,
  expiryTime: string,
  calendar: MarketCalendar,
): number {
  const expiryMs = istInstantMs(expiryDate, expiryTime);
  if (!(nowMs < expiryMs)) {
    return calendarYearsToExpiry(nowMs, expiryMs);
  }
  const today = istDayNumber(nowMs);
  const lastDay = Math.min(dateStringToDay(expiryDate)!, today + MAX_TRADING_HORIZON_DAYS);
  let ms = 0;
  for (let day = today; day <= lastDay; day++) {
    const session = calendar.session(day);
    if (session) {
      ms += Math.max(0, Math.min(session.closeMs, expiryMs) - Math.max(session.openMs, nowMs));
    }
  }
  return ms / MS_PER_MINUTE / TRADING_YEAR_MINUTES;
}
