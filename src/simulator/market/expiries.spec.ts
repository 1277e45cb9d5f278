import { describe, expect, it } from 'vitest';
import { CALENDAR_SWEEP, sweepInstant } from '../../../test/support/calendar-sweep.js';
import { TUESDAY, dayToDateString, istDayNumber, parseIstDateTime, weekdayOfDay } from '../../common/time/ist.js';
import { nseCalendar } from '../../common/time/nse-calendar.js';
import { EXPIRY_HOUR, EXPIRY_MINUTE, optionExpiries } from './expiries.js';

const nse = nseCalendar();
const ist = (text: string): number => parseIstDateTime(text)!;
const listed = (nowMs: number) => optionExpiries(nowMs, istDayNumber(nowMs), 4, 3, nse);

describe('simulated expiries on the NSE calendar', () => {
  it("should move Holi's Tuesday expiry to Monday and drop it after Monday's close", () => {
    expect(listed(ist('2026-03-02 10:00:00'))[0]?.date).toBe('2026-03-02');
    expect(listed(ist('2026-03-02 15:31:00'))[0]?.date).toBe('2026-03-10');
    expect(listed(ist('2026-03-03 11:00:00'))[0]?.date).toBe('2026-03-10');
  });

  it("should move November 2026's monthly expiry off Guru Nanak Jayanti to Monday 23rd", () => {
    const november = listed(ist('2026-11-20 10:00:00')).find((e) => e.monthly && e.date.startsWith('2026-11'));
    expect(november?.date).toBe('2026-11-23');
  });
});

describe.each(CALENDAR_SWEEP)('simulated expiries at $ist IST ($name)', (sweepCase) => {
  const now = sweepInstant(sweepCase);
  const expiries = listed(now);

  it('should list only expiries still trading, on regular trading days, at 15:30 IST, in order', () => {
    expect(expiries.length).toBeGreaterThanOrEqual(4);
    for (const expiry of expiries) {
      expect(expiry.expiryMs).toBeGreaterThan(now);
      expect(nse.isRegularTradingDay(expiry.day)).toBe(true);
      expect(dayToDateString(expiry.day)).toBe(expiry.date);
      expect(expiry.expiryMs).toBe(ist(`${expiry.date} ${EXPIRY_HOUR}:${EXPIRY_MINUTE}`));
    }
    expect(expiries.map((e) => e.day)).toEqual([...new Set(expiries.map((e) => e.day))].sort((a, b) => a - b));
  });

  it("should make the nearest expiry this week's (holiday-adjusted) Tuesday until its close, then next week's", () => {
    let tuesday = istDayNumber(now) - 7;
    while (weekdayOfDay(tuesday) !== TUESDAY) {
      tuesday += 1;
    }
    const candidates = [tuesday, tuesday + 7, tuesday + 14].map((t) => nse.expiryDay(t));
    const nearest = candidates.find((day) => ist(`${dayToDateString(day)} 15:30`) > now);
    expect(expiries[0]?.day).toBe(nearest);
  });

  it('should flag the last expiry of each month monthly', () => {
    for (const expiry of expiries.filter((e) => e.monthly)) {
      const later = expiries.find((e) => e.day > expiry.day && e.date.slice(0, 7) === expiry.date.slice(0, 7));
      expect(later).toBeUndefined();
    }
  });
});
