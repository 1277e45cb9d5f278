import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SimClock } from '../clock/sim-clock.js';
import type { FaultInjector } from '../control/rest-faults.js';
import type { MarketModel } from '../market/market-model.js';
import type { GttBook } from '../gtt/gtt-book.js';
import type { MfBook } from '../mf/mf-book.js';
import type { MfCatalogue } from '../mf/mf-catalogue.js';
import type { MfSips } from '../mf/mf-sips.js';
import type { HoldingsBook } from '../orders/holdings.js';
import type { OrderBook } from '../orders/order-book.js';
import type { SessionStore, SimUser } from '../session/session-store.js';
import type { RateLimiter } from './rate-limiter.js';

export interface RestOptions {
  /** End the instrument dump with CRLF, as Kite does (the official client then yields one junk row). */
  csvTrailingNewline: boolean;
  /** Where GET /connect/login redirects with the request token; undefined: the simulator's own callback. */
  loginRedirectUrl: string | undefined;
  maxBodyBytes: number;
  quoteCap: number;
  ltpOhlcCap: number;
}

export const DEFAULT_REST_OPTIONS: RestOptions = {
  csvTrailingNewline: true,
  loginRedirectUrl: undefined,
  maxBodyBytes: 1_048_576,
  quoteCap: 500,
  ltpOhlcCap: 1_000,
};

/** Requests the "accept but never answer" and "hang" faults hold open; beyond this the oldest is destroyed. */
export const MAX_HELD_REQUESTS = 1_000;

export interface RestContext {
  market: MarketModel;
  clock: SimClock;
  sessions: SessionStore;
  orders: OrderBook;
  holdings: HoldingsBook;
  gtts: GttBook;
  funds: MfCatalogue;
  mf: MfBook;
  sips: MfSips;
  limiter: RateLimiter;
  faults: FaultInjector;
  options: RestOptions;
  /** The simulator's own base URL (set once listening). */
  baseUrl: () => string;
  /** Keeps a response open forever (until the simulator stops). */
  hold: (res: ServerResponse) => void;
}

export interface KiteRequest {
  raw: IncomingMessage;
  method: string;
  path: string;
  segments: string[];
  query: URLSearchParams;
  body: URLSearchParams;
  /** The raw request body (POST/PUT), for endpoints that take a JSON array (margins). */
  text: string;
  apiKey: string | undefined;
  /** Set for authenticated routes. */
  user: SimUser | undefined;
}

/** Returned by a handler whose request must never be answered (the order exists, the client times out). */
export const HOLD_RESPONSE = Symbol('hold-response');
/** Returned by a handler that wrote its own reply (CSV, redirects). */
export const REPLIED = Symbol('replied');
