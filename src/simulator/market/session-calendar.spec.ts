import { describe, expect, it } from 'vitest';
import { CALENDAR_SWEEP, sweepInstant } from '../../../test/support/calendar-sweep.js';
import { istDayNumber, parseIstDateTime } from '../../common/time/ist.js';
import { nseCalendar } from '../../common/time/nse-calendar.js';
import { SessionCalendar } from './session-calendar.js';

const nse = nseCalendar();

describe('simulated sessions on the NSE calendar', () => {
  it('should carry a holiday and its weekend back to the last session, and close before the holiday', () => {
    const sessions = new SessionCalendar(nse);
    const onHoli = sessions.sessionOf(parseIstDateTime('2026-03-03 11:00:00')!);
    expect(onHoli.startMs).toBe(parseIstDateTime('2026-03-02 09:15:00'));
    const wednesday = sessions.sessionOf(parseIstDateTime('2026-03-04 10:00:00')!);
    expect(wednesday.prevCloseMs).toBe(parseIstDateTime('2026-03-02 15:30:00'));
  });
});

describe.each(CALENDAR_SWEEP)('simulated session at $ist IST ($name)', (sweepCase) => {
  it('should be the latest session that has opened, on a trading day, with the previous trading close', () => {
    const now = sweepInstant(sweepCase);
    const session = new SessionCalendar(nse).sessionOf(now);
    expect(session.startMs).toBeLessThanOrEqual(now);
    expect(nse.isRegularTradingDay(session.day)).toBe(true);
    expect(session.endMs - session.startMs).toBe(375 * 60_000);
    const next = nse.session(nse.nextTradingDay(session.day))!;
    expect(next.openMs).toBeGreaterThan(now);
    expect(session.prevCloseMs).toBe(nse.session(nse.previousTradingDay(session.day))!.closeMs);
    expect(session.day).toBeLessThanOrEqual(istDayNumber(now));
  });
});
