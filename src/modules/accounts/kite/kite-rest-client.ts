import type { Connect, HistoricalData, Instrument, Order, Position, SessionData, Trade } from 'kiteconnect';
import { formatIstDateTime, istFromClientDate } from '../../../common/time/index.js';
import type { KiteCallGuard } from './kite-call-guard.js';
import { KITE_ENDPOINTS } from './kite-endpoints.js';
import { KiteDataError } from './kite-errors.js';

export type PlaceOrderParams = Parameters<Connect['placeOrder']>[1];
export type OrderVariety = Parameters<Connect['placeOrder']>[0];
export type HistoricalInterval = Parameters<Connect['getHistoricalData']>[1];
export type ModifyOrderParams = Parameters<Connect['modifyOrder']>[2];

export interface KiteProfile {
  userId: string;
  userName: string;
  email: string;
  broker: string;
}

export interface KiteSession {
  userId: string;
  accessToken: string;
  /** Kite's login_time, read as IST whatever the host's time zone; undefined when absent. */
  loginTime: Date | undefined;
}

export interface KiteQuote {
  instrumentToken: number;
  lastPrice: number;
  volume: number;
  /** IST instants, host-TZ independent. */
  timestamp: Date | undefined;
  lastTradeTime: Date | undefined;
  raw: Record<string, unknown>;
}

/** The subset of the session surface a client needs from its account: the current session and its hook. */
export interface SessionBinding {
  /** The official client holding the current token. Replaced (not mutated) when the token changes. */
  current(): { kite: Connect; onTokenRejected: () => void };
  /** A client without a token and without the session-expiry hook, for logins and token checks. */
  detached(accessToken?: string): Connect;
}

const ORDER_TIME_FIELDS = ['order_timestamp', 'exchange_timestamp', 'exchange_update_timestamp'] as const;

const withIstTimes = <T extends object>(row: T, fields: readonly string[]): T => {
  const copy = { ...row } as Record<string, unknown>;
  for (const field of fields) {
    if (field in copy) {
      copy[field] = istFromClientDate(copy[field]) ?? null;
    }
  }
  return copy as T;
};

/**
 * The typed Kite REST surface of one account. Every method goes through the account's KiteCallGuard;
 * nothing else in the service calls kiteconnect's REST methods.
 */
export class KiteRestClient {
  constructor(
    private readonly guard: KiteCallGuard,
    private readonly session: SessionBinding,
  ) {}

  private bound<T>(endpoint: (typeof KITE_ENDPOINTS)[keyof typeof KITE_ENDPOINTS], fn: (kite: Connect) => Promise<T>) {
    const { kite, onTokenRejected } = this.session.current();
    return this.guard.run(endpoint, () => fn(kite), onTokenRejected);
  }

  async getProfile(): Promise<KiteProfile> {
    return toProfile(await this.bound(KITE_ENDPOINTS.profile, (kite) => kite.getProfile()));
  }

  /** Checks a token without adopting it: a rejection here never marks the account as needing login. */
  async verifyAccessToken(accessToken: string): Promise<KiteProfile> {
    const kite = this.session.detached(accessToken);
    return toProfile(await this.guard.run(KITE_ENDPOINTS.profile, () => kite.getProfile()));
  }

  async generateSession(requestToken: string, apiSecret: string): Promise<KiteSession> {
    const kite = this.session.detached();
    const data: SessionData = await this.guard.run(KITE_ENDPOINTS.generateSession, () =>
      kite.generateSession(requestToken, apiSecret),
    );
    if (typeof data.access_token !== 'string' || data.access_token === '') {
      throw new KiteDataError('Session response carried no access token', { errorType: 'DataException' });
    }
    return {
      userId: String(data.user_id),
      accessToken: data.access_token,
      loginTime: istFromClientDate(data.login_time),
    };
  }

  /** Quotes keyed by the requested "EXCHANGE:SYMBOL"; Kite omits unknown instruments. */
  async getQuote(instruments: string[]): Promise<Record<string, KiteQuote>> {
    const data = await this.bound(KITE_ENDPOINTS.quote, (kite) => kite.getQuote(instruments));
    return Object.fromEntries(
      Object.entries(data).map(([key, q]) => {
        const raw = q as unknown as Record<string, unknown>;
        return [
          key,
          {
            instrumentToken: Number(raw.instrument_token),
            lastPrice: Number(raw.last_price),
            volume: Number(raw.volume ?? 0),
            timestamp: istFromClientDate(raw.timestamp),
            lastTradeTime: istFromClientDate(raw.last_trade_time),
            raw,
          },
        ];
      }),
    );
  }

