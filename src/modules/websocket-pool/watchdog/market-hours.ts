import { Injectable } from '@nestjs/common';

/**
 * Whether the exchange is in its trading session at an instant: the "no ticks during market hours"
 * watchdog only fires then. The NSE trading calendar (holidays) can replace the default by providing this
 * token; the default knows weekends and the session times only.
 */
export abstract class MarketHoursProbe {
  abstract isOpen(nowMs: number): boolean;
}

const IST_OFFSET_MS = (5 * 60 + 30) * 60_000;
const MS_PER_MINUTE = 60_000;
const MINUTES_PER_DAY = 24 * 60;
const MS_PER_DAY = MINUTES_PER_DAY * MS_PER_MINUTE;
/** 1970-01-01 was a Thursday: day 0 → weekday 4 (0 = Sunday). */
const EPOCH_WEEKDAY = 4;
const SATURDAY = 6;
const SUNDAY = 0;
const DAYS_PER_WEEK = 7;
const SESSION_OPEN_MINUTE = 9 * 60 + 15;
const SESSION_CLOSE_MINUTE = 15 * 60 + 30;

/** NSE's normal market, 09:15–15:30 IST, Monday to Friday (no holiday calendar). Independent of the host's zone. */
@Injectable()
export class NseWeekdaySessionHours extends MarketHoursProbe {
  isOpen(nowMs: number): boolean {
    const istMs = nowMs + IST_OFFSET_MS;
    const day = Math.floor(istMs / MS_PER_DAY);
    const weekday = (((day + EPOCH_WEEKDAY) % DAYS_PER_WEEK) + DAYS_PER_WEEK) % DAYS_PER_WEEK;
    if (weekday === SATURDAY || weekday === SUNDAY) {
      return false;
    }
    const minute = Math.floor((istMs - day * MS_PER_DAY) / MS_PER_MINUTE);
    return minute >= SESSION_OPEN_MINUTE && minute < SESSION_CLOSE_MINUTE;
  }
}
