import type { IncomingMessage, ServerResponse } from 'node:http';
import type { MarketPhase, TickerFaults } from '../contracts/simulator.contracts.js';
import type { SimClock } from '../clock/sim-clock.js';
import type { MarketModel } from '../market/market-model.js';
import type { GttBook } from '../gtt/gtt-book.js';
import type { MfBook } from '../mf/mf-book.js';
import type { HoldingsBook } from '../orders/holdings.js';
import type { OrderBook } from '../orders/order-book.js';
import { HTTP_BAD_REQUEST, HTTP_NOT_FOUND, HTTP_OK, KiteError, readText, sendJson } from '../rest/http-kit.js';
import type { RateLimiter, RateLimits } from '../rest/rate-limiter.js';
import type { RestOptions } from '../rest/rest-context.js';
import type { SessionStore } from '../session/session-store.js';
import { parseInstant } from '../../common/time/ist.js';
import { DIGITS_RE, bad, numberField, type Json } from './control-parsing.js';
import { addOrderFault, faultScope, restAction, restTarget } from './fault-control.js';
import type { FaultInjector } from './rest-faults.js';
import { portfolioControl } from './portfolio-control.js';
import { tickerControl } from './ticker-control.js';

const PHASES: readonly MarketPhase[] = ['pre-open', 'open', 'closed', 'holiday'];

export interface ControlDeps {
  market: MarketModel;
  clock: SimClock;
  sessions: SessionStore;
  orders: OrderBook;
  holdings: HoldingsBook;
  gtts: GttBook;
  mf: MfBook;
  /** Order matching, GTT evaluation, SIP instalments and MF allotment, in that order. */
  processAll: () => void;
  limiter: RateLimiter;
  faults: FaultInjector;
  restOptions: RestOptions;
  ticker: () => TickerFaults | undefined;
}

/** The simulator's own JSON API under /__sim: ground truth, clock, faults, sessions, ticker faults. */
export class ControlApi {
  constructor(private readonly deps: ControlDeps) {}

