import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Clock, type ControllableClock } from '../../../src/common/time/index.js';
import type { KiteSimulator } from '../../../src/simulator/simulator.js';
import type { TestApp } from '../../support/test-app.js';
import { PRIMARY, control, metricValue } from '../accounts/support.js';
import {
  RESTRICTED_ACCOUNTS_HEADER,
  SESSION_TIME,
  bootAgainst,
  call,
  startSessionSimulator,
  type ErrorBody,
} from './support.js';

type Row = Record<string, unknown>;
const BLUECHIP = 'INFZ01S01AA3';
const GILT = 'INFZ04S01AG4';
const CLOSED = 'INFZ04S01AH2';
const DAY_MS = 86_400_000;

const rules = (body: unknown) =>
  ((body as ErrorBody).details as { field: string; rule: string }[]).map((v) => `${v.field}:${v.rule}`);

describe('Mutual fund endpoints against the simulator', () => {
  let sim: KiteSimulator;
  let app: TestApp;
  const refreshes = (outcome: string) => metricValue(app, 'ticker_mf_instruments_refreshes_total', { outcome });
  /** The next day on the service's clock; Kite's daily logout has passed, so the account logs in again. */
  const nextDay = async () => {
    app.service.app.get<Clock, ControllableClock>(Clock).advance(DAY_MS);
    const login = await call(app, 'PUT', '/accounts/primary/token', { body: { accessToken: PRIMARY.accessToken } });
    expect(login.status).toBe(200);
  };

  beforeAll(async () => {
    sim = await startSessionSimulator();
    app = await bootAgainst(sim);
  });
  beforeEach(async () => {
    await control(sim, 'DELETE', '/faults');
    await control(sim, 'POST', '/clock', { mode: 'fixed', at: SESSION_TIME });
  });
  afterAll(async () => {
    await app?.close();
    await sim?.handle.stop();
  });

  it('should serve the MF instrument list parsed, filtered and paged, downloading it once a day', async () => {
    const all = await call<Row[]>(app, 'GET', '/mf/instruments?account_id=primary');
    expect(all.status).toBe(200);
    expect(all.headers.get('x-total-count')).toBe(String(sim.funds.funds().length));
    expect(all.body).toHaveLength(sim.funds.funds().length);
    expect(all.body.find((f) => f.tradingsymbol === BLUECHIP)).toMatchObject({
      amc: 'SimAMC_MF',
      purchase_allowed: true,
      minimum_purchase_amount: 100,
      minimum_redemption_quantity: 0.001,
      scheme_type: 'equity',
      last_price_date: '2025-12-01',
    });
    const downloads = await refreshes('ok');
    const closed = await call<Row[]>(app, 'GET', '/mf/instruments?account_id=primary&purchase_allowed=false');
    expect(closed.body.map((f) => f.tradingsymbol)).toEqual([CLOSED]);
    const page = await call<Row[]>(
      app,
      'GET',
      '/mf/instruments?account_id=primary&scheme_type=equity&limit=2&offset=1',
    );
    expect(page.body).toHaveLength(2);
    expect(Number(page.headers.get('x-total-count'))).toBeGreaterThan(2);
    expect(await refreshes('ok')).toBe(downloads);
    // The next morning, after MF_INSTRUMENTS_REFRESH_TIME_IST, the list is downloaded again.
    await nextDay();
    await call(app, 'GET', '/mf/instruments?account_id=primary');
    expect(await refreshes('ok')).toBe(downloads + 1);
  });

  it('should serve the previous list when the daily download fails, and refuse bad filters', async () => {
    await call(app, 'GET', '/mf/instruments?account_id=primary');
    await nextDay();
    await control(sim, 'POST', '/faults/rest', { pathPrefix: '/mf/instruments', status: 503, count: 5 });
    const stale = await call<Row[]>(app, 'GET', '/mf/instruments?account_id=primary');
    expect(stale.status).toBe(200);
    expect(stale.body.length).toBe(sim.funds.funds().length);
    expect(await refreshes('served_stale')).toBeGreaterThanOrEqual(1);
    const bad = await call<ErrorBody>(
      app,
      'GET',
      '/mf/instruments?account_id=primary&limit=0&purchase_allowed=maybe&plan=x',
    );
    expect(bad.status).toBe(400);
    expect(rules(bad.body).sort()).toEqual(['limit:min', 'plan:isIn', 'purchase_allowed:isBoolean']);
  });

  it('should place, read and cancel MF orders, and allot purchases into holdings the next trading day', async () => {
    const placed = await call<Row>(app, 'POST', '/mf/orders', {
      body: { account_id: 'primary', tradingsymbol: GILT, transaction_type: 'BUY', amount: 10_000, tag: 'mfe2e' },
    });
    expect(placed.status).toBe(201);
    const orderId = placed.body.order_id as string;
    expect(placed.body).toEqual({ order_id: orderId, account_id: 'primary' });
    const open = await call<Row>(app, 'GET', `/mf/orders/${orderId}?account_id=primary`);
    expect(open.body).toMatchObject({
      account_id: 'primary',
      order_id: orderId,
      status: 'OPEN',
      amount: 10_000,
      purchase_type: 'FRESH',
      tag: 'mfe2e',
      order_timestamp: '2025-12-02T10:30:00+05:30',
    });
    const byQuery = await call<Row>(app, 'GET', `/mf/orders?account_id=primary&order_id=${orderId}`);
    expect(byQuery.body).toEqual(open.body);
    await control(sim, 'POST', '/clock', { mode: 'fixed', at: '2025-12-03 10:05:00' });
    const done = await call<Row>(app, 'GET', `/mf/orders/${orderId}?account_id=primary`);
    expect(done.body).toMatchObject({ status: 'COMPLETE', exchange_timestamp: '2025-12-02' });
    const holdings = await call<Row[]>(app, 'GET', '/mf/holdings?account_id=primary');
    expect(holdings.body.find((h) => h.tradingsymbol === GILT)).toMatchObject({ quantity: done.body.quantity });

    const sell = await call<Row>(app, 'POST', '/mf/orders', {
      body: { account_id: 'primary', tradingsymbol: BLUECHIP, transaction_type: 'SELL', quantity: 10.5 },
    });
    const sellId = sell.body.order_id as string;
    const cancelled = await call<Row>(app, 'DELETE', `/mf/orders/${sellId}?account_id=primary`);
    expect(cancelled).toMatchObject({ status: 200, body: { order_id: sellId } });
    const twice = await call<ErrorBody>(app, 'DELETE', '/mf/orders', {
      body: { account_id: 'primary', order_id: sellId },
    });
    expect(twice).toMatchObject({ status: 400, body: { code: 'KITE_INPUT_REJECTED' } });
    const list = await call<Row[]>(app, 'GET', '/mf/orders?account_id=primary');
    expect(list.body.map((o) => o.order_id)).toEqual(expect.arrayContaining([orderId, sellId]));
  });

  it('should refuse MF orders missing the field their side needs, and pass on Kite’s refusals', async () => {
    const order = (body: Row) =>
      call<ErrorBody>(app, 'POST', '/mf/orders', { body: { account_id: 'primary', ...body } });
    expect(rules((await order({ tradingsymbol: GILT, transaction_type: 'BUY', quantity: 5 })).body)).toEqual([
      'amount:requiredForBuy',
      'quantity:notForBuy',
    ]);
    expect(rules((await order({ tradingsymbol: GILT, transaction_type: 'SELL', amount: 5 })).body)).toEqual([
      'quantity:requiredForSell',
      'amount:notForSell',
    ]);
    expect(
      rules(
        (await order({ tradingsymbol: 'GILT', transaction_type: 'BUY', amount: 1e12, tag: 'bad tag' })).body,
      ).sort(),
    ).toEqual(['amount:max', 'tag:matches', 'tradingsymbol:matches']);
    const closed = await order({ tradingsymbol: CLOSED, transaction_type: 'BUY', amount: 1_000 });
    expect(closed).toMatchObject({
      status: 400,
      body: { code: 'KITE_INPUT_REJECTED', message: expect.stringMatching(/not allowed/) },
    });
  });

  it('should register, read, modify (pause), and cancel SIPs, accepting the Python spellings', async () => {
    const placed = await call<Row>(app, 'POST', '/mf/sips', {
      body: {
        account_id: 'primary',
        tradingsymbol: BLUECHIP,
        amount: 2_000,
        frequency: 'monthly',
        installments: 12,
        installment_day: 5,
        tag: 'sipe2e',
      },
    });
    expect(placed.status).toBe(201);
    const sipId = placed.body.sip_id as string;
    const sip = await call<Row>(app, 'GET', `/mf/sips/${sipId}?account_id=primary`);
    expect(sip.body).toMatchObject({
      sip_id: sipId,
      status: 'ACTIVE',
      instalments: 12,
      instalment_day: 5,
      instalment_amount: 2_000,
      next_instalment: '2025-12-05',
      created: '2025-12-02T10:30:00+05:30',
      tag: 'sipe2e',
    });
    const paused = await call<Row>(app, 'PUT', `/mf/sips/${sipId}`, {
      body: { account_id: 'primary', status: 'paused', amount: 2_500 },
    });
    expect(paused).toMatchObject({ status: 200, body: { sip_id: sipId } });
    const legacy = await call<Row>(app, 'PUT', '/mf/sips', {
      body: { account_id: 'primary', sip_id: sipId, instalments: 6 },
    });
    expect(legacy.status).toBe(200);
    expect((await call<Row>(app, 'GET', `/mf/sips?account_id=primary&sip_id=${sipId}`)).body).toMatchObject({
      status: 'PAUSED',
      instalment_amount: 2_500,
      instalments: 6,
    });
    expect((await call(app, 'DELETE', '/mf/sips', { body: { account_id: 'primary', sip_id: sipId } })).status).toBe(
      200,
    );
    const sips = await call<Row[]>(app, 'GET', '/mf/sips?account_id=primary');
    expect(sips.body.find((s) => s.sip_id === sipId)).toMatchObject({ status: 'CANCELLED' });
  });

  it('should refuse SIPs without a schedule, with conflicting spellings, or modifications that change nothing', async () => {
    const sip = (body: Row) =>
      call<ErrorBody>(app, 'POST', '/mf/sips', {
        body: { account_id: 'primary', tradingsymbol: BLUECHIP, amount: 1_000, ...body },
      });
    expect(rules((await sip({ frequency: 'monthly', instalments: 12 })).body)).toEqual([
      'instalment_day:requiredForMonthly',
    ]);
    expect(rules((await sip({ instalments: 12, installments: 6 })).body)).toEqual([
      'installments:conflictingAlias',
      'frequency:required',
    ]);
    expect(rules((await sip({ frequency: 'daily', instalments: 12 })).body)).toEqual(['frequency:isIn']);
    const nothing = await call<ErrorBody>(app, 'PUT', '/mf/sips/12345', { body: { account_id: 'primary' } });
    expect(rules(nothing.body)).toEqual(['body:atLeastOneChange']);
    const unknown = await call<ErrorBody>(app, 'PUT', '/mf/sips/12345', {
      body: { account_id: 'primary', status: 'paused' },
    });
    expect(unknown).toMatchObject({ status: 400, body: { code: 'KITE_INPUT_REJECTED' } });
  });

  it('should refuse malformed ids and missing accounts on the MF paths, naming the field', async () => {
    const cases: [string, string, unknown, string][] = [
      ['GET', '/mf/holdings', undefined, 'account_id'],
      ['GET', '/mf/orders/bad!id?account_id=primary', undefined, 'order_id'],
      ['GET', '/mf/sips/*?account_id=primary', undefined, 'sip_id'],
      ['DELETE', '/mf/sips/123', undefined, 'account_id'],
      ['DELETE', '/mf/orders', { account_id: 'primary' }, 'order_id'],
      [
        'POST',
        '/mf/sips',
        { account_id: 'primary', tradingsymbol: BLUECHIP, frequency: 'weekly', instalments: 4 },
        'amount',
      ],
    ];
    for (const [method, path, body, field] of cases) {
      const answer = await call<ErrorBody>(app, method, path, { body });
      expect({
        method,
        path,
        status: answer.status,
        fields: [...new Set(rules(answer.body).map((r) => r.split(':')[0]))],
      }).toEqual({
        method,
        path,
        status: 400,
        fields: [field],
      });
    }
  });

  it('should refuse every MF endpoint to a credential restricted to other accounts', async () => {
    const headers = { [RESTRICTED_ACCOUNTS_HEADER]: 'secondary' };
    const requests: [string, string, unknown?][] = [
      ['GET', '/mf/orders?account_id=primary'],
      ['GET', '/mf/orders/abc?account_id=primary'],
      ['POST', '/mf/orders', { account_id: 'primary', tradingsymbol: GILT, transaction_type: 'BUY', amount: 5_000 }],
      ['DELETE', '/mf/orders/abc?account_id=primary'],
      ['DELETE', '/mf/orders', { account_id: 'primary', order_id: 'abc' }],
      ['GET', '/mf/sips?account_id=primary'],
      ['GET', '/mf/sips/1?account_id=primary'],
      [
        'POST',
        '/mf/sips',
        { account_id: 'primary', tradingsymbol: GILT, amount: 5_000, frequency: 'weekly', instalments: 4 },
      ],
      ['PUT', '/mf/sips/1', { account_id: 'primary', status: 'paused' }],
      ['PUT', '/mf/sips', { account_id: 'primary', sip_id: '1', status: 'paused' }],
      ['DELETE', '/mf/sips/1?account_id=primary'],
      ['DELETE', '/mf/sips', { account_id: 'primary', sip_id: '1' }],
      ['GET', '/mf/holdings?account_id=primary'],
      ['GET', '/mf/instruments?account_id=primary'],
    ];
    for (const [method, path, body] of requests) {
      const answer = await call<ErrorBody>(app, method, path, { headers, body });
      expect({ method, path, status: answer.status, code: answer.body.code }).toEqual({
        method,
        path,
        status: 403,
        code: 'ACCOUNT_NOT_ALLOWED',
      });
    }
  });
});
