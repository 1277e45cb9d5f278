import { describe, expect, it } from 'vitest';
import { CALENDAR_SWEEP, sweepInstant } from '../../../test/support/calendar-sweep.js';
import {
  formatIstIso,
  dateStringToDay,
  dayToDateString,
  formatIstCandleTime,
  formatIstDateTime,
  istDate,
  istDayNumber,
  istDayStartMs,
  istFromClientDate,
  istInstantMs,
  istMinuteOfDay,
  nextIstTime,
  parseInstant,
  parseIstDateTime,
  weekdayOfDay,
} from './ist.js';

// Instants are built from UTC: nothing may depend on the host's zone (run under TZ=UTC and TZ=America/New_York).
const utc = (iso: string) => Date.parse(iso);
const SIX_AM = { hour: 6, minute: 0 };

describe('IST time', () => {
  it('should find the next 06:00 IST after a login during the trading day', () => {
    // 2026-11-25 10:00 IST = 04:30Z → expires 2026-11-26 06:00 IST = 00:30Z
    expect(nextIstTime(utc('2026-11-25T04:30:00Z'), SIX_AM)).toBe(utc('2026-11-26T00:30:00Z'));
  });

  it('should pick the same day when the login is before 06:00 IST, and the next day at exactly 06:00', () => {
    expect(nextIstTime(utc('2026-11-24T23:00:00Z'), SIX_AM)).toBe(utc('2026-11-25T00:30:00Z'));
    expect(nextIstTime(utc('2026-11-25T00:30:00Z'), SIX_AM)).toBe(utc('2026-11-26T00:30:00Z'));
  });

  it('should give the IST calendar date, which differs from the UTC date after 18:30Z', () => {
    expect(istDate(utc('2026-11-25T18:29:59Z'))).toBe('2026-11-25');
    expect(istDate(utc('2026-11-25T18:30:00Z'))).toBe('2026-11-26');
  });

  it("should format instants as Kite's IST wall clock and candle time", () => {
    const t = utc('2025-12-02T03:45:07Z');
    expect(formatIstDateTime(t)).toBe('2025-12-02 09:15:07');
    expect(formatIstCandleTime(t)).toBe('2025-12-02T09:15:07+0530');
  });

  it('should format an instant as ISO 8601 with the IST offset, naming the same instant', () => {
    const text = formatIstIso(new Date('2026-11-25T18:45:00Z'));
    expect(text).toBe('2026-11-26T00:15:00+05:30');
    expect(new Date(text).toISOString()).toBe('2026-11-25T18:45:00.000Z');
  });

  it("should read Kite's wall-clock strings as IST and refuse impossible ones instead of rolling them over", () => {
    expect(parseIstDateTime('2025-12-02 09:15:07')).toBe(utc('2025-12-02T03:45:07Z'));
    expect(parseIstDateTime('2025-12-02')).toBe(utc('2025-12-01T18:30:00Z'));
    expect(parseIstDateTime('25/11/2026')).toBeUndefined();
    expect(parseIstDateTime('2026-02-30 10:00:00')).toBeUndefined();
    expect(parseIstDateTime('2026-12-01 24:00:00')).toBeUndefined();
    expect(dateStringToDay('2026-02-29')).toBeUndefined();
    expect(istInstantMs('2026-12-01', '15:30')).toBe(utc('2026-12-01T10:00:00Z'));
    expect(istInstantMs('2026-12-01', '25:00')).toBeNaN();
  });

  it('should read an instant from IST wall time, ISO 8601 or epoch milliseconds', () => {
    expect(parseInstant('2026-12-01 15:29:00')).toBe(utc('2026-12-01T09:59:00Z'));
    expect(parseInstant('2026-12-01T09:59:00Z')).toBe(utc('2026-12-01T09:59:00Z'));
    expect(parseInstant(String(utc('2026-12-01T09:59:00Z')))).toBe(utc('2026-12-01T09:59:00Z'));
    expect(parseInstant('next tuesday')).toBeUndefined();
    expect(parseInstant(undefined)).toBeUndefined();
  });

  it('should recover IST from the host-local Date kiteconnect builds, whatever the host zone', () => {
    // What the client does with "2026-11-25 09:15:00": new Date(str), i.e. host-local.
    const clientDate = new Date('2026-11-25 09:15:00');
    expect(istFromClientDate(clientDate)?.toISOString()).toBe('2026-11-25T03:45:00.000Z');
    expect(istFromClientDate('2026-11-25 09:15:00')?.toISOString()).toBe('2026-11-25T03:45:00.000Z');
    expect(istFromClientDate(new Date('nonsense'))).toBeUndefined();
    expect(istFromClientDate(null)).toBeUndefined();
  });
});

describe.each(CALENDAR_SWEEP)('IST arithmetic at $ist IST ($name)', (sweepCase) => {
  const now = sweepInstant(sweepCase);
  const [date, time] = sweepCase.ist.split(' ') as [string, string];

  it('should agree with the wall clock: date, day start, minute of day and weekday', () => {
    const day = istDayNumber(now);
    expect(istDate(now)).toBe(date);
    expect(dayToDateString(day)).toBe(date);
    expect(dateStringToDay(date)).toBe(day);
    expect(istDayStartMs(day)).toBe(parseIstDateTime(date));
    const [hours, minutes] = time.split(':').map(Number) as [number, number];
    expect(istMinuteOfDay(now)).toBe(hours * 60 + minutes);
    expect(weekdayOfDay(day)).toBe(new Date(`${date}T12:00:00Z`).getUTCDay());
    expect(formatIstDateTime(now)).toBe(sweepCase.ist);
  });

  it("should put the next 06:00 IST logout within the next day, on today's date only before 06:00", () => {
    const expiry = nextIstTime(now, SIX_AM);
    expect(expiry).toBeGreaterThan(now);
    expect(expiry - now).toBeLessThanOrEqual(86_400_000);
    expect(formatIstDateTime(expiry).slice(11)).toBe('06:00:00');
    expect(istDate(expiry) === date).toBe(time < '06:00:00');
  });
});