  async handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    try {
      const method = (req.method ?? 'GET').toUpperCase();
      const body = method === 'GET' || method === 'DELETE' ? {} : await this.jsonBody(req);
      const path = url.pathname.replace(/^\/__sim/, '') || '/';
      const result = this.route(method, path, url.searchParams, body);
      if (result === undefined) {
        sendJson(res, HTTP_NOT_FOUND, { status: 'error', message: `No control route ${method} ${path}` });
        return;
      }
      sendJson(res, HTTP_OK, { status: 'success', data: result });
    } catch (error) {
      const status = error instanceof KiteError ? error.httpStatus : HTTP_BAD_REQUEST;
      sendJson(res, status, { status: 'error', message: (error as Error).message });
    }
  }

  private route(method: string, path: string, query: URLSearchParams, body: Json): unknown {
    const d = this.deps;
    const key = `${method} ${path}`;
    if (method === 'GET' && path.startsWith('/ground-truth/')) {
      return this.groundTruth([path.slice('/ground-truth/'.length)], query.get('at'));
    }
    if (method === 'DELETE' && path.startsWith('/faults/')) {
      return { removed: d.faults.remove(path.slice('/faults/'.length)) };
    }
    switch (key) {
      case 'GET /health':
        return {
          ok: true,
          instruments: d.market.instruments().length,
          workingOrders: d.orders.workingCount,
          activeGtts: d.gtts.activeCount,
        };
      case 'GET /ground-truth':
        return this.groundTruth(query.getAll('i'), query.get('at'));
      case 'GET /instruments':
        return d.market
          .instruments()
          .filter((i) => [...query.entries()].every(([k, v]) => String((i as unknown as Json)[k]) === v));
      case 'GET /clock':
        return d.clock.snapshot();
      case 'POST /clock':
        return this.setClock(body);
      case 'GET /market':
        return { moveOutsideSession: d.market.moveOutsideSession, seed: d.market.options.seed };
      case 'POST /market':
        if (typeof body.moveOutsideSession === 'boolean') {
          d.market.moveOutsideSession = body.moveOutsideSession;
        }
        return { moveOutsideSession: d.market.moveOutsideSession };
      case 'GET /faults':
        return d.faults.list();
      case 'POST /faults/rest':
        return d.faults.addRest({ ...faultScope(body), ...restTarget(body), action: restAction(body) });
      case 'POST /faults/orders':
        return addOrderFault(d.faults, body);
      case 'DELETE /faults':
        d.faults.clear(query.get('apiKey') ?? undefined);
        return d.faults.list();
      case 'GET /rate-limits':
        return d.limiter.current();
      case 'POST /rate-limits':
        return d.limiter.configure(this.rateLimits(body));
      case 'GET /rest-options':
        return d.restOptions;
      case 'POST /rest-options':
        return this.setRestOptions(body);
      case 'GET /sessions':
        return d.sessions.users().map((u) => ({ userId: u.userId, apiKey: u.apiKey }));
      case 'POST /sessions/expire':
        return this.expire(body);
      case 'POST /sessions/grant':
        return this.grant(body);
      case 'GET /login/callback':
        return Object.fromEntries(query.entries());
      case 'GET /orders':
        return d.orders.orders(query.get('user_id') ?? '');
      case 'GET /order-options':
        return d.orders.options;
      case 'POST /order-options':
        return this.setOrderOptions(body);
      case 'POST /orders/process':
        d.processAll();
        return { workingOrders: d.orders.workingCount, activeGtts: d.gtts.activeCount };
      case 'POST /ticker/expire-session':
        return this.expireTickerSession(body);
      default:
        if (path.startsWith('/ticker')) {
          return tickerControl(d.ticker(), method, path.slice('/ticker'.length), body, query);
        }
        return portfolioControl(d, key, query, body);
    }
  }

  private groundTruth(keys: string[], at: string | null): Json {
    const atMs = at === null ? this.deps.clock.now() : parseInstant(at);
    if (atMs === undefined) {
      throw bad('Invalid `at`');
    }
    const out: Json = {};
    for (const k of keys) {
      const instrument = DIGITS_RE.test(k) ? this.deps.market.instrument(Number(k)) : this.deps.market.findBySymbol(k);
      if (instrument) {
        out[k] = this.deps.market.groundTruth(instrument.instrumentToken, atMs);
      }
    }
    return out;
  }

  private setClock(body: Json): unknown {
    const { clock } = this.deps;
    const at = parseInstant(body.at);
    switch (body.mode) {
      case 'real':
        clock.setReal();
        break;
      case 'fixed':
        clock.setFixed(at ?? clock.now());
        break;
      case 'shifted':
        if (at !== undefined) {
          clock.setShiftedTo(at);
        } else {
          clock.setShifted(numberField(body, 'offsetMs') ?? 0);
        }
        break;
      case undefined:
        break;
      default:
        throw bad('mode must be real, fixed or shifted');
    }
    const advance = numberField(body, 'advanceMs');
    if (advance !== undefined) {
      clock.advance(advance);
    }
    if (body.phase !== undefined) {
      if (body.phase !== null && !PHASES.includes(body.phase as MarketPhase)) {
        throw bad(`phase must be one of ${PHASES.join(', ')} or null`);
      }
      clock.setPhaseOverride((body.phase as MarketPhase | null) ?? undefined);
    }
    if (Array.isArray(body.holidays)) {
      clock.setHolidays(body.holidays.map(String));
    }
    return clock.snapshot();
  }

  private rateLimits(body: Json): Partial<RateLimits> {
    const out: Partial<Record<keyof RateLimits, number>> = {};
    for (const key of Object.keys(this.deps.limiter.current()) as (keyof RateLimits)[]) {
      const value = numberField(body, key);
      if (value !== undefined) {
        if (!(value >= 0)) {
          throw bad(`${key} must be a non-negative number`);
        }
        out[key] = value;
      }
    }
    return out;
  }

  private setRestOptions(body: Json): RestOptions {
    const o = this.deps.restOptions;
    if (typeof body.csvTrailingNewline === 'boolean') {
      o.csvTrailingNewline = body.csvTrailingNewline;
    }
    if (typeof body.loginRedirectUrl === 'string') {
      o.loginRedirectUrl = body.loginRedirectUrl;
    }
    return o;
  }

  private setOrderOptions(body: Json): unknown {
    const o = this.deps.orders.options;
    for (const key of ['enforceMarketHours', 'partialFills'] as const) {
      if (typeof body[key] === 'boolean') {
        o[key] = body[key];
      }
    }
    const maxModifications = numberField(body, 'maxModifications');
    if (maxModifications !== undefined) {
      o.maxModifications = maxModifications;
    }
    return o;
  }

  private expire(body: Json): unknown {
    if (typeof body.apiKey !== 'string') {
      throw bad('apiKey is required');
    }
    if (typeof body.accessToken === 'string') {
      return { expired: this.deps.sessions.invalidate(body.apiKey, body.accessToken) ? 1 : 0 };
    }
    return { expired: this.deps.sessions.expireAll(body.apiKey) };
  }

  /** Token expiry mid-stream: the session is invalidated (next upgrade 403) and its open sockets dropped. */
  private expireTickerSession(body: Json): unknown {
    const ticker = this.deps.ticker();
    if (!ticker) {
      throw bad('The WebSocket ticker is not running');
    }
    if (typeof body.apiKey !== 'string') {
      throw bad('apiKey is required');
    }
    const accessToken = typeof body.accessToken === 'string' ? body.accessToken : undefined;
    const expired =
      accessToken === undefined
        ? this.deps.sessions.expireAll(body.apiKey)
        : Number(this.deps.sessions.invalidate(body.apiKey, accessToken));
    return { expired, dropped: ticker.dropSession(body.apiKey, accessToken) };
  }

  private grant(body: Json): unknown {
    if (typeof body.apiKey !== 'string' || typeof body.accessToken !== 'string') {
      throw bad('apiKey and accessToken are required');
    }
    const session = this.deps.sessions.grant(body.apiKey, body.accessToken);
    if (!session) {
      throw bad('Unknown apiKey');
    }
    return { userId: session.user.userId, accessToken: session.accessToken };
  }

  private async jsonBody(req: IncomingMessage): Promise<Json> {
    const text = await readText(req, this.deps.restOptions.maxBodyBytes);
    if (text.trim() === '') {
      return {};
    }
    const parsed = JSON.parse(text) as unknown;
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw bad('Control requests take a JSON object body');
    }
    return parsed as Json;
  }
}
