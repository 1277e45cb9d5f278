import { describe, expect, it } from 'vitest';
import { parseIstDateTime } from '../../common/time/ist.js';
import { MarketCalendar } from '../../common/time/market-calendar.js';
import { DEFAULT_UNDERLYINGS } from './market-config.js';
import { buildUniverse } from './universe.js';

const LISTING_MS = parseIstDateTime('2026-11-25 09:15:00')!;

describe('buildUniverse', () => {
  it('should list more than 30,000 instruments when asked for wide chains and more expiries, every strike positive', () => {
    const wide = DEFAULT_UNDERLYINGS.map((spec) => ({
      ...spec,
      strikesEachSide: 600,
      weeklyExpiries: spec.weeklyExpiries > 0 ? 6 : 0,
      monthlyExpiries: 4,
    }));
    const listed = buildUniverse(wide, LISTING_MS, new MarketCalendar());
    expect(listed.length).toBeGreaterThanOrEqual(30_000);
    const options = listed.filter((l) => l.instrument.kind === 'CE' || l.instrument.kind === 'PE');
    expect(options.every((l) => l.instrument.strike > 0)).toBe(true);
    const tokens = listed.map((l) => l.instrument.instrumentToken);
    expect(new Set(tokens).size).toBe(tokens.length);
  });
});
