import {
  type IstTimeOfDay,
  SATURDAY,
  SUNDAY,
  dateStringToDay,
  dayToDateString,
  istTimeOnDay,
  minuteOf,
  weekdayOfDay,
} from './ist.js';

/** An IST day number, or its date 'YYYY-MM-DD'. */
export type DayRef = number | string;

export interface MarketHoliday {
  date: string;
  name: string;
  /** From a list the exchange has not published yet (see nse-holidays.json). */
  provisional?: boolean;
}

/** A session on a day with other hours (Muhurat trading) or on a day that is otherwise closed. */
export interface SpecialSession {
  date: string;
  name: string;
  open: IstTimeOfDay;
  close: IstTimeOfDay;
}

export interface MarketSession {
  day: number;
  date: string;
  /** Pre-open call auction start (equal to openMs for special sessions, which have none here). */
  preOpenMs: number;
  openMs: number;
  closeMs: number;
  special: boolean;
}

/** NSE equity and equity-derivatives hours, IST. */
export const NSE_HOURS = {
  preOpen: { hour: 9, minute: 0 },
  open: { hour: 9, minute: 15 },
  close: { hour: 15, minute: 30 },
} as const satisfies Record<string, IstTimeOfDay>;

export const PRE_OPEN_START_MINUTE = minuteOf(NSE_HOURS.preOpen);
export const OPEN_START_MINUTE = minuteOf(NSE_HOURS.open);
export const CLOSE_MINUTE = minuteOf(NSE_HOURS.close);

export class InvalidMarketDateError extends Error {
  constructor(value: string) {
    super(`Invalid market date ${value} (expected a real date YYYY-MM-DD)`);
    this.name = 'InvalidMarketDateError';
  }
}

const toDay = (ref: DayRef): number => {
  if (typeof ref === 'number') {
    return ref;
  }
  const day = dateStringToDay(ref);
  if (day === undefined) {
    throw new InvalidMarketDateError(ref);
  }
  return day;
};

const toHoliday = (entry: MarketHoliday | string): MarketHoliday =>
  typeof entry === 'string' ? { date: entry, name: 'holiday' } : entry;

/**
 * The NSE trading calendar: weekends, exchange holidays and special sessions, with the session hours of
 * any day. Pure and synchronous; days are IST day numbers or 'YYYY-MM-DD' strings.
 */
export class MarketCalendar {
  private readonly holidayDays = new Map<number, MarketHoliday>();
  private readonly specialDays = new Map<number, SpecialSession>();
  /** Bumped whenever the holidays change, so caches derived from the calendar can notice. */
  version = 0;

  constructor(
    options: { holidays?: Iterable<MarketHoliday | string>; specialSessions?: Iterable<SpecialSession> } = {},
  ) {
    this.setHolidays(options.holidays ?? []);
    for (const session of options.specialSessions ?? []) {
      this.specialDays.set(toDay(session.date), session);
    }
  }

  /** Replaces every holiday. Throws on a malformed date. */
  setHolidays(holidays: Iterable<MarketHoliday | string>): void {
    const next = new Map<number, MarketHoliday>();
    for (const entry of holidays) {
      const holiday = toHoliday(entry);
      next.set(toDay(holiday.date), holiday);
    }
    this.holidayDays.clear();
    for (const [day, holiday] of next) {
      this.holidayDays.set(day, holiday);
    }
    this.version += 1;
  }

  /** Every holiday date, ascending. */
  holidays(): string[] {
    return [...this.holidayDays.keys()].sort((a, b) => a - b).map(dayToDateString);
  }

  holiday(ref: DayRef): MarketHoliday | undefined {
    return this.holidayDays.get(toDay(ref));
  }

  specialSessions(): SpecialSession[] {
    return [...this.specialDays.values()].sort((a, b) => a.date.localeCompare(b.date));
  }

  isWeekend(ref: DayRef): boolean {
    const weekday = weekdayOfDay(toDay(ref));
    return weekday === SATURDAY || weekday === SUNDAY;
  }

  isHoliday(ref: DayRef): boolean {
    return this.holidayDays.has(toDay(ref));
  }

  /** A weekday that is not a holiday: the days that carry regular sessions, settlements and expiries. */
  isRegularTradingDay(ref: DayRef): boolean {
    const day = toDay(ref);
    return !this.isWeekend(day) && !this.holidayDays.has(day);
  }

  /** Any day with a session: regular trading days and special sessions (e.g. Muhurat on a Sunday). */
  isTradingDay(ref: DayRef): boolean {
    const day = toDay(ref);
    return this.isRegularTradingDay(day) || this.specialDays.has(day);
  }

  /** The session of a day, or undefined when the market is closed all day. */
  session(ref: DayRef): MarketSession | undefined {
    const day = toDay(ref);
    const special = this.specialDays.get(day);
    if (special) {
      const openMs = istTimeOnDay(day, special.open.hour, special.open.minute);
      const closeMs = istTimeOnDay(day, special.close.hour, special.close.minute);
      return { day, date: dayToDateString(day), preOpenMs: openMs, openMs, closeMs, special: true };
    }
    if (!this.isRegularTradingDay(day)) {
      return undefined;
    }
    return {
      day,
      date: dayToDateString(day),
      preOpenMs: istTimeOnDay(day, 0, PRE_OPEN_START_MINUTE),
      openMs: istTimeOnDay(day, 0, OPEN_START_MINUTE),
      closeMs: istTimeOnDay(day, 0, CLOSE_MINUTE),
      special: false,
    };
  }

  /** The regular trading day on or before `ref`. */
  onOrBefore(ref: DayRef): number {
    let day = toDay(ref);
    while (!this.isRegularTradingDay(day)) {
      day -= 1;
    }
    return day;
  }

  /** The regular trading day on or after `ref`. */
  onOrAfter(ref: DayRef): number {
    let day = toDay(ref);
    while (!this.isRegularTradingDay(day)) {
      day += 1;
    }
    return day;
  }

  previousTradingDay(ref: DayRef): number {
    return this.onOrBefore(toDay(ref) - 1);
  }

  nextTradingDay(ref: DayRef): number {
    return this.onOrAfter(toDay(ref) + 1);
  }

  /** NSE moves an expiry that falls on a holiday (or weekend) to the previous trading day. */
  expiryDay(scheduled: DayRef): number {
    return this.onOrBefore(scheduled);
  }
}
