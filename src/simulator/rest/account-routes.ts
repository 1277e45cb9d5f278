import type { ServerResponse } from 'node:http';
import { formatIstDateTime } from '../../common/time/ist.js';
import type { IssuedSession, SimUser } from '../session/session-store.js';
import {
  HTTP_BAD_REQUEST,
  HTTP_FORBIDDEN,
  HTTP_FOUND,
  KiteError,
  inputError,
  sendJson,
  tokenError,
} from './http-kit.js';
import { HOLD_RESPONSE, type KiteRequest, type RestContext } from './rest-context.js';

const EXCHANGES = ['NSE', 'NFO', 'BFO', 'CDS', 'BSE', 'MCX', 'BCD', 'MF'];
const PRODUCTS = ['CNC', 'NRML', 'MIS', 'BO', 'CO'];
const ORDER_TYPES = ['MARKET', 'LIMIT', 'SL', 'SL-M'];

const profile = (user: SimUser) => ({
  user_id: user.userId,
  user_type: 'individual',
  email: user.email,
  user_name: user.userName,
  user_shortname: user.userName.split(' ')[0] ?? user.userName,
  broker: 'ZERODHA',
  exchanges: EXCHANGES,
  products: PRODUCTS,
  order_types: ORDER_TYPES,
  avatar_url: null,
  meta: { demat_consent: 'physical' },
});

const sessionData = (session: IssuedSession) => ({
  ...profile(session.user),
  api_key: session.user.apiKey,
  access_token: session.accessToken,
  public_token: session.publicToken,
  refresh_token: session.refreshToken,
  enctoken: session.enctoken,
  login_time: formatIstDateTime(session.loginTimeMs),
});

export const userProfile = (req: KiteRequest): unknown => profile(req.user!);

export const createSession = (ctx: RestContext, req: KiteRequest): unknown => {
  const apiKey = req.body.get('api_key') ?? '';
  const requestToken = req.body.get('request_token') ?? '';
  const checksum = req.body.get('checksum') ?? '';
  if (!apiKey || !requestToken || !checksum) {
    throw inputError('Missing `api_key`, `request_token` or `checksum`.');
  }
  const outcome = ctx.sessions.exchange(apiKey, requestToken, checksum);
  switch (outcome) {
    case 'bad-key':
      throw new KiteError(HTTP_FORBIDDEN, 'TokenException', 'Invalid `api_key`.');
    case 'bad-token':
      throw new KiteError(HTTP_FORBIDDEN, 'TokenException', 'Token is invalid or has expired.');
    case 'bad-checksum':
      throw new KiteError(HTTP_FORBIDDEN, 'TokenException', 'Invalid `checksum`.');
    default:
      return sessionData(outcome);
  }
};

export const deleteSession = (ctx: RestContext, req: KiteRequest): unknown => {
  const apiKey = req.query.get('api_key') ?? req.body.get('api_key') ?? req.apiKey ?? '';
  const accessToken = req.query.get('access_token') ?? req.body.get('access_token') ?? '';
  if (!ctx.sessions.invalidate(apiKey, accessToken)) {
    throw tokenError();
  }
  return true;
};

/**
 * Kite's login page, reduced to its redirect: GET /connect/login?api_key=…&v=3[&redirect_params=…]. As on
 * Kite, redirect_params (a URL-encoded query string) comes back appended to the redirect URL's query.
 */
export const connectLogin = (ctx: RestContext, req: KiteRequest, res: ServerResponse): void => {
  const apiKey = req.query.get('api_key') ?? '';
  const requestToken = ctx.sessions.issueRequestToken(apiKey);
  if (!requestToken) {
    sendJson(res, HTTP_BAD_REQUEST, {
      status: 'error',
      message: 'Invalid `api_key`.',
      data: null,
      error_type: 'InputException',
    });
    return;
  }
  const target = new URL(ctx.options.loginRedirectUrl ?? `${ctx.baseUrl()}/__sim/login/callback`);
  target.searchParams.set('action', 'login');
  target.searchParams.set('type', 'login');
  target.searchParams.set('status', 'success');
  target.searchParams.set('request_token', requestToken);
  for (const [name, value] of new URLSearchParams(req.query.get('redirect_params') ?? '')) {
    target.searchParams.append(name, value);
  }
  res.writeHead(HTTP_FOUND, { Location: target.toString() });
  res.end();
};

export const placeOrder = (ctx: RestContext, req: KiteRequest, variety: string): unknown => {
  const user = req.user!;
  const fault = ctx.faults.matchOrder(user.apiKey);
  const order = ctx.orders.place(
    user,
    variety,
    req.body,
    fault?.kind === 'reject' ? (fault.message ?? 'RMS:Rejected by the simulator') : undefined,
  );
  if (fault?.kind === 'accept-no-answer') {
    return HOLD_RESPONSE;
  }
  return { order_id: order.order_id };
};

export const modifyOrder = (ctx: RestContext, req: KiteRequest, variety: string, orderId: string): unknown => ({
  order_id: ctx.orders.modify(req.user!, variety, orderId, req.body).order_id,
});

export const cancelOrder = (ctx: RestContext, req: KiteRequest, variety: string, orderId: string): unknown => ({
  order_id: ctx.orders.cancel(req.user!, variety, orderId).order_id,
});
