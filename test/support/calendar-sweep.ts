import { ControllableClock } from '../../src/common/time/clock.js';
import { parseIstDateTime } from '../../src/common/time/ist.js';

/**
 * The instants every date-dependent suite runs at (unit tests and the booted app alike): the calendar sweep.
 * Each is an IST wall-clock time; suites pin a ControllableClock to it and share that clock with the
 * simulator and the app, so what they expect is computed from the same "now" the product reads.
 */
export interface SweepCase {
  /** Short name for test titles. */
  name: string;
  /** IST wall clock 'yyyy-mm-dd hh:mm:ss'. */
  ist: string;
  /** Why this instant is interesting. */
  why: string;
}

export const CALENDAR_SWEEP: readonly SweepCase[] = [
  { name: 'expiry-1529', ist: '2026-12-01 15:29:00', why: 'Tuesday NIFTY expiry, a minute before the close' },
  {
    name: 'expiry-1531',
    ist: '2026-12-01 15:31:00',
    why: "Tuesday expiry a minute after the close: today's contracts are over",
  },
  { name: 'expiry-2359', ist: '2026-12-01 23:59:00', why: 'Tuesday expiry evening (main was red here), 18:29 UTC' },
  { name: 'ist-midnight', ist: '2026-12-02 00:00:30', why: 'first minute of an IST day: 18:30 UTC the day before' },
  { name: 'token-0559', ist: '2026-12-02 05:59:00', why: "a minute before Kite's 06:00 IST logout" },
  { name: 'token-0601', ist: '2026-12-02 06:01:00', why: "a minute after Kite's 06:00 IST logout" },
  { name: 'saturday', ist: '2026-12-05 11:00:00', why: 'weekend: no session, expiries from next week' },
  { name: 'holi', ist: '2026-03-03 11:00:00', why: 'NSE holiday on a Tuesday: the weekly expiry moved to Monday' },
  {
    name: 'after-moved-expiry',
    ist: '2026-03-02 15:31:00',
    why: 'the Monday that took the holiday’s expiry, after 15:30',
  },
  { name: 'monthly-expiry', ist: '2026-12-29 14:00:00', why: 'last Tuesday of the month: the monthly expiry' },
  {
    name: 'monthly-on-holiday',
    ist: '2026-11-23 10:00:00',
    why: 'monthly expiry moved to Monday: the last Tuesday (Guru Nanak Jayanti) is a holiday',
  },
  { name: 'year-end', ist: '2026-12-31 23:59:00', why: '31 December 23:59 IST, a minute before the new year' },
  { name: 'new-year', ist: '2027-01-01 00:00:30', why: '1 January 00:00 IST (provisional 2027 calendar ahead)' },
];

export const sweepInstant = (sweepCase: SweepCase): number => {
  const ms = parseIstDateTime(sweepCase.ist);
  if (ms === undefined) {
    throw new Error(`calendar sweep case ${sweepCase.name} has an unreadable instant ${sweepCase.ist}`);
  }
  return ms;
};

/** A clock frozen at the case's instant; tests move it with advance()/setFixed(). */
export const sweepClock = (sweepCase: SweepCase): ControllableClock =>
  ControllableClock.fixedAt(sweepInstant(sweepCase));
