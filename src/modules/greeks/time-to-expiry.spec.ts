import { describe, expect, it } from 'vitest';
import { CALENDAR_SWEEP, sweepInstant } from '../../../test/support/calendar-sweep.js';
import { MarketCalendar, istInstantMs, nseCalendar } from '../../common/time/index.js';
import {
  CALENDAR_YEAR_MS,
  TRADING_YEAR_MINUTES,
  calendarYearsToExpiry,
  tradingYearsToExpiry,
} from './time-to-expiry.js';

// Instants are built from UTC: the functions must not depend on the host's time zone (run under TZ=UTC and
// TZ=America/New_York to check).
const utc = (iso: string) => Date.parse(iso);
const noHolidays = new MarketCalendar();
const nse = nseCalendar();

describe('time to expiry in IST', () => {
  it('should measure calendar time to 15:30 IST over 365 days', () => {
    const now = utc('2026-11-24T10:00:00Z'); // Tuesday 15:30 IST, one week before
    const years = calendarYearsToExpiry(now, istInstantMs('2026-12-01', '15:30'));
    expect(years).toBe((7 * 86_400_000) / CALENDAR_YEAR_MS);
  });

  it('should count only session minutes on the trading basis: Friday close to Tuesday expiry is two sessions', () => {
    const fridayClose = utc('2026-11-27T10:00:00Z');
    const years = tradingYearsToExpiry(fridayClose, '2026-12-01', '15:30', noHolidays);
    expect(years * TRADING_YEAR_MINUTES).toBeCloseTo(2 * 375, 9);
  });

  it("should skip holidays and count the part of today's session that is left", () => {
    const mondayNoonIst = utc('2026-11-30T06:30:00Z'); // 12:00 IST
    const plain = tradingYearsToExpiry(mondayNoonIst, '2026-12-01', '15:30', noHolidays);
    expect(plain * TRADING_YEAR_MINUTES).toBeCloseTo(210 + 375, 9);
    const withHoliday = tradingYearsToExpiry(
      mondayNoonIst,
      '2026-12-02',
      '15:30',
      new MarketCalendar({ holidays: ['2026-12-01'] }),
    );
    expect(withHoliday * TRADING_YEAR_MINUTES).toBeCloseTo(210 + 375, 9);
  });

  it("should skip NSE's published holidays: Holi week has one session fewer", () => {
    const fridayClose = utc('2026-02-27T10:00:00Z');
    const years = tradingYearsToExpiry(fridayClose, '2026-03-04', '15:30', nse);
    expect(years * TRADING_YEAR_MINUTES).toBeCloseTo(2 * 375, 9); // Monday 2 and Wednesday 4; Holi on Tuesday 3
  });

  it('should be non-positive at and after expiry so that the kernel reports expired', () => {
    const expiry = istInstantMs('2026-12-01', '15:30');
    expect(calendarYearsToExpiry(expiry, expiry)).toBe(0);
    expect(tradingYearsToExpiry(expiry + 60_000, '2026-12-01', '15:30', noHolidays)).toBeLessThan(0);
  });
});

describe.each(CALENDAR_SWEEP)('time to expiry at $ist IST ($name)', (sweepCase) => {
  const now = sweepInstant(sweepCase);
  const [today] = sweepCase.ist.split(' ') as [string];

  it("should reach zero exactly at today's 15:30 IST expiry: positive before, non-positive after", () => {
    const expiryMs = istInstantMs(today, '15:30');
    const calendar = calendarYearsToExpiry(now, expiryMs);
    const trading = tradingYearsToExpiry(now, today, '15:30', nse);
    expect(calendar > 0).toBe(now < expiryMs);
    expect(trading > 0).toBe(now < expiryMs && nse.isTradingDay(today));
    expect(trading * TRADING_YEAR_MINUTES).toBeLessThanOrEqual(375);
  });

  it('should count, to an expiry a week ahead, at most the sessions of the days in between', () => {
    const weekAhead = new Date(utc(`${today}T00:00:00Z`) + 7 * 86_400_000).toISOString().slice(0, 10);
    const trading = tradingYearsToExpiry(now, weekAhead, '15:30', nse) * TRADING_YEAR_MINUTES;
    expect(trading).toBeGreaterThan(0);
    expect(trading).toBeLessThanOrEqual(6 * 375);
    const calendar = calendarYearsToExpiry(now, istInstantMs(weekAhead, '15:30')) * 365;
    expect(calendar).toBeGreaterThan(6);
    expect(calendar).toBeLessThan(8);
  });
});
