import { describe, expect, it } from 'vitest';
import {
  CALENDAR_YEAR_MS,
  TRADING_YEAR_MINUTES,
  calendarYearsToExpiry,
  holidayDays,
  istInstantMs,
  tradingYearsToExpiry,
} from './time-to-expiry.js';

// Instants are built from UTC: the functions must not depend on the host's time zone (run under TZ=UTC and
// TZ=America/New_York to check).
const utc = (iso: string) => Date.parse(iso);

describe('time to expiry in IST', () => {
  it('should place 15:30 IST on the expiry date at 10:00 UTC', () => {
    expect(istInstantMs('2026-12-01', '15:30')).toBe(utc('2026-12-01T10:00:00Z'));
  });

  it('should measure calendar time to 15:30 IST over 365 days', () => {
    const now = utc('2026-11-24T10:00:00Z'); // Tuesday 15:30 IST, one week before
    const years = calendarYearsToExpiry(now, istInstantMs('2026-12-01', '15:30'));
    expect(years).toBe((7 * 86_400_000) / CALENDAR_YEAR_MS);
  });

  it('should count only session minutes on the trading basis: Friday close to Tuesday expiry is two sessions', () => {
    const fridayClose = utc('2026-11-27T10:00:00Z');
    const years = tradingYearsToExpiry(fridayClose, '2026-12-01', '15:30', new Set());
    expect(years * TRADING_YEAR_MINUTES).toBeCloseTo(2 * 375, 9);
  });

  it("should skip holidays and count the part of today's session that is left", () => {
    const mondayNoonIst = utc('2026-11-30T06:30:00Z'); // 12:00 IST
    const plain = tradingYearsToExpiry(mondayNoonIst, '2026-12-01', '15:30', new Set());
    expect(plain * TRADING_YEAR_MINUTES).toBeCloseTo(210 + 375, 9);
    const withHoliday = tradingYearsToExpiry(mondayNoonIst, '2026-12-02', '15:30', holidayDays(['2026-12-01']));
    expect(withHoliday * TRADING_YEAR_MINUTES).toBeCloseTo(210 + 375, 9);
  });

  it('should be non-positive at and after expiry so that the kernel reports expired', () => {
    const expiry = istInstantMs('2026-12-01', '15:30');
    expect(calendarYearsToExpiry(expiry, expiry)).toBe(0);
    expect(tradingYearsToExpiry(expiry + 60_000, '2026-12-01', '15:30', new Set())).toBeLessThan(0);
  });
});
