import type { Connect, HistoricalData, Instrument, Order, Position, SessionData, Trade } from 'kiteconnect';
import { formatIstDateTime, istFromClientDate } from '../../../common/time/index.js';
import type { KiteCallGuard } from './kite-call-guard.js';
import { KITE_ENDPOINTS } from './kite-endpoints.js';
import { KiteDataError } from './kite-errors.js';
import { asGttParams, asList, asMarginOrders, asObject, idOf, triggerIdOf } from './kite-call-results.js';
import type {
  ConvertPositionParams,
  GttParams,
  MarginOrderParams,
  MfOrderParams,
  MfSipModifyParams,
  MfSipParams,
} from './kite-portfolio.types.js';

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

  /** Both segments, or one (`equity` | `commodity`): then Kite answers that segment's object alone. */
  getMargins(segment?: 'equity' | 'commodity'): Promise<unknown> {
    return this.bound(KITE_ENDPOINTS.margins, (kite) => kite.getMargins(segment));
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

  // --- Portfolio, GTT and mutual funds: raw payloads (IST times fixed); modules validate and map them. ---

  /** The full /user/profile payload (getProfile keeps only what sessions need). */
  getFullProfile(): Promise<unknown> {
    return this.bound(KITE_ENDPOINTS.profile, (kite) => kite.getProfile());
  }

  getHoldings(): Promise<unknown> {
    return this.bound(KITE_ENDPOINTS.holdings, (kite) => kite.getHoldings());
  }

  /** Never retried. Kite answers `true`. */
  convertPosition(params: ConvertPositionParams): Promise<unknown> {
    return this.bound(KITE_ENDPOINTS.convertPosition, (kite) =>
      kite.convertPosition({ ...params } as unknown as Parameters<Connect['convertPosition']>[0]),
    );
  }

  /** Full breakdown: `null` keeps kiteconnect from sending its default `mode=compact`. */
  orderMargins(orders: MarginOrderParams[]): Promise<unknown> {
    return this.bound(KITE_ENDPOINTS.orderMargins, (kite) => kite.orderMargins(asMarginOrders(orders), null as never));
  }

  basketMargins(orders: MarginOrderParams[], considerPositions: boolean): Promise<unknown> {
    return this.bound(KITE_ENDPOINTS.basketMargins, (kite) =>
      kite.orderBasketMargins(asMarginOrders(orders), considerPositions, null as never),
    );
  }

  getGtts(): Promise<unknown> {
    return this.bound(KITE_ENDPOINTS.gtts, (kite) => kite.getGTTs());
  }

  getGtt(triggerId: number): Promise<unknown> {
    return this.bound(KITE_ENDPOINTS.gtt, (kite) => kite.getGTT(triggerId));
  }

  /** Never retried: reconcile a timed-out placement through getGtts(). */
  async placeGtt(params: GttParams): Promise<{ triggerId: number }> {
    const result = await this.bound(KITE_ENDPOINTS.placeGtt, (kite) => kite.placeGTT(asGttParams(params)));
    return { triggerId: triggerIdOf(result) };
  }

  async modifyGtt(triggerId: number, params: GttParams): Promise<{ triggerId: number }> {
    const result = await this.bound(KITE_ENDPOINTS.modifyGtt, (kite) => kite.modifyGTT(triggerId, asGttParams(params)));
    return { triggerId: triggerIdOf(result) };
  }

  async deleteGtt(triggerId: number): Promise<{ triggerId: number }> {
    const result = await this.bound(KITE_ENDPOINTS.deleteGtt, (kite) => kite.deleteGTT(triggerId));
    return { triggerId: triggerIdOf(result) };
  }

  async getMfOrders(): Promise<unknown[]> {
    const rows = await this.bound(KITE_ENDPOINTS.mfOrders, (kite) => kite.getMFOrders());
    return asList(rows).map((row) => withIstTimes(row, MF_ORDER_TIME_FIELDS));
  }

  async getMfOrder(orderId: string): Promise<unknown> {
    const row = await this.bound(KITE_ENDPOINTS.mfOrders, (kite) => kite.getMFOrders(orderId));
    return withIstTimes(asObject(row), MF_ORDER_TIME_FIELDS);
  }

  async placeMfOrder(params: MfOrderParams): Promise<{ orderId: string }> {
    const result = await this.bound(KITE_ENDPOINTS.placeMfOrder, (kite) => kite.placeMFOrder({ ...params }));
    return { orderId: idOf(result, 'order_id') };
  }

  async cancelMfOrder(orderId: string): Promise<{ orderId: string }> {
    const result = await this.bound(KITE_ENDPOINTS.cancelMfOrder, (kite) => kite.cancelMFOrder(orderId));
    return { orderId: idOf(result, 'order_id') };
  }

  async getMfSips(): Promise<unknown[]> {
    const rows = await this.bound(KITE_ENDPOINTS.mfSips, (kite) => kite.getMFSIPS());
    return asList(rows).map((row) => withIstTimes(row, MF_SIP_TIME_FIELDS));
  }

  async getMfSip(sipId: string): Promise<unknown> {
    const row = await this.bound(KITE_ENDPOINTS.mfSips, (kite) => kite.getMFSIPS(sipId));
    return withIstTimes(asObject(row), MF_SIP_TIME_FIELDS);
  }

  async placeMfSip(params: MfSipParams): Promise<{ sipId: string }> {
    const result = await this.bound(KITE_ENDPOINTS.placeMfSip, (kite) =>
      kite.placeMFSIP({ ...params, instalment_day: params.instalment_day?.toString() }),
    );
    return { sipId: idOf(result, 'sip_id') };
  }

  /** The client mutates the params it is given (adds sip_id): it gets a copy. */
  async modifyMfSip(sipId: string, params: MfSipModifyParams): Promise<{ sipId: string }> {
    const result = await this.bound(KITE_ENDPOINTS.modifyMfSip, (kite) =>
      kite.modifyMFSIP(sipId, { ...params, instalment_day: params.instalment_day?.toString() }),
    );
    return { sipId: idOf(result, 'sip_id') };
  }

  async cancelMfSip(sipId: string): Promise<{ sipId: string }> {
    const result = await this.bound(KITE_ENDPOINTS.cancelMfSip, (kite) => kite.cancelMFSIP(sipId));
    return { sipId: idOf(result, 'sip_id') };
  }

  getMfHoldings(): Promise<unknown> {
    return this.bound(KITE_ENDPOINTS.mfHoldings, (kite) => kite.getMFHoldings());
  }

  /** Rows as the client parsed the CSV (a trailing junk row possible); raw text means it was not parsed. */
  async getMfInstruments(): Promise<unknown[]> {
    const rows: unknown = await this.bound(KITE_ENDPOINTS.mfInstruments, (kite) => kite.getMFInstruments());
    if (!Array.isArray(rows)) {
      throw new KiteDataError('The mutual fund instrument list was not parsed as CSV', { errorType: 'DataException' });
    }
    return rows as unknown[];
  }
}

const MF_ORDER_TIME_FIELDS = ['order_timestamp'] as const;
const MF_SIP_TIME_FIELDS = ['created', 'last_instalment'] as const;

const toProfile = (raw: { user_id: string; user_name: string; email: string; broker?: string }): KiteProfile => ({
  userId: String(raw.user_id),
  userName: raw.user_name,
  email: raw.email,
  broker: raw.broker ?? '',
});
