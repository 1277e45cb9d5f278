import { describe, expect, it } from 'vitest';
import { nseCalendar, parseSpecialSession } from '../../../common/time/index.js';
import { NseSessionHours } from './market-hours.js';

/** IST wall-clock → epoch ms, without the host's zone. */
const ist = (y: number, m: number, d: number, hh: number, mm: number) => Date.UTC(y, m - 1, d, hh, mm) - 330 * 60_000;

describe(NseSessionHours.name, () => {
  const sut = new NseSessionHours(nseCalendar());

  it('should be open from 09:15 to 15:30 IST on a trading day, not in the pre-open', () => {
    // Wednesday 2026-11-25
    expect(sut.isOpen(ist(2026, 11, 25, 9, 5))).toBe(false);
    expect(sut.isOpen(ist(2026, 11, 25, 9, 15))).toBe(true);
    expect(sut.isOpen(ist(2026, 11, 25, 15, 29))).toBe(true);
    expect(sut.isOpen(ist(2026, 11, 25, 15, 30))).toBe(false);
  });

  it('should be closed on weekends and on NSE holidays, and open in a configured special session', () => {
    expect(sut.isOpen(ist(2026, 11, 28, 11, 0))).toBe(false); // Saturday
    expect(sut.isOpen(ist(2026, 1, 26, 11, 0))).toBe(false); // Republic Day, a Monday
    expect(sut.isOpen(ist(2026, 1, 27, 11, 0))).toBe(true);
    const special = new NseSessionHours(
      nseCalendar({ extraHolidays: [], specialSessions: [parseSpecialSession('2026-11-29@18:00-19:00')!] }),
    );
    expect(special.isOpen(ist(2026, 11, 29, 18, 30))).toBe(true); // a Sunday session
    expect(special.isOpen(ist(2026, 11, 29, 11, 0))).toBe(false);
  });
});
