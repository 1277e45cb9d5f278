import { describe, expect, it } from 'vitest';
import { dateStringToDay } from '../../common/time/ist.js';
import { MarketCalendar } from '../../common/time/market-calendar.js';
import { monthlyExpiries, optionExpiries, weeklyExpiries } from './expiries.js';
import { futureSymbol, monthlyOptionSymbol, weeklyOptionSymbol } from './symbols.js';

const day = (date: string): number => dateStringToDay(date)!;
const ms = (iso: string): number => Date.parse(iso);

describe('Kite tradingsymbol formats', () => {
  it('formats weekly options with a one-character month and the day', () => {
    expect(weeklyOptionSymbol('NIFTY', day('2025-12-02'), 24000, 'CE')).toBe('NIFTY25D0224000CE');
    expect(weeklyOptionSymbol('NIFTY', day('2026-01-06'), 26050, 'PE')).toBe('NIFTY2610626050PE');
    expect(weeklyOptionSymbol('NIFTY', day('2026-10-13'), 25000, 'CE')).toBe('NIFTY26O1325000CE');
    expect(weeklyOptionSymbol('NIFTY', day('2026-11-03'), 25000, 'CE')).toBe('NIFTY26N0325000CE');
  });

  it('formats monthly options and futures with the three-letter month', () => {
    expect(monthlyOptionSymbol('NIFTY', day('2025-12-30'), 24000, 'CE')).toBe('NIFTY25DEC24000CE');
    expect(monthlyOptionSymbol('BANKNIFTY', day('2026-01-27'), 58000, 'PE')).toBe('BANKNIFTY26JAN58000PE');
    expect(futureSymbol('NIFTY', day('2025-12-30'))).toBe('NIFTY25DECFUT');
  });
});

describe('NSE expiry calendar (Tuesday expiries)', () => {
  const calendar = new MarketCalendar();

  it('lists the monthly expiry on the last Tuesday of each month at 15:30 IST', () => {
    const from = ms('2025-11-25T04:00:00Z');
    const expiries = monthlyExpiries(from, 3, calendar, day('2025-11-25'));
    expect(expiries.map((e) => e.date)).toEqual(['2025-11-25', '2025-12-30', '2026-01-27']);
    expect(new Date(expiries[0]!.expiryMs).toISOString()).toBe('2025-11-25T10:00:00.000Z');
  });

  it('drops an expiry already past 15:30 IST on its day', () => {
    const after = ms('2025-11-25T10:00:01Z');
    expect(monthlyExpiries(after, 1, calendar, day('2025-11-25'))[0]!.date).toBe('2025-12-30');
  });

  it('lists weekly Tuesdays and marks the month-end one monthly', () => {
    const expiries = weeklyExpiries(ms('2025-12-01T04:00:00Z'), 5, calendar, day('2025-12-01'));
    expect(expiries.map((e) => [e.date, e.monthly])).toEqual([
      ['2025-12-02', false],
      ['2025-12-09', false],
      ['2025-12-16', false],
      ['2025-12-23', false],
      ['2025-12-30', true],
    ]);
  });

  it('moves an expiry falling on a holiday to the previous trading day', () => {
    const holidays = new MarketCalendar({ holidays: ['2025-12-30'] });
    expect(monthlyExpiries(ms('2025-12-01T04:00:00Z'), 1, holidays, day('2025-12-01'))[0]!.date).toBe('2025-12-29');
  });

  it('merges weeklies and monthlies without duplicates', () => {
    const all = optionExpiries(ms('2025-12-01T04:00:00Z'), day('2025-12-01'), 4, 3, calendar).map((e) => e.date);
    expect(all).toEqual([
      '2025-12-02',
      '2025-12-09',
      '2025-12-16',
      '2025-12-23',
      '2025-12-30',
      '2026-01-27',
      '2026-02-24',
    ]);
  });
});