  getLTP(instruments: string[]) {
    return this.bound(KITE_ENDPOINTS.ltp, (kite) => kite.getLTP(instruments));
  }

  getOHLC(instruments: string[]) {
    return this.bound(KITE_ENDPOINTS.ohlc, (kite) => kite.getOHLC(instruments));
  }

  /** Raw dump rows as the client parsed them (string tokens, possibly a trailing junk row). */
  async getInstruments(exchange: string): Promise<Instrument[]> {
    const rows: unknown = await this.bound(KITE_ENDPOINTS.instruments, (kite) =>
      kite.getInstruments(exchange as Parameters<Connect['getInstruments']>[0]),
    );
    if (!Array.isArray(rows)) {
      // kiteconnect returns the raw text when the content type is not exactly "text/csv".
      throw new KiteDataError(`Instrument dump for ${exchange} was not parsed as CSV`, { errorType: 'DataException' });
    }
    return rows as Instrument[];
  }

  /**
   * Candles between two instants. The range is sent as IST wall-clock strings: given Dates, kiteconnect
   * would format them in the host's zone. Candle dates carry +05:30 and parse correctly anywhere.
   */
  getHistoricalData(
    instrumentToken: number,
    interval: HistoricalInterval,
    from: Date,
    to: Date,
    options: { continuous?: boolean; oi?: boolean } = {},
  ): Promise<HistoricalData[]> {
    return this.bound(KITE_ENDPOINTS.historical, (kite) =>
      kite.getHistoricalData(
        instrumentToken,
        interval,
        formatIstDateTime(from.getTime()),
        formatIstDateTime(to.getTime()),
        options.continuous ?? false,
        options.oi ?? false,
      ),
    );
  }

  async getOrders(): Promise<Order[]> {
    const rows = await this.bound(KITE_ENDPOINTS.orders, (kite) => kite.getOrders());
    return rows.map((row) => withIstTimes({ ...row, order_id: String(row.order_id) }, ORDER_TIME_FIELDS));
  }

  async getOrderHistory(orderId: string): Promise<Order[]> {
    const rows = await this.bound(KITE_ENDPOINTS.orderHistory, (kite) => kite.getOrderHistory(orderId));
    return rows.map((row) => withIstTimes({ ...row, order_id: String(row.order_id) }, ORDER_TIME_FIELDS));
  }

  async getTrades(): Promise<Trade[]> {
    const rows = await this.bound(KITE_ENDPOINTS.trades, (kite) => kite.getTrades());
    return rows.map((row) =>
      withIstTimes({ ...row, order_id: String(row.order_id) }, ['fill_timestamp', ...ORDER_TIME_FIELDS]),
    );
  }

  getMargins(): Promise<unknown> {
    return this.bound(KITE_ENDPOINTS.margins, (kite) => kite.getMargins());
  }

  getPositions(): Promise<{ net: Position[]; day: Position[] }> {
    return this.bound(KITE_ENDPOINTS.positions, (kite) => kite.getPositions());
  }

  /** Never retried: a timed-out placement may still have reached the exchange; reconcile by tag instead. */
  async placeOrder(variety: OrderVariety, params: PlaceOrderParams): Promise<{ orderId: string }> {
    // The client mutates the params object it is given.
    const result = await this.bound(KITE_ENDPOINTS.placeOrder, (kite) => kite.placeOrder(variety, { ...params }));
    return { orderId: String(result.order_id) };
  }

  async modifyOrder(variety: OrderVariety, orderId: string, params: ModifyOrderParams): Promise<{ orderId: string }> {
    const result = await this.bound(KITE_ENDPOINTS.modifyOrder, (kite) =>
      kite.modifyOrder(variety, orderId, { ...params }),
    );
    return { orderId: String(result.order_id) };
  }

  async cancelOrder(variety: OrderVariety, orderId: string): Promise<{ orderId: string }> {
    const result = await this.bound(KITE_ENDPOINTS.cancelOrder, (kite) => kite.cancelOrder(variety, orderId));
    return { orderId: String(result.order_id) };
  }
}

const toProfile = (raw: { user_id: string; user_name: string; email: string; broker?: string }): KiteProfile => ({
  userId: String(raw.user_id),
  userName: raw.user_name,
  email: raw.email,
  broker: raw.broker ?? '',
});
