import { Clock, type ClockMode, type ClockState, ControllableClock } from '../../common/time/clock.js';
import { istDayNumber } from '../../common/time/ist.js';
import { MarketCalendar } from '../../common/time/market-calendar.js';
import { NSE_HOLIDAYS } from '../../common/time/nse-calendar.js';
import type { MarketPhase, SimClockView } from '../contracts/simulator.contracts.js';

export type { ClockMode } from '../../common/time/clock.js';

export interface SimClockOptions {
  /**
   * An existing clock to read and move (shared with a test and the service under test). When given,
   * mode, fixedMs, offsetMs and realNow are ignored.
   */
  instance?: ControllableClock;
  mode?: ClockMode;
  /** For `fixed`: the frozen epoch ms. */
  fixedMs?: number;
  /** For `shifted`: added to the real time. */
  offsetMs?: number;
  /** Forces every phase() answer regardless of time. */
  phaseOverride?: MarketPhase;
  /** Every holiday of the simulated exchange. Default: NSE's published list. */
  holidays?: string[];
  /** Source of real time; injectable for tests. */
  realNow?: () => number;
}

export interface ClockSnapshot extends ClockState {
  phase: MarketPhase;
  phaseOverride: MarketPhase | null;
  holidays: string[];
}

type ClockChangeListener = () => void;

/**
 * The simulated market clock: a ControllableClock (real, frozen or shifted time; possibly shared with the
 * service under test) plus NSE phases in IST from the one MarketCalendar, and an optional phase override.
 */
export class SimClock extends Clock implements SimClockView {
  readonly base: ControllableClock;
  readonly calendar: MarketCalendar;
  private phaseOverride: MarketPhase | undefined;
  private readonly listeners = new Set<ClockChangeListener>();
  private readonly detachBase: () => void;

  constructor(options: SimClockOptions = {}) {
    super();
    this.base = options.instance ?? new ControllableClock(options);
    this.phaseOverride = options.phaseOverride;
    this.calendar = new MarketCalendar({ holidays: options.holidays ?? NSE_HOLIDAYS });
    this.detachBase = this.base.onChange(() => this.changed());
  }

  now(): number {
    return this.base.now();
  }

  phase(atMs?: number): MarketPhase {
    if (this.phaseOverride && atMs === undefined) {
      return this.phaseOverride;
    }
    return this.naturalPhase(atMs ?? this.now());
  }

  /** The phase from the calendar alone, ignoring any override. */
  naturalPhase(atMs: number): MarketPhase {
    const session = this.calendar.session(istDayNumber(atMs));
    if (!session) {
      return 'holiday';
    }
    if (atMs >= session.preOpenMs && atMs < session.openMs) {
      return 'pre-open';
    }
    return atMs >= session.openMs && atMs < session.closeMs ? 'open' : 'closed';
  }

  setReal(): void {
    this.base.setReal();
  }

  setFixed(ms: number): void {
    this.base.setFixed(ms);
  }

  /** Shifts real time so that `now()` reads `targetMs` at this instant, then runs on. */
  setShiftedTo(targetMs: number): void {
    this.base.setShiftedTo(targetMs);
  }

  setShifted(offsetMs: number): void {
    this.base.setShifted(offsetMs);
  }

  /** Moves time forward: the frozen instant in fixed mode, the offset otherwise (real becomes shifted). */
  advance(ms: number): void {
    this.base.advance(ms);
  }

  setPhaseOverride(phase: MarketPhase | undefined): void {
    this.phaseOverride = phase;
    this.changed();
  }

  /** Replaces every holiday of the simulated exchange. */
  setHolidays(holidays: string[]): void {
    this.calendar.setHolidays(holidays);
    this.changed();
  }

  /** Called after every change of time, phase or holidays, e.g. so working orders are re-checked. */
  override onChange(listener: ClockChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Stops following the shared clock (the simulator stopped; the clock lives on). */
  detach(): void {
    this.detachBase();
    this.listeners.clear();
  }

  snapshot(): ClockSnapshot {
    return {
      ...this.base.state(),
      phase: this.phase(),
      phaseOverride: this.phaseOverride ?? null,
      holidays: this.calendar.holidays(),
    };
  }

  private changed(): void {
    for (const listener of this.listeners) {
      listener();
    }
  }
}
