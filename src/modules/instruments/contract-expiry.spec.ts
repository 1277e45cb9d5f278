import { describe, expect, it } from 'vitest';
import { CALENDAR_SWEEP, sweepInstant } from '../../../test/support/calendar-sweep.js';
import { MS_PER_DAY, istDate, parseIstDateTime } from '../../common/time/index.js';
import { expiryCutAt, hasExpired } from './contract-expiry.js';

const ist = (text: string): number => parseIstDateTime(text)!;

describe('contract expiry', () => {
  it("should end an NFO contract at 15:30 IST on its expiry day and keep other exchanges' to the day's end", () => {
    expect(hasExpired('2026-12-01', 'NFO', expiryCutAt(ist('2026-12-01 15:29:59')))).toBe(false);
    expect(hasExpired('2026-12-01', 'NFO', expiryCutAt(ist('2026-12-01 15:30:00')))).toBe(true);
    expect(hasExpired('2026-12-01', 'BFO', expiryCutAt(ist('2026-12-01 15:30:00')))).toBe(true);
    expect(hasExpired('2026-12-01', 'CDS', expiryCutAt(ist('2026-12-01 23:59:59')))).toBe(false);
    expect(hasExpired('2026-12-01', 'CDS', expiryCutAt(ist('2026-12-02 00:00:00')))).toBe(true);
    expect(hasExpired(null, 'NSE', expiryCutAt(ist('2026-12-02 00:00:00')))).toBe(false);
  });
});

describe.each(CALENDAR_SWEEP)('contract expiry at $ist IST ($name)', (sweepCase) => {
  const now = sweepInstant(sweepCase);
  const cut = expiryCutAt(now);
  const [today, time] = sweepCase.ist.split(' ') as [string, string];

  it("should expire yesterday's contracts, keep tomorrow's, and today's NFO ones only until the close", () => {
    expect(cut.today).toBe(today);
    expect(hasExpired(istDate(now - MS_PER_DAY), 'NFO', cut)).toBe(true);
    expect(hasExpired(istDate(now + MS_PER_DAY), 'NFO', cut)).toBe(false);
    expect(hasExpired(today, 'NFO', cut)).toBe(time >= '15:30:00');
    expect(hasExpired(today, 'CDS', cut)).toBe(false);
  });
});
