import { describe, expect, it } from 'vitest';
import { formatIstWallClock, istDate, istFromClientDate, nextIstTime, parseIstWallClock } from './ist-time.js';

const SIX_AM = { hour: 6, minute: 0 };

describe('IST time', () => {
  it('should find the next 06:00 IST after a login during the trading day', () => {
    // 2026-11-25 10:00 IST = 04:30Z → expires 2026-11-26 06:00 IST = 00:30Z
    expect(new Date(nextIstTime(Date.parse('2026-11-25T04:30:00Z'), SIX_AM)).toISOString()).toBe(
      '2026-11-26T00:30:00.000Z',
    );
  });

  it('should pick the same day when the login is before 06:00 IST, and the next day at exactly 06:00', () => {
    expect(new Date(nextIstTime(Date.parse('2026-11-24T23:00:00Z'), SIX_AM)).toISOString()).toBe(
      '2026-11-25T00:30:00.000Z',
    );
    expect(new Date(nextIstTime(Date.parse('2026-11-25T00:30:00Z'), SIX_AM)).toISOString()).toBe(
      '2026-11-26T00:30:00.000Z',
    );
  });

  it('should give the IST calendar date, which differs from the UTC date after 18:30Z', () => {
    expect(istDate(Date.parse('2026-11-25T18:29:59Z'))).toBe('2026-11-25');
    expect(istDate(Date.parse('2026-11-25T18:30:00Z'))).toBe('2026-11-26');
  });

  it("should format an instant as Kite's IST wall clock", () => {
    expect(formatIstWallClock(new Date('2026-11-25T03:45:00Z'))).toBe('2026-11-25 09:15:00');
  });

  it("should read Kite's wall-clock strings as IST", () => {
    expect(parseIstWallClock('2026-11-25 09:15:00')?.toISOString()).toBe('2026-11-25T03:45:00.000Z');
    expect(parseIstWallClock('25/11/2026')).toBeUndefined();
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
