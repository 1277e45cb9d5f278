/**
 * The one source of "what time is it" for the product and the simulator. Everything that depends on the
 * date or the time of day (IST session, token expiry, instrument-master day, expiry retirement, time to
 * expiry) reads it through an injected Clock, so tests can pin any instant. Durations and timeouts are not
 * "time of day": measure them with the monotonic clock (performance.now / process.hrtime) and real timers.
 */
export abstract class Clock {
  /** Epoch milliseconds. */
  abstract now(): number;

  nowDate(): Date {
    return new Date(this.now());
  }

  /** Called when the clock jumps (never for the host clock). Returns a function that removes the listener. */
  onChange(_listener: () => void): () => void {
    return () => undefined;
  }
}

/** Wall-clock time of the host. */
export class SystemClock extends Clock {
  now(): number {
    return Date.now();
  }
}

export const CLOCK_MODES = ['real', 'fixed', 'shifted'] as const;
export type ClockMode = (typeof CLOCK_MODES)[number];

export interface ControllableClockOptions {
  mode?: ClockMode;
  /** For `fixed`: the frozen instant (epoch ms). */
  fixedMs?: number;
  /** For `shifted`: added to real time. */
  offsetMs?: number;
  /** Source of real time (tests may inject one). */
  realNow?: () => number;
}

export interface ClockState {
  mode: ClockMode;
  nowMs: number;
  fixedMs?: number;
  offsetMs: number;
}

type ClockListener = () => void;

/**
 * Real, frozen (advanced by hand) or shifted time. One instance can be shared by the service and an
 * in-process simulator, so both agree on the date whatever the test pins.
 */
export class ControllableClock extends Clock {
  private mode: ClockMode;
  private fixedMs: number;
  private offsetMs: number;
  private readonly realNow: () => number;
  private readonly listeners = new Set<ClockListener>();

  constructor(options: ControllableClockOptions = {}) {
    super();
    this.realNow = options.realNow ?? Date.now;
    this.mode = options.mode ?? (options.fixedMs !== undefined ? 'fixed' : options.offsetMs ? 'shifted' : 'real');
    this.fixedMs = options.fixedMs ?? this.realNow();
    this.offsetMs = options.offsetMs ?? 0;
  }

  /** A clock frozen at `atMs`. */
  static fixedAt(atMs: number): ControllableClock {
    return new ControllableClock({ mode: 'fixed', fixedMs: atMs });
  }

  /**
   * The clock a configuration asks for: `real`; `fixed` at `atMs` (default: now); `shifted` so that it reads
   * `atMs` now and runs on (default: no shift).
   */
  static fromSettings(mode: ClockMode, atMs?: number, realNow: () => number = Date.now): ControllableClock {
    switch (mode) {
      case 'real':
        return new ControllableClock({ mode, realNow });
      case 'fixed':
        return new ControllableClock({ mode, fixedMs: atMs ?? realNow(), realNow });
      case 'shifted':
        return new ControllableClock({ mode, offsetMs: atMs === undefined ? 0 : atMs - realNow(), realNow });
    }
  }

  /** A clock that reads `atMs` now and then runs at real speed. */
  static startingAt(atMs: number, realNow: () => number = Date.now): ControllableClock {
    return new ControllableClock({ mode: 'shifted', offsetMs: atMs - realNow(), realNow });
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

  get currentMode(): ClockMode {
    return this.mode;
  }

  setReal(): void {
    this.mode = 'real';
    this.changed();
  }

  setFixed(atMs: number): void {
    this.mode = 'fixed';
    this.fixedMs = atMs;
    this.changed();
  }

  /** From this instant on, now() reads `atMs` and runs at real speed. */
  setShiftedTo(atMs: number): void {
    this.setShifted(atMs - this.realNow());
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

  /** Called after every change (jump, freeze, advance). Returns a function that removes the listener. */
  override onChange(listener: ClockListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  state(): ClockState {
    return {
      mode: this.mode,
      nowMs: this.now(),
      ...(this.mode === 'fixed' ? { fixedMs: this.fixedMs } : {}),
      offsetMs: this.mode === 'shifted' ? this.offsetMs : 0,
    };
  }

  private changed(): void {
    for (const listener of this.listeners) {
      listener();
    }
  }
}

/** The service's clock from CLOCK_MODE/CLOCK_AT: the host clock, or a pinned/shifted one for tests and demos. */
export const clockFor = (settings: { mode: ClockMode; atMs: number | undefined }): Clock =>
  settings.mode === 'real' ? new SystemClock() : ControllableClock.fromSettings(settings.mode, settings.atMs);
