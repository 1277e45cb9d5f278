import { Injectable } from '@nestjs/common';
import { istDayNumber, MarketCalendar } from '../../../common/time/index.js';

/**
 * Whether the exchange is in a trading session at an instant: the "no ticks during market hours" watchdog
 * only fires then. A seam: tests and other exchanges provide their own.
 */
export abstract class MarketHoursProbe {
  abstract isOpen(nowMs: number): boolean;
}

/**
 * NSE's normal market from the shared MarketCalendar: 09:15–15:30 IST on regular trading days (weekends and
 * published holidays closed, MARKET_HOLIDAYS_EXTRA and MARKET_SPECIAL_SESSIONS honoured). Pre-open is not
 * "open": options do not trade then, so a quiet socket is expected.
 */
@Injectable()
export class NseSessionHours extends MarketHoursProbe {
  constructor(private readonly calendar: MarketCalendar) {
    super();
  }

  isOpen(nowMs: number): boolean {
    const session = this.calendar.session(istDayNumber(nowMs));
    return session !== undefined && nowMs >= session.openMs && nowMs < session.closeMs;
  }
}
