import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ControlApi } from '../control/control-api.js';
import type { RestFaultAction } from '../control/rest-faults.js';
import {
  cancelOrder,
  connectLogin,
  createSession,
  deleteSession,
  modifyOrder,
  placeOrder,
  userProfile,
} from './account-routes.js';
import {
  HTTP_METHOD_NOT_ALLOWED,
  HTTP_NOT_FOUND,
  HTTP_TOO_MANY,
  KiteError,
  parseAuthorization,
  parseBody,
  readText,
  sendCsv,
  sendJson,
  sendKiteError,
  sendSuccess,
  tokenError,
} from './http-kit.js';
import { InstrumentDumps, historical, quote } from './market-routes.js';
import { portfolioRouteTable } from './portfolio-route-table.js';
import { HOLD_RESPONSE, REPLIED, type KiteRequest, type RestContext } from './rest-context.js';
import { type Route, route } from './route.js';

const CONTROL_PREFIX = '/__sim';
const FAULT_MESSAGES: Record<number, [string, KiteError['errorType']]> = {
  429: ['Too many requests', 'NetworkException'],
  500: ['Internal server error', 'GeneralException'],
  502: ['Bad gateway', 'NetworkException'],
  503: ['Service unavailable', 'NetworkException'],
  504: ['Gateway timeout', 'NetworkException'],
};
const HTML_STATUS_TEXT: Record<number, string> = {
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Dispatches Kite's REST paths (faults, rate limits, auth, handlers) and hands /__sim to the control API. */
export class KiteRouter {
  private readonly routes: Route[];
  private readonly dumps: InstrumentDumps;

  constructor(
    private readonly ctx: RestContext,
    private readonly control: ControlApi,
  ) {
    this.dumps = new InstrumentDumps(ctx);
    const o = ctx.orders;
    this.routes = [
      route('GET', '/instruments', false, 'other', () => (_r, res) => this.csv(res, undefined)),
      route(
        'GET',
        '/instruments/:exchange',
        false,
        'other',
        ([exchange]) =>
          (_r, res) =>
            this.csv(res, exchange),
      ),
      route('GET', '/quote', true, 'quote', () => (r) => quote(ctx, r, 'full')),
      route('GET', '/quote/ltp', true, 'quote', () => (r) => quote(ctx, r, 'ltp')),
      route('GET', '/quote/ohlc', true, 'quote', () => (r) => quote(ctx, r, 'ohlc')),
      route(
        'GET',
        '/instruments/historical/:token/:interval',
        true,
        'historical',
        ([t, i]) =>
          (r) =>
            historical(ctx, r, t!, i!),
      ),
      route(
        'POST',
        '/orders/:variety',
        true,
        'orders',
        ([v]) =>
          (r) =>
            placeOrder(ctx, r, v!),
      ),
      route(
        'PUT',
        '/orders/:variety/:id',
        true,
        'other',
        ([v, id]) =>
          (r) =>
            modifyOrder(ctx, r, v!, id!),
      ),
      route(
        'DELETE',
        '/orders/:variety/:id',
        true,
        'other',
        ([v, id]) =>
          (r) =>
            cancelOrder(ctx, r, v!, id!),
      ),
      route('GET', '/orders', true, 'other', () => (r) => o.orders(r.user!.userId)),
      route(
        'GET',
        '/orders/:id',
        true,
        'other',
        ([id]) =>
          (r) =>
            o.history(r.user!, id!),
      ),
      route(
        'GET',
        '/orders/:id/trades',
        true,
        'other',
        ([id]) =>
          (r) =>
            o.orderTrades(r.user!, id!),
      ),
      route('GET', '/trades', true, 'other', () => (r) => o.trades(r.user!.userId)),
      route('GET', '/portfolio/positions', true, 'other', () => (r) => o.positions(r.user!.userId)),
      route('GET', '/user/profile', true, 'other', () => (r) => userProfile(r)),
      route('GET', '/user/margins', true, 'other', () => (r) => o.margins(r.user!.userId)),
      route(
        'GET',
        '/user/margins/:segment',
        true,
        'other',
        ([seg]) =>
          (r) =>
            this.segmentMargins(r, seg!),
      ),
      route('POST', '/session/token', false, 'other', () => (r) => createSession(ctx, r)),
      route('DELETE', '/session/token', false, 'other', () => (r) => deleteSession(ctx, r)),
      route('GET', '/connect/login', false, undefined, () => (r, res) => {
        connectLogin(ctx, r, res);
        return REPLIED;
      }),
      ...portfolioRouteTable(ctx),
    ];
  }

  async handle(raw: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(raw.url ?? '/', 'http://sim.local');
    if (url.pathname === CONTROL_PREFIX || url.pathname.startsWith(`${CONTROL_PREFIX}/`)) {
      await this.control.handle(raw, res, url);
      return;
    }
    const method = (raw.method ?? 'GET').toUpperCase();
    try {
      await this.dispatch(raw, res, url, method);
    } catch (error) {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      sendKiteError(
        res,
        error instanceof KiteError
          ? error
          : new KiteError(500, 'GeneralException', (error as Error).message ?? 'Internal error'),
      );
    }
  }

  private async dispatch(raw: IncomingMessage, res: ServerResponse, url: URL, method: string): Promise<void> {
    const segments = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    const auth = parseAuthorization(raw);
    const query = url.searchParams;
    const text = method === 'POST' || method === 'PUT' ? await readText(raw, this.ctx.options.maxBodyBytes) : '';
    const body = parseBody(text, raw.headers['content-type']);
    const apiKey = auth?.apiKey ?? query.get('api_key') ?? body.get('api_key') ?? undefined;
    const fault = this.ctx.faults.matchRest(apiKey, method, url.pathname);
    if (fault && (await this.applyFault(fault, res))) {
      return;
    }
    const matched = this.match(method, segments);
    if (!matched) {
      const pathKnown = this.routes.some((r) => this.paramsFor(r, segments) !== undefined);
      sendKiteError(
        res,
        new KiteError(
          pathKnown ? HTTP_METHOD_NOT_ALLOWED : HTTP_NOT_FOUND,
          'GeneralException',
          pathKnown ? 'Method not allowed' : 'Route not found',
        ),
      );
      return;
    }
    const [r, params] = matched;
    if (r.category && !this.ctx.limiter.tryAcquire(apiKey ?? '-', r.category)) {
      throw new KiteError(HTTP_TOO_MANY, 'NetworkException', 'Too many requests');
    }
    const request: KiteRequest = {
      raw,
      method,
      path: url.pathname,
      segments,
      query,
      body,
      text,
      apiKey,
      user: undefined,
    };
    if (r.auth) {
      const userId = auth ? this.ctx.sessions.authenticate(auth.apiKey, auth.accessToken) : undefined;
      if (!auth || userId === undefined) {
        throw tokenError();
      }
      request.user = this.ctx.sessions.userByKey(auth.apiKey);
    }
    const result = r.handler(params)(request, res);
    if (result === REPLIED) {
      return;
    }
    if (result === HOLD_RESPONSE) {
      this.ctx.hold(res);
      return;
    }
    sendSuccess(res, result);
  }

  private csv(res: ServerResponse, exchange: string | undefined): symbol {
    sendCsv(res, this.dumps.csv(exchange));
    return REPLIED;
  }

  private segmentMargins(r: KiteRequest, segment: string): unknown {
    const all = this.ctx.orders.margins(r.user!.userId);
    if (segment !== 'equity' && segment !== 'commodity') {
      throw new KiteError(400, 'InputException', 'Invalid segment.');
    }
    return all[segment];
  }

  /** True when the fault answered (or swallowed) the request; a delay lets it continue. */
  private async applyFault(fault: RestFaultAction, res: ServerResponse): Promise<boolean> {
    switch (fault.kind) {
      case 'delay':
        await sleep(fault.delayMs);
        return false;
      case 'hang':
        this.ctx.hold(res);
        return true;
      case 'status': {
        const [message, errorType] = FAULT_MESSAGES[fault.status] ?? ['Error', 'GeneralException'];
        if (fault.body === 'html') {
          const text = `<html><body><h1>${fault.status} ${HTML_STATUS_TEXT[fault.status] ?? ''}</h1></body></html>`;
          res.writeHead(fault.status, { 'Content-Type': 'text/html' });
          res.end(text);
        } else if (fault.body === 'empty') {
          res.writeHead(fault.status);
          res.end();
        } else {
          sendJson(res, fault.status, {
            status: 'error',
            message: fault.message ?? message,
            data: null,
            error_type: errorType,
          });
        }
        return true;
      }
    }
  }

  private match(method: string, segments: string[]): [Route, string[]] | undefined {
    for (const r of this.routes) {
      if (r.method !== method) {
        continue;
      }
      const params = this.paramsFor(r, segments);
      if (params) {
        return [r, params];
      }
    }
    return undefined;
  }

  private paramsFor(r: Route, segments: string[]): string[] | undefined {
    if (r.pattern.length !== segments.length) {
      return undefined;
    }
    const params: string[] = [];
    for (let i = 0; i < segments.length; i += 1) {
      const p = r.pattern[i]!;
      if (p.startsWith(':')) {
        params.push(segments[i]!);
      } else if (p !== segments[i]) {
        return undefined;
      }
    }
    return params;
  }
}
