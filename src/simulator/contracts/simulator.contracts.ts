/**
 * Contracts between the simulator's parts: the market model, sessions and REST side (market/, rest/,
 * orders/, control/) and the WebSocket ticker (ticker/). Each side codes against these types only.
 * Prices here are rupees as JS numbers; the ticker turns them into paise (or the segment's divisor).
 */

/** EQ: a cash-segment equity (NSE). */
export type InstrumentKind = 'INDEX' | 'EQ' | 'CE' | 'PE' | 'FUT';
/** Kite segment ids used in instrument tokens (token = exchange_token * 256 + segment). */
export const SEGMENT_NSE = 1;
export const SEGMENT_NFO = 2;
export const SEGMENT_INDICES = 9;

export interface SimInstrument {
  instrumentToken: number;
  exchangeToken: number;
  tradingsymbol: string;
  /** Kite's `name` column: e.g. "NIFTY" for derivatives, "NIFTY 50" for the index. */
  name: string;
  exchange: 'NSE' | 'NFO';
  /** Kite's `segment` column: "INDICES", "NSE" (cash equities), "NFO-OPT", "NFO-FUT". */
  segment: 'INDICES' | 'NSE' | 'NFO-OPT' | 'NFO-FUT';
  kind: InstrumentKind;
  /** 0 for indices and futures. */
  strike: number;
  /** YYYY-MM-DD (IST date), null for indices. */
  expiry: string | null;
  lotSize: number;
  tickSize: number;
  /** The index this instrument derives from; itself for an index or an equity. */
  underlyingToken: number;
}

export interface DepthLevel {
  price: number;
  quantity: number;
  orders: number;
}

/** Everything a full-mode packet carries. One object per instrument, mutated in place by the model. */
export interface InstrumentState {
  instrumentToken: number;
  lastPrice: number;
  lastQuantity: number;
  averagePrice: number;
  volume: number;
  buyQuantity: number;
  sellQuantity: number;
  open: number;
  high: number;
  low: number;
  /** Previous session's close. */
  close: number;
  /** Epoch seconds. */
  lastTradeTime: number;
  oi: number;
  oiDayHigh: number;
  oiDayLow: number;
  /** Epoch seconds. */
  exchangeTimestamp: number;
  /** Exactly 5 levels each side. */
  depth: { buy: DepthLevel[]; sell: DepthLevel[] };
}

export type MarketPhase = 'pre-open' | 'open' | 'closed' | 'holiday';

export interface SimClockView {
  /** Simulated epoch milliseconds (real, fixed or shifted). */
  now(): number;
  phase(atMs?: number): MarketPhase;
}

export interface MarketView {
  instruments(): readonly SimInstrument[];
  instrument(token: number): SimInstrument | undefined;
  /**
   * Advances the instrument (and, for a derivative, its underlying) to `nowMs` and returns its state.
   * The returned object is reused across calls: copy what must outlive the next call.
   */
  tick(token: number, nowMs: number): InstrumentState | undefined;
  /** Current state without advancing time. */
  state(token: number): InstrumentState | undefined;
}

export interface SessionView {
  /** The user id when api_key + access_token form a live session, else undefined. */
  authenticate(apiKey: string, accessToken: string): string | undefined;
}

/** Order updates pushed as `{"type":"order","data":...}` text frames on the user's ticker connections. */
export interface OrderUpdateSink {
  publishOrderUpdate(userId: string, order: Record<string, unknown>): void;
}

/** Which connections a ticker fault applies to. */
export type FaultScope = { apiKey: string } | { connectionId: string } | { all: true };

export type MalformedFrameKind = 'truncated' | 'bad-length' | 'garbage' | 'short-packet';

export interface TickerConnectionInfo {
  connectionId: string;
  apiKey: string;
  userId: string;
  subscribedCount: number;
  connectedAtMs: number;
  /** With `connections(true)`: every subscribed token and its mode, by token. */
  subscriptions?: [token: number, mode: 'ltp' | 'quote' | 'full'][];
}

/** Implemented by the ticker; called by the control API. */
export interface TickerFaults {
  connections(withSubscriptions?: boolean): TickerConnectionInfo[];
  /** Abrupt TCP destroy, no close frame. Returns how many were affected. */
  drop(scope: FaultScope): number;
  /** Clean close with the given WebSocket close code. */
  close(scope: FaultScope, code?: number, reason?: string): number;
  /** No ticks for `durationMs`; heartbeats continue. */
  stallTicks(scope: FaultScope, durationMs: number): number;
  /** Nothing at all (ticks and heartbeats) for `durationMs`. */
  stallAll(scope: FaultScope, durationMs: number): number;
  sendMalformed(scope: FaultScope, kind: MalformedFrameKind, count?: number): number;
  /** Upgrades for this api key are refused (HTTP 503 before the upgrade) for `durationMs`. */
  refuseConnections(apiKey: string, durationMs: number): void;
  /**
   * Token expiry mid-stream: drops (no close frame) the key's connections opened with `accessToken` (every
   * token of the key when omitted). The caller invalidates the session, so the next upgrade gets 403.
   */
  dropSession(apiKey: string, accessToken?: string): number;
  clear(): void;
}
