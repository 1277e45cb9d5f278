import {
  TUESDAY,
  dayParts,
  dayToDateString,
  firstDayOfMonth,
  istTimeOnDay,
  weekdayOfDay,
} from '../../common/time/ist.js';
import type { MarketCalendar } from '../../common/time/market-calendar.js';

export const EXPIRY_HOUR = 15;
export const EXPIRY_MINUTE = 30;
const DAYS_PER_WEEK = 7;
const MONTHS_PER_YEAR = 12;

export interface Expiry {
  /** IST day number of the (holiday-adjusted) expiry date. */
  day: number;
  date: string;
  /** 15:30 IST on the expiry date. */
  expiryMs: number;
  /** The last expiry of its calendar month (uses the monthly symbol format). */
  monthly: boolean;
}

const lastTuesdayOfMonth = (year: number, month: number): number => {
  const nextYear = month === MONTHS_PER_YEAR ? year + 1 : year;
  const nextMonth = month === MONTHS_PER_YEAR ? 1 : month + 1;
  let day = firstDayOfMonth(nextYear, nextMonth) - 1;
  while (weekdayOfDay(day) !== TUESDAY) {
    day -= 1;
  }
  return day;
};

const toExpiry = (day: number, monthly: boolean): Expiry => ({
  day,
  date: dayToDateString(day),
  expiryMs: istTimeOnDay(day, EXPIRY_HOUR, EXPIRY_MINUTE),
  monthly,
});

/** Monthly expiries (last Tuesday, moved to the previous trading day on a holiday) not yet past at `fromMs`. */
export const monthlyExpiries = (fromMs: number, count: number, calendar: MarketCalendar, fromDay: number): Expiry[] => {
  const result: Expiry[] = [];
  let { year, month } = dayParts(fromDay);
  while (result.length < count) {
    const day = calendar.onOrBefore(lastTuesdayOfMonth(year, month));
    const expiry = toExpiry(day, true);
    if (expiry.expiryMs > fromMs) {
      result.push(expiry);
    }
    month += 1;
    if (month > MONTHS_PER_YEAR) {
      month = 1;
      year += 1;
    }
  }
  return result;
};

/** The next `count` weekly (Tuesday) expiries, flagged monthly when they are their month's last. */
export const weeklyExpiries = (fromMs: number, count: number, calendar: MarketCalendar, fromDay: number): Expiry[] => {
  const result: Expiry[] = [];
  let tuesday = fromDay;
  while (weekdayOfDay(tuesday) !== TUESDAY) {
    tuesday += 1;
  }
  for (; result.length < count; tuesday += DAYS_PER_WEEK) {
    const { year, month } = dayParts(tuesday);
    const isMonthly = lastTuesdayOfMonth(year, month) === tuesday;
    const expiry = toExpiry(calendar.onOrBefore(tuesday), isMonthly);
    if (expiry.expiryMs > fromMs) {
      result.push(expiry);
    }
  }
  return result;
};

/** Union of weeklies and monthlies, by date. */
export const optionExpiries = (
  fromMs: number,
  fromDay: number,
  weeklies: number,
  monthlies: number,
  calendar: MarketCalendar,
): Expiry[] => {
  const byDay = new Map<number, Expiry>();
  for (const e of weeklyExpiries(fromMs, weeklies, calendar, fromDay)) {
    byDay.set(e.day, e);
  }
  for (const e of monthlyExpiries(fromMs, monthlies, calendar, fromDay)) {
    byDay.set(e.day, e);
  }
  return [...byDay.values()].sort((a, b) => a.day - b.day);
};
