import { NSE_HOURS, dayToDateString, istDayNumber, istTimeOnDay } from '../../common/time/index.js';

/**
 * Exchanges whose derivatives stop trading at the equity-derivatives close (15:30 IST) on their expiry day.
 * Contracts of other exchanges (currency, commodity) trade to other hours: they are kept until their
 * expiry day is over.
 */
const EXPIRE_AT_EQUITY_CLOSE: readonly string[] = ['NFO', 'BFO'];

/** Where "expired" ends at an instant: every expiry before `today`, and today's on the exchanges listed. */
export interface ExpiryCut {
  /** IST date 'YYYY-MM-DD'. */
  today: string;
  /** Exchanges whose contracts expiring today have already expired. */
  expiredToday: string[];
}

export const expiryCutAt = (nowMs: number): ExpiryCut => {
  const day = istDayNumber(nowMs);
  const equityClosed = nowMs >= istTimeOnDay(day, NSE_HOURS.close.hour, NSE_HOURS.close.minute);
  return { today: dayToDateString(day), expiredToday: equityClosed ? [...EXPIRE_AT_EQUITY_CLOSE] : [] };
};

export const hasExpired = (expiry: string | null, exchange: string, cut: ExpiryCut): boolean =>
  expiry !== null && (expiry < cut.today || (expiry === cut.today && cut.expiredToday.includes(exchange)));
