import { describe, expect, it } from 'vitest';
import { CALENDAR_SWEEP, sweepInstant } from '../../../test/support/calendar-sweep.js';
import { dateStringToDay, dayToDateString, istDate, istDayNumber, parseIstDateTime } from './ist.js';
import { InvalidMarketDateError, MarketCalendar } from './market-calendar.js';
import { NSE_HOLIDAYS, nseCalendar, parseSpecialSession } from './nse-calendar.js';

const ist = (text: string): number => parseIstDateTime(text)!;
const nse = nseCalendar();
const date = (day: number): string => dayToDateString(day);

describe('NSE holiday data', () => {
  it('should list the 16 weekday holidays of NSE’s 2026 circular', () => {
    expect(NSE_HOLIDAYS.filter((h) => h.date.startsWith('2026')).map((h) => h.date)).toEqual([
      '2026-01-15',
      '2026-01-26',
      '2026-03-03',
      '2026-03-26',
      '2026-03-31',
      '2026-04-03',
      '2026-04-14',
      '2026-05-01',
      '2026-05-28',
      '2026-06-26',
      '2026-09-14',
      '2026-10-02',
      '2026-10-20',
      '2026-11-10',
      '2026-11-24',
      '2026-12-25',
    ]);
  });

  it('should list only weekdays, real dates, and mark every 2027 entry provisional', () => {
    for (const holiday of NSE_HOLIDAYS) {
      expect(dateStringToDay(holiday.date), holiday.date).toEqual(expect.any(Number));
      expect(nse.isWeekend(holiday.date), holiday.date).toBe(false);
      expect(holiday.provisional === true, holiday.date).toBe(holiday.date.startsWith('2027'));
    }
  });
});

describe('MarketCalendar', () => {
  it('should close on weekends and holidays, and walk to the previous and next trading days', () => {
    expect(nse.isTradingDay('2026-03-02')).toBe(true);
    expect(nse.isTradingDay('2026-03-03')).toBe(false);
    expect(nse.holiday('2026-03-03')?.name).toBe('Holi');
    expect(nse.isTradingDay('2026-12-05')).toBe(false);
    expect(date(nse.previousTradingDay('2026-03-04'))).toBe('2026-03-02');
    expect(date(nse.nextTradingDay('2026-12-24'))).toBe('2026-12-28'); // Christmas Friday, then the weekend
    expect(date(nse.nextTradingDay('2026-12-31'))).toBe('2027-01-01');
  });

  it('should give session instants: pre-open 09:00, open 09:15, close 15:30 IST, none on a closed day', () => {
    expect(nse.session('2026-12-01')).toEqual({
      day: dateStringToDay('2026-12-01'),
      date: '2026-12-01',
      preOpenMs: ist('2026-12-01 09:00'),
      openMs: ist('2026-12-01 09:15'),
      closeMs: ist('2026-12-01 15:30'),
      special: false,
    });
    expect(nse.session('2026-12-05')).toBeUndefined();
    expect(nse.session('2026-10-02')).toBeUndefined();
  });

  it('should move an expiry that falls on a holiday to the previous trading day', () => {
    expect(date(nse.expiryDay('2026-03-03'))).toBe('2026-03-02'); // Holi
    expect(date(nse.expiryDay('2026-11-24'))).toBe('2026-11-23'); // Guru Nanak Jayanti: monthly moves too
    expect(date(nse.expiryDay('2026-03-31'))).toBe('2026-03-30'); // Mahavir Jayanti
    expect(date(nse.expiryDay('2026-12-01'))).toBe('2026-12-01');
  });

  it('should add configured holidays and open special sessions (Muhurat on a Sunday)', () => {
    const muhurat = parseSpecialSession('2026-11-08@18:00-19:00')!;
    const calendar = nseCalendar({ extraHolidays: ['2027-03-22'], specialSessions: [muhurat] });
    expect(calendar.isTradingDay('2027-03-22')).toBe(false);
    expect(calendar.isTradingDay('2026-11-08')).toBe(true);
    expect(calendar.isRegularTradingDay('2026-11-08')).toBe(false);
    expect(calendar.session('2026-11-08')).toMatchObject({
      openMs: ist('2026-11-08 18:00'),
      closeMs: ist('2026-11-08 19:00'),
      special: true,
    });
    expect(date(calendar.expiryDay('2026-11-08'))).toBe('2026-11-06');
    expect(parseSpecialSession('2026-11-08@19:00-18:00')).toBeUndefined();
  });

  it('should refuse impossible dates and count holiday changes', () => {
    const calendar = new MarketCalendar();
    expect(() => calendar.isTradingDay('2026-02-30')).toThrow(InvalidMarketDateError);
    expect(() => calendar.setHolidays(['2026-13-01'])).toThrow(InvalidMarketDateError);
    const before = calendar.version;
    calendar.setHolidays(['2026-12-01']);
    expect(calendar.version).toBe(before + 1);
    expect(calendar.holidays()).toEqual(['2026-12-01']);
  });
});

describe.each(CALENDAR_SWEEP)('the NSE calendar at $ist IST ($name)', (sweepCase) => {
  const now = sweepInstant(sweepCase);
  const today = istDayNumber(now);

  it('should agree with itself: a day trades exactly when it has a session, inside trading-day neighbours', () => {
    const session = nse.session(today);
    expect(session !== undefined).toBe(nse.isTradingDay(today));
    expect(session === undefined || istDate(session.openMs) === istDate(now)).toBe(true);
    expect(nse.isTradingDay(nse.previousTradingDay(today))).toBe(true);
    expect(nse.isTradingDay(nse.nextTradingDay(today))).toBe(true);
    expect(nse.previousTradingDay(today)).toBeLessThan(today);
    expect(nse.nextTradingDay(today)).toBeGreaterThan(today);
  });

  it("should place this week's Tuesday expiry on a trading day at or before the Tuesday", () => {
    const tuesday = today + ((2 - ((today + 4) % 7) + 7) % 7);
    const expiry = nse.expiryDay(tuesday);
    expect(nse.isRegularTradingDay(expiry)).toBe(true);
    expect(expiry).toBeLessThanOrEqual(tuesday);
    expect(tuesday - expiry).toBeLessThan(7);
  });
});
