import { SATURDAY, SUNDAY, dateStringToDay, dayToDateString, weekdayOfDay } from './ist.js';

/** NSE trading days: weekdays that are not configured holidays (IST dates). */
export class TradingCalendar {
  private readonly holidayDays = new Set<number>();
  /** Bumped whenever the holidays change, so caches derived from the calendar can notice. */
  version = 0;

  constructor(holidays: Iterable<string> = []) {
    this.setHolidays(holidays);
  }

  setHolidays(holidays: Iterable<string>): void {
    this.version += 1;
    this.holidayDays.clear();
    for (const date of holidays) {
      const day = dateStringToDay(date);
      if (day === undefined) {
        throw new Error(`Invalid holiday date ${date} (expected YYYY-MM-DD)`);
      }
      this.holidayDays.add(day);
    }
  }

  holidays(): string[] {
    return [...this.holidayDays].sort((a, b) => a - b).map(dayToDateString);
  }

  isHoliday(day: number): boolean {
    return this.holidayDays.has(day);
  }

  isWeekend(day: number): boolean {
    const weekday = weekdayOfDay(day);
    return weekday === SATURDAY || weekday === SUNDAY;
  }

  isTradingDay(day: number): boolean {
    return !this.isWeekend(day) && !this.holidayDays.has(day);
  }

  /** The trading day on or before `day`. */
  onOrBefore(day: number): number {
    let d = day;
    while (!this.isTradingDay(d)) {
      d -= 1;
    }
    return d;
  }

  previousTradingDay(day: number): number {
    return this.onOrBefore(day - 1);
  }
}
