import { describe, expect, it } from 'vitest';
import { NseWeekdaySessionHours } from './market-hours.js';

/** IST wall-clock → epoch ms, without the host's zone. */
const ist = (y: number, m: number, d: number, hh: number, mm: number) => Date.UTC(y, m - 1, d, hh, mm) - 330 * 60_000;

describe(NseWeekdaySessionHours.name, () => {
  const sut = new NseWeekdaySessionHours();

  it('should be open from 09:15 to 15:30 IST on a weekday', () => {
    // Wednesday 2026-11-25
    expect(sut.isOpen(ist(2026, 11, 25, 9, 14))).toBe(false);
    expect(sut.isOpen(ist(2026, 11, 25, 9, 15))).toBe(true);
    expect(sut.isOpen(ist(2026, 11, 25, 15, 29))).toBe(true);
    expect(sut.isOpen(ist(2026, 11, 25, 15, 30))).toBe(false);
  });

  it('should be closed on Saturday and Sunday', () => {
    expect(sut.isOpen(ist(2026, 11, 28, 11, 0))).toBe(false);
    expect(sut.isOpen(ist(2026, 11, 29, 11, 0))).toBe(false);
    expect(sut.isOpen(ist(2026, 11, 30, 11, 0))).toBe(true);
  });
});
