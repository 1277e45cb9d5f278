import type { MarketPhase, SimClockView } from '../contracts/simulator.contracts.js';
import { istDayNumber, istMinuteOfDay } from './ist.js';
import { TradingCalendar } from './trading-calendar.js';

export type ClockMode = 'real' | 'fixed' | 'shifted';

/** NSE session boundaries, minutes after IST midnight. */
export const PRE_OPEN_START_MINUTE = 9 * 60;
export const OPEN_START_MINUTE = 9 * 60 + 15;
export const CLOSE_MINUTE = 15 * 60 + 30;

export interface SimClockOptions {
  mode?: ClockMode;
  /** For `fixed`: the frozen epoch ms. */
  fixedMs?: number;
  /** For `shifted`: added to the real time. */
  offsetMs?: number;
  /** Forces every phase() answer regardless of time. */
  phaseOverride?: MarketPhase;
  holidays?: string[];
  /** Source of real time; injectable for tests. */
  realNow?: () => number;
}

export interface ClockSnapshot {
  mode: ClockMode;
  nowMs: number;
  fixedMs?: number;
  offsetMs: number;
  phase: MarketPhase;
  phaseOverride: MarketPhase | null;
  holidays: string[];
}

type ClockChangeListener = () => void;

/** The simulated market clock: real, frozen (advanced by hand) or shifted time, with NSE phases in IST. */
export class SimClock implements SimClockView {
  private mode: ClockMode;
  private fixedMs: number;
  private offsetMs: number;
  private phaseOverride: MarketPhase | undefined;
  private readonly realNow: () => number;
  private readonly listeners: ClockChangeListener[] = [];
  readonly calendar: TradingCalendar;

  constructor(options: SimClockOptions = {}) {
    this.realNow = options.realNow ?? Date.now;
    this.mode = options.mode ?? (options.fixedMs !== undefined ? 'fixed' : options.offsetMs ? 'shifted' : 'real');
    this.fixedMs = options.fixedMs ?? this.realNow();
    this.offsetMs = options.offsetMs ?? 0;
    this.phaseOverride = options.phaseOverride;
    this.calendar = new TradingCalendar(options.holidays ?? []);
  }

  now(): number {
    switch (this.mode) {
      case 'fixed':
        return this.fixedMs;
      case 'shifted':
        return this.realNow() + this.offsetMs;
      case 'real':
        return this.realNow();
    }
  }

  phase(atMs?: number): MarketPhase {
    if (this.phaseOverride && atMs === undefined) {
      return this.phaseOverride;
    }
    return this.naturalPhase(atMs ?? this.now());
  }

  /** The phase from the calendar alone, ignoring any override. */
  naturalPhase(atMs: number): MarketPhase {
    const day = istDayNumber(atMs);
    if (!this.calendar.isTradingDay(day)) {
      return 'holiday';
    }
    const minute = istMinuteOfDay(atMs);
    if (minute >= PRE_OPEN_START_MINUTE && minute < OPEN_START_MINUTE) {
      return 'pre-open';
    }
    if (minute >= OPEN_START_MINUTE && minute < CLOSE_MINUTE) {
      return 'open';
    }
    return 'closed';
  }

  setReal(): void {
    this.mode = 'real';
    this.changed();
  }

  setFixed(ms: number): void {
    this.mode = 'fixed';
    this.fixedMs = ms;
    this.changed();
  }

  /** Shifts real time so that `now()` reads `targetMs` at this instant, then runs on. */
  setShiftedTo(targetMs: number): void {
    this.setShifted(targetMs - this.realNow());
  }

  setShifted(offsetMs: number): void {
    this.mode = 'shifted';
    this.offsetMs = offsetMs;
    this.changed();
  }

  /** Moves time forward: the frozen instant in fixed mode, the offset otherwise (real becomes shifted). */
  advance(ms: number): void {
    if (this.mode === 'fixed') {
      this.fixedMs += ms;
    } else {
      this.mode = 'shifted';
      this.offsetMs += ms;
    }
    this.changed();
  }

  setPhaseOverride(phase: MarketPhase | undefined): void {
    this.phaseOverride = phase;
    this.changed();
  }

  setHolidays(holidays: string[]): void {
    this.calendar.setHolidays(holidays);
    this.changed();
  }

  /** Called after every change, e.g. so working orders are re-checked at the new time. */
  onChange(listener: ClockChangeListener): void {
    this.listeners.push(listener);
  }

  snapshot(): ClockSnapshot {
    const nowMs = this.now();
    return {
      mode: this.mode,
      nowMs,
      ...(this.mode === 'fixed' ? { fixedMs: this.fixedMs } : {}),
      offsetMs: this.mode === 'shifted' ? this.offsetMs : 0,
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
