import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OrderUpdateBus } from '../../../src/infra/events/index.js';
import type { KiteSimulator } from '../../../src/simulator/simulator.js';
import type { TestApp } from '../../support/test-app.js';
import { PRIMARY, metricValue, orchestratorOf } from '../accounts/support.js';
import {
  RESTRICTED_ACCOUNTS_HEADER,
  SESSION_MS,
  bootAgainst,
  call,
  startSessionSimulator,
  type ErrorBody,
} from './support.js';

const FUTURE = 'NIFTY25DECFUT';
const CALL = 'NIFTY25D0926000CE';
type Row = Record<string, unknown>;
type Positions = { net: Row[]; day: Row[] };

const marginOrder = (tradingsymbol: string, transaction_type: 'BUY' | 'SELL') => ({
  exchange: 'NFO',
  tradingsymbol,
  transaction_type,
  product: 'NRML',
  order_type: 'MARKET',
  quantity: 65,
});

describe('Account and portfolio endpoints against the simulator', () => {
  let sim: KiteSimulator;
  let app: TestApp;
  const place = (params: Row) =>
    orchestratorOf(app).forAccount(PRIMARY.id, (client) =>
      client.placeOrder('regular', {
        exchange: 'NFO',
        tradingsymbol: FUTURE,
        transaction_type: 'BUY',
        quantity: 65,
        product: 'MIS',
        order_type: 'MARKET',
        ...params,
      }),
    );
  const lookups = (kind: string, result: string) =>
    metricValue(app, 'ticker_portfolio_cache_lookups_total', { kind, result });

  beforeAll(async () => {
    sim = await startSessionSimulator();
    // Long TTLs make caching observable; order updates must still drop positions at once.
    app = await bootAgainst(sim, {
      PORTFOLIO_POSITIONS_CACHE_TTL_MS: '10000',
      PORTFOLIO_HOLDINGS_CACHE_TTL_MS: '60000',
      PORTFOLIO_MARGINS_CACHE_TTL_MS: '60000',
    });
  });
  afterAll(async () => {
    await app?.close();
    await sim?.handle.stop();
  });

  it('should answer the Kite profile of an account, then serve it from the cache', async () => {
    const first = await call<Row>(app, 'GET', '/accounts/primary/profile');
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      account_id: 'primary',
      user_id: PRIMARY.userId,
      user_name: 'Primary Trader',
      email: 'primary@example.com',
      broker: 'ZERODHA',
      exchanges: expect.arrayContaining(['NSE', 'NFO']),
      products: expect.arrayContaining(['CNC', 'NRML', 'MIS']),
      meta: { demat_consent: 'physical' },
    });
    const hitsBefore = await lookups('profile', 'hit');
    const again = await call<Row>(app, 'GET', '/accounts/primary/profile');
    expect(again.body).toEqual(first.body);
    expect(await lookups('profile', 'hit')).toBe(hitsBefore + 1);
    const legacy = await call<Row>(app, 'GET', '/account/profile?account_id=primary');
    expect(legacy).toMatchObject({ status: 200, body: first.body });
  });

  it('should answer margins for both segments or one, on the new and the deprecated path', async () => {
    const both = await call<Row>(app, 'GET', '/accounts/secondary/margins');
    expect(both.status).toBe(503);
    expect((both.body as unknown as ErrorBody).code).toBe('ACCOUNT_NEEDS_LOGIN');
    const all = await call<{ equity: Row; commodity: Row }>(app, 'GET', '/accounts/primary/margins');
    expect(all.status).toBe(200);
    expect(all.body.equity).toMatchObject({ enabled: true, available: { opening_balance: 10_000_000 } });
    expect(all.body.commodity).toMatchObject({ enabled: false, net: 0 });
    const equity = await call<Row>(app, 'GET', '/accounts/primary/margins?segment=equity');
    expect(equity.body).toMatchObject({ enabled: true, utilised: { span: expect.any(Number) } });
    const legacy = await call<Row>(app, 'GET', '/account/margins?account_id=primary&segment=commodity');
    expect(legacy.body).toMatchObject({ enabled: false });
    const bad = await call<ErrorBody>(app, 'GET', '/accounts/primary/margins?segment=futures');
    expect(bad.status).toBe(400);
    expect(bad.body.details).toEqual([expect.objectContaining({ field: 'segment', rule: 'isIn' })]);
  });

  it('should list the seeded holdings and the day’s positions in Kite’s shapes', async () => {
    const holdings = await call<Row[]>(app, 'GET', '/portfolio/holdings?account_id=primary');
    expect(holdings.status).toBe(200);
    expect(holdings.body.map((h) => h.tradingsymbol)).toEqual(['RELIANCE', 'INFY', 'HDFCBANK', 'TCS', 'SBIN']);
    expect(holdings.body[0]).toMatchObject({
      exchange: 'NSE',
      isin: 'INE002A01018',
      product: 'CNC',
      quantity: 20,
      average_price: 1310.45,
      authorised_date: '2025-12-02',
    });
    const positions = await call<Positions>(app, 'GET', '/portfolio/positions?account_id=primary');
    expect(positions.status).toBe(200);
    expect(positions.body).toEqual({ net: expect.any(Array), day: expect.any(Array) });
  });

  it('should refuse missing or malformed account ids and unknown accounts with a clear 4xx', async () => {
    const missing = await call<ErrorBody>(app, 'GET', '/portfolio/positions');
    expect(missing.status).toBe(400);
    expect(missing.body.details).toEqual([expect.objectContaining({ field: 'account_id' })]);
    const malformed = await call<ErrorBody>(app, 'GET', '/portfolio/holdings?account_id=Not%20An%20Id');
    expect(malformed.status).toBe(400);
    const unknown = await call<ErrorBody>(app, 'GET', '/portfolio/holdings?account_id=nobody');
    expect(unknown).toMatchObject({ status: 404, body: { code: 'ACCOUNT_NOT_FOUND' } });
    const path = await call<ErrorBody>(app, 'GET', '/accounts/BAD!/profile');
    expect(path.status).toBe(400);
    const legacy = await call<ErrorBody>(app, 'GET', '/account/profile');
    expect(legacy.body.details).toEqual([expect.objectContaining({ field: 'account_id' })]);
    const legacyMargins = await call<ErrorBody>(app, 'GET', '/account/margins?account_id=primary&segment=fx');
    expect(legacyMargins.body.details).toEqual([expect.objectContaining({ field: 'segment', rule: 'isIn' })]);
  });

  it('should drop cached positions, holdings and margins when an order update arrives for the account', async () => {
    const before = await call<Positions>(app, 'GET', '/portfolio/positions?account_id=primary');
    const margins = await call<Row>(app, 'GET', '/accounts/primary/margins?segment=equity');
    await place({ tradingsymbol: CALL, product: 'NRML' });
    // Within the TTL and with no order event, the cache answers (what an overloaded poller would see).
    const cached = await call<Positions>(app, 'GET', '/portfolio/positions?account_id=primary');
    expect(cached.body).toEqual(before.body);
    const invalidations = await metricValue(app, 'ticker_portfolio_cache_invalidations_total', {
      reason: 'order_update',
    });
    // The order update the WebSocket pool publishes for the account.
    app.service.app.get(OrderUpdateBus).publish({
      accountId: PRIMARY.id,
      source: 'websocket',
      receivedAtMs: SESSION_MS,
      update: { order_id: '1', status: 'COMPLETE', tradingsymbol: CALL },
    });
    expect(await metricValue(app, 'ticker_portfolio_cache_invalidations_total', { reason: 'order_update' })).toBe(
      invalidations + 1,
    );
    const fresh = await call<Positions>(app, 'GET', '/portfolio/positions?account_id=primary');
    expect(fresh.body.net.find((p) => p.tradingsymbol === CALL)).toMatchObject({ quantity: 65, product: 'NRML' });
    const freshMargins = await call<{ utilised: { option_premium: number } }>(
      app,
      'GET',
      '/accounts/primary/margins?segment=equity',
    );
    expect(freshMargins.body.utilised.option_premium).toBeGreaterThan(
      (margins.body.utilised as { option_premium: number }).option_premium,
    );
  });

  it('should convert an open MIS position to NRML and answer the Python service’s success shape', async () => {
    await place({ quantity: 130 });
    const converted = await call<Row>(app, 'PUT', '/portfolio/positions/convert', {
      body: {
        account_id: 'primary',
        exchange: 'NFO',
        tradingsymbol: FUTURE,
        transaction_type: 'BUY',
        position_type: 'day',
        quantity: 65,
        old_product: 'MIS',
        new_product: 'NRML',
      },
    });
    expect(converted).toMatchObject({ status: 200, body: { status: 'success', account_id: 'primary' } });
    // The conversion itself drops cached positions: no order update needed.
    const positions = await call<Positions>(app, 'GET', '/portfolio/positions?account_id=primary');
    const future = positions.body.net.filter((p) => p.tradingsymbol === FUTURE);
    expect(Object.fromEntries(future.map((p) => [p.product, p.quantity]))).toMatchObject({ NRML: 65 });
  });

  it('should refuse bad conversions: same product (ours), unknown fields, and what Kite rejects', async () => {
    const body = {
      account_id: 'primary',
      exchange: 'NFO',
      tradingsymbol: CALL,
      transaction_type: 'SELL',
      position_type: 'day',
      quantity: 65,
      old_product: 'MIS',
      new_product: 'NRML',
    };
    const same = await call<ErrorBody>(app, 'PUT', '/portfolio/positions/convert', {
      body: { ...body, new_product: 'MIS' },
    });
    expect(same).toMatchObject({ status: 400, body: { code: 'SAME_PRODUCT' } });
    const invalid = await call<ErrorBody>(app, 'PUT', '/portfolio/positions/convert', {
      body: { ...body, quantity: 0, position_type: 'week', extra: 1 },
    });
    expect(invalid.status).toBe(400);
    expect((invalid.body.details as { field: string }[]).map((d) => d.field).sort()).toEqual(
      ['extra', 'position_type', 'quantity'].sort(),
    );
    const refused = await call<ErrorBody>(app, 'PUT', '/portfolio/positions/convert', { body });
    expect(refused).toMatchObject({ status: 400, body: { code: 'KITE_INPUT_REJECTED' } });
    expect(refused.body.message).toMatch(/No open short MIS position/);
  });

  it('should calculate order and basket margins, with hedge benefit in the basket', async () => {
    const orders = await call<Row[]>(app, 'POST', '/margins/orders', {
      body: { account_id: 'primary', orders: [marginOrder(FUTURE, 'BUY'), marginOrder(CALL, 'BUY')] },
    });
    expect(orders.status).toBe(200);
    expect(orders.body).toHaveLength(2);
    expect(orders.body[0]).toMatchObject({ tradingsymbol: FUTURE, type: 'equity', charges: { brokerage: 20 } });
    expect(orders.body[0]!.span as number).toBeGreaterThan(0);
    expect(orders.body[1]!.option_premium as number).toBeGreaterThan(0);
    const basket = await call<{ initial: Row; final: Row; orders: Row[] }>(app, 'POST', '/margins/basket', {
      body: {
        account_id: 'primary',
        consider_positions: false,
        orders: [marginOrder(CALL, 'SELL'), marginOrder('NIFTY25D0926200CE', 'BUY')],
      },
    });
    expect(basket.status).toBe(200);
    expect(basket.body.final.total as number).toBeLessThan(basket.body.initial.total as number);
    expect(basket.body.orders).toHaveLength(2);
  });

  it('should refuse malformed margin requests naming the field, and pass on Kite’s own refusals', async () => {
    const empty = await call<ErrorBody>(app, 'POST', '/margins/orders', {
      body: { account_id: 'primary', orders: [] },
    });
    expect(empty.status).toBe(400);
    expect(empty.body.details).toEqual([expect.objectContaining({ field: 'orders', rule: 'arrayMinSize' })]);
    const badLeg = await call<ErrorBody>(app, 'POST', '/margins/basket', {
      body: { account_id: 'primary', orders: [{ ...marginOrder(FUTURE, 'BUY'), exchange: 'NYSE', quantity: -1 }] },
    });
    expect(badLeg.status).toBe(400);
    expect((badLeg.body.details as { field: string }[]).map((d) => d.field).sort()).toEqual([
      'orders.0.exchange',
      'orders.0.quantity',
    ]);
    const unknown = await call<ErrorBody>(app, 'POST', '/margins/orders', {
      body: { account_id: 'primary', orders: [marginOrder('NIFTY99JANFUT', 'BUY')] },
    });
    expect(unknown).toMatchObject({ status: 400, body: { code: 'KITE_INPUT_REJECTED' } });
  });

  it('should refuse every account endpoint to a credential restricted to other accounts', async () => {
    const headers = { [RESTRICTED_ACCOUNTS_HEADER]: 'secondary' };
    const requests: [string, string, unknown?][] = [
      ['GET', '/accounts/primary/profile'],
      ['GET', '/accounts/primary/margins'],
      ['GET', '/account/profile?account_id=primary'],
      ['GET', '/account/margins?account_id=primary'],
      ['GET', '/portfolio/holdings?account_id=primary'],
      ['GET', '/portfolio/positions?account_id=primary'],
      [
        'PUT',
        '/portfolio/positions/convert',
        {
          account_id: 'primary',
          exchange: 'NFO',
          tradingsymbol: FUTURE,
          transaction_type: 'BUY',
          position_type: 'day',
          quantity: 65,
          old_product: 'MIS',
          new_product: 'NRML',
        },
      ],
      ['POST', '/margins/orders', { account_id: 'primary', orders: [marginOrder(FUTURE, 'BUY')] }],
      ['POST', '/margins/basket', { account_id: 'primary', orders: [marginOrder(FUTURE, 'BUY')] }],
    ];
    for (const [method, path, body] of requests) {
      const answer = await call<ErrorBody>(app, method, path, { headers, body });
      expect({ path, status: answer.status, code: answer.body.code }).toEqual({
        path,
        status: 403,
        code: 'ACCOUNT_NOT_ALLOWED',
      });
    }
    const allowed = await call(app, 'GET', '/portfolio/holdings?account_id=primary', {
      headers: { [RESTRICTED_ACCOUNTS_HEADER]: 'primary' },
    });
    expect(allowed.status).toBe(200);
  });

  it('should document every endpoint in OpenAPI with its scope, and the Python paths as deprecated', async () => {
    const doc = (await call<{ paths: Record<string, Record<string, Row>> }>(app, 'GET', '/docs-json')).body;
    const scopes = (path: string, method: string) => doc.paths[path]?.[method]?.['x-required-scopes'];
    expect(scopes('/accounts/{id}/profile', 'get')).toEqual(['orders:read']);
    expect(scopes('/accounts/{id}/margins', 'get')).toEqual(['orders:read']);
    expect(scopes('/portfolio/holdings', 'get')).toEqual(['orders:read']);
    expect(scopes('/portfolio/positions', 'get')).toEqual(['orders:read']);
    expect(scopes('/portfolio/positions/convert', 'put')).toEqual(['orders:write']);
    expect(scopes('/margins/orders', 'post')).toEqual(['orders:read']);
    expect(scopes('/margins/basket', 'post')).toEqual(['orders:read']);
    expect(doc.paths['/account/profile']?.get?.deprecated).toBe(true);
    expect(doc.paths['/account/margins']?.get?.deprecated).toBe(true);
  });
});
