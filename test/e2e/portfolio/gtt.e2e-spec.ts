import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { Clock, type ControllableClock } from '../../../src/common/time/index.js';
import type { KiteSimulator } from '../../../src/simulator/simulator.js';
import type { TestApp } from '../../support/test-app.js';
import { PRIMARY, control, metricValue } from '../accounts/support.js';
import { POLL } from '../../support/polling.js';
import {
  CREDENTIAL_HEADER,
  RESTRICTED_ACCOUNTS_HEADER,
  bootAgainst,
  call,
  startSessionSimulator,
  type ErrorBody,
} from './support.js';

type Row = Record<string, unknown>;
interface Trigger {
  id: number;
  status: string;
  created_at: string;
  condition: { last_price: number; trigger_values: number[]; instrument_token: number };
  orders: { result: { order_result: { order_id: string; status: string } } | null }[];
}
interface Violation {
  field: string;
  rule: string;
}

const FUTURE = 'NIFTY25DECFUT';
const REQUEST_TIMEOUT_MS = 1_000;
const SETTLE_MS = 30_000;
const round = (price: number, tick: number) => Number((Math.round(price / tick) * tick).toFixed(2));

describe('GTT endpoints against the simulator', () => {
  let sim: KiteSimulator;
  let app: TestApp;
  let infy: number;

  const ltp = async (key: string): Promise<number> =>
    (
      (await control(sim, 'GET', `/ground-truth?i=${encodeURIComponent(key)}`)) as Record<string, { lastPrice: number }>
    )[key]!.lastPrice;
  const simTriggers = async () => (await control(sim, 'GET', `/gtt?user_id=${PRIMARY.userId}`)) as Trigger[];
  const sellInfy = (trigger: number, overrides: Row = {}) => ({
    account_id: 'primary',
    trigger_type: 'single',
    exchange: 'NSE',
    tradingsymbol: 'INFY',
    trigger_values: [trigger],
    orders: [{ transaction_type: 'SELL', quantity: 5, product: 'CNC', price: trigger }],
    ...overrides,
  });
  const create = (body: unknown, headers: Record<string, string> = {}) =>
    call<Row>(app, 'POST', '/gtt', { body, headers });
  const violations = (body: unknown) => ((body as ErrorBody).details as Violation[]).map((v) => `${v.field}:${v.rule}`);

  beforeAll(async () => {
    sim = await startSessionSimulator();
    app = await bootAgainst(sim, {
      INSTRUMENT_SEGMENTS: 'INDICES,NSE,NFO-OPT,NFO-FUT',
      KITE_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
      KITE_RETRY_MAX_ATTEMPTS: '1',
      GTT_IDEMPOTENCY_SETTLE_MS: String(SETTLE_MS),
    });
    expect((await call(app, 'POST', '/instrument-sync')).status).toBe(200);
    infy = await ltp('NSE:INFY');
  });
  beforeEach(async () => {
    await control(sim, 'DELETE', '/faults');
  });
  afterAll(async () => {
    await app?.close();
    await sim?.handle.stop();
  });

  it('should place a GTT at the live last price when none is given, then read, list, modify and delete it', async () => {
    const trigger = round(infy * 0.95, 0.1);
    const created = await create(sellInfy(trigger));
    expect(created.status).toBe(201);
    const id = created.body.trigger_id as number;
    expect(created.body).toEqual({ trigger_id: id, gtt_id: id, account_id: 'primary' });
    const one = await call<Trigger>(app, 'GET', `/gtt/${id}?account_id=primary`);
    expect(one.body).toMatchObject({
      id,
      status: 'active',
      type: 'single',
      condition: {
        exchange: 'NSE',
        tradingsymbol: 'INFY',
        trigger_values: [trigger],
        last_price: infy,
        instrument_token: 408065,
      },
      orders: [
        { transaction_type: 'SELL', quantity: 5, product: 'CNC', order_type: 'LIMIT', price: trigger, result: null },
      ],
      created_at: '2025-12-02T10:30:00+05:30',
      expires_at: '2026-12-02T10:30:00+05:30',
    });
    const list = await call<Trigger[]>(app, 'GET', '/gtt?account_id=primary');
    expect(list.body.map((t) => t.id)).toContain(id);
    const lower = round(infy * 0.9, 0.1);
    const modified = await call<Row>(app, 'PUT', `/gtt/${id}`, { body: sellInfy(lower) });
    expect(modified).toMatchObject({ status: 200, body: { trigger_id: id } });
    expect((await call<Trigger>(app, 'GET', `/gtt/${id}?account_id=primary`)).body.condition.trigger_values).toEqual([
      lower,
    ]);
    expect((await call<Row>(app, 'DELETE', `/gtt/${id}?account_id=primary`)).status).toBe(200);
    expect((await call<Trigger>(app, 'GET', `/gtt/${id}?account_id=primary`)).body.status).toBe('deleted');
    const again = await call<ErrorBody>(app, 'DELETE', `/gtt/${id}?account_id=primary`);
    expect(again).toMatchObject({ status: 400, body: { code: 'KITE_INPUT_REJECTED' } });
  });

  it('should keep the Python paths: PUT and DELETE /gtt with gtt_id in the body', async () => {
    const trigger = round(infy * 0.94, 0.1);
    const id = (await create(sellInfy(trigger))).body.trigger_id as number;
    const modified = await call<Row>(app, 'PUT', '/gtt', {
      body: { ...sellInfy(round(infy * 0.93, 0.1)), gtt_id: id },
    });
    expect(modified).toMatchObject({ status: 200, body: { gtt_id: id } });
    const deleted = await call<Row>(app, 'DELETE', '/gtt', { body: { account_id: 'primary', gtt_id: id } });
    expect(deleted).toMatchObject({ status: 200, body: { gtt_id: id } });
  });

  it('should place a two-leg (OCO) GTT on a future whose legs are on the tick and lot size', async () => {
    const last = await ltp(`NFO:${FUTURE}`);
    const lower = round(last * 0.97, 0.05);
    const upper = round(last * 1.03, 0.05);
    const created = await create({
      account_id: 'primary',
      trigger_type: 'two-leg',
      exchange: 'NFO',
      tradingsymbol: FUTURE,
      trigger_values: [lower, upper],
      last_price: last,
      orders: [
        { transaction_type: 'SELL', quantity: 65, product: 'NRML', price: lower },
        { transaction_type: 'SELL', quantity: 65, product: 'NRML', price: upper },
      ],
    });
    expect(created.body).toMatchObject({ trigger_id: expect.any(Number) });
    const trigger = await call<Trigger>(app, 'GET', `/gtt/${created.body.trigger_id as number}?account_id=primary`);
    expect(trigger.body).toMatchObject({ type: 'two-leg', expires_at: '2025-12-30T15:30:00+05:30' });
  });

  it('should refuse GTTs that break Kite’s rules, naming each field and rule', async () => {
    const last = await ltp(`NFO:${FUTURE}`);
    const cases: [unknown, string[]][] = [
      [sellInfy(round(infy * 0.95, 0.1) + 0.05), ['trigger_values.0:tickSize', 'orders.0.price:tickSize']],
      [
        sellInfy(round(infy * 0.95, 0.1), {
          orders: [{ transaction_type: 'SELL', quantity: 5, product: 'MIS', price: 1000 }],
        }),
        ['orders.0.product:gttProduct'],
      ],
      [sellInfy(round(infy * 0.999, 0.1)), ['trigger_values.0:minDistanceFromLastPrice']],
      [sellInfy(round(infy * 0.95, 0.1), { last_price: round(infy * 1.2, 0.1) }), ['last_price:nearLivePrice']],
      [sellInfy(round(infy * 0.95, 0.1), { tradingsymbol: 'NOSUCHCO' }), ['tradingsymbol:knownInstrument']],
      [sellInfy(round(infy * 0.95, 0.1), { tradingsymbol: 'NIFTY 50' }), ['tradingsymbol:tradable']],
      [sellInfy(round(infy * 0.95, 0.1), { exchange: 'MCX' }), ['exchange:gttExchange']],
      [
        {
          ...sellInfy(0),
          exchange: 'NFO',
          tradingsymbol: FUTURE,
          trigger_type: 'two-leg',
          trigger_values: [round(last * 1.02, 0.05), round(last * 1.04, 0.05)],
          last_price: last,
          orders: [
            { transaction_type: 'SELL', quantity: 60, product: 'NRML', price: round(last * 1.02, 0.05) },
            { transaction_type: 'SELL', quantity: 65, product: 'NRML', price: round(last * 1.04, 0.05) },
          ],
        },
        ['orders.0.quantity:lotSize'],
      ],
      [
        {
          ...sellInfy(0),
          exchange: 'NFO',
          tradingsymbol: FUTURE,
          trigger_type: 'two-leg',
          trigger_values: [round(last * 1.02, 0.05), round(last * 1.04, 0.05)],
          last_price: last,
          orders: [
            { transaction_type: 'SELL', quantity: 65, product: 'NRML', price: round(last * 1.02, 0.05) },
            { transaction_type: 'SELL', quantity: 65, product: 'NRML', price: round(last * 1.04, 0.05) },
          ],
        },
        ['trigger_values:aroundLastPrice'],
      ],
    ];
    for (const [body, expected] of cases) {
      const answer = await create(body);
      expect({
        status: answer.status,
        code: (answer.body as unknown as ErrorBody).code,
        rules: violations(answer.body),
      }).toEqual({
        status: 400,
        code: 'VALIDATION_FAILED',
        rules: expected,
      });
    }
    const shape = await create({
      account_id: 'primary',
      trigger_type: 'oco',
      trigger_values: [],
      orders: [{ order_type: 'MARKET' }],
    });
    expect(shape.status).toBe(400);
    expect(violations(shape.body)).toEqual(
      expect.arrayContaining([
        'trigger_type:isIn',
        'exchange:isIn',
        'trigger_values:arrayMinSize',
        'orders.0.order_type:isIn',
      ]),
    );
  });

  it('should refuse malformed ids and missing accounts on every GTT path, naming the field', async () => {
    const body = sellInfy(round(infy * 0.95, 0.1));
    const cases: [string, string, unknown, string][] = [
      ['GET', '/gtt', undefined, 'account_id'],
      ['GET', '/gtt/abc?account_id=primary', undefined, 'id'],
      ['PUT', '/gtt/0', body, 'id'],
      ['DELETE', '/gtt/-4?account_id=primary', undefined, 'id'],
      ['PUT', '/gtt', body, 'gtt_id'],
      ['DELETE', '/gtt', { account_id: 'primary' }, 'gtt_id'],
      ['POST', '/gtt/trigger-range', { transaction_type: 'BUY', exchange: 'NSE', tradingsymbol: 'INFY' }, 'account_id'],
    ];
    for (const [method, path, payload, field] of cases) {
      const answer = await call<ErrorBody>(app, method, path, { body: payload });
      expect({
        path,
        method,
        status: answer.status,
        fields: [...new Set(violations(answer.body).map((v) => v.split(':')[0]))],
      }).toEqual({
        path,
        method,
        status: 400,
        fields: [field],
      });
    }
  });

  it('should answer the same trigger for the same Idempotency-Key and body, and 422 for another body', async () => {
    const before = (await simTriggers()).length;
    const body = sellInfy(round(infy * 0.92, 0.1));
    const headers = { 'idempotency-key': 'order-7f3a-1', [CREDENTIAL_HEADER]: 'desk-a' };
    const first = await create(body, headers);
    expect(first.status).toBe(201);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    const second = await create(body, headers);
    expect(second).toMatchObject({ status: 201, body: first.body });
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect((await simTriggers()).length).toBe(before + 1);
    const reused = await create(sellInfy(round(infy * 0.91, 0.1)), headers);
    expect(reused).toMatchObject({ status: 422, body: { code: 'IDEMPOTENCY_KEY_REUSED' } });
    // Keys belong to a credential: another desk using the same key places its own GTT.
    const other = await create(body, { ...headers, [CREDENTIAL_HEADER]: 'desk-b' });
    expect(other.status).toBe(201);
    expect(other.body.trigger_id).not.toBe(first.body.trigger_id);
    const badKey = await create(body, { 'idempotency-key': 'has space' });
    expect(badKey).toMatchObject({ status: 400, body: { code: 'INVALID_IDEMPOTENCY_KEY' } });
    expect(
      await metricValue(app, 'ticker_gtt_idempotency_outcomes_total', { outcome: 'replayed' }),
    ).toBeGreaterThanOrEqual(1);
  });

  it('should reconcile a placement Kite applied but never answered, when retried with the same key', async () => {
    const body = sellInfy(round(infy * 0.9, 0.1));
    const headers = { 'idempotency-key': 'slow-answer-1' };
    const before = (await simTriggers()).length;
    // Kite processes the request after the client has given up: the GTT exists, the answer is lost.
    await control(sim, 'POST', '/faults/rest', {
      pathPrefix: '/gtt/triggers',
      method: 'POST',
      delayMs: 2_500,
      count: 1,
    });
    const lost = await create(body, headers);
    expect(lost).toMatchObject({ status: 504, body: { code: 'GTT_OUTCOME_UNKNOWN' } });
    const created = await vi.waitUntil(async () => {
      const all = await simTriggers();
      return all.length === before + 1 ? all[0] : undefined;
    }, POLL);
    const retried = await create(body, headers);
    expect(retried).toMatchObject({ status: 201, body: { trigger_id: created.id } });
    expect(retried.headers.get('idempotent-replayed')).toBe('true');
    expect((await simTriggers()).length).toBe(before + 1);
  });

  it('should hold a retry of an unanswered placement until the settle time, then place it', async () => {
    const body = sellInfy(round(infy * 0.89, 0.1));
    const headers = { 'idempotency-key': 'never-reached-1' };
    const before = (await simTriggers()).length;
    // The request never reaches Kite's GTT book (held forever): nothing to reconcile.
    await control(sim, 'POST', '/faults/rest', { pathPrefix: '/gtt/triggers', method: 'POST', hang: true, count: 1 });
    expect((await create(body, headers)).body).toMatchObject({ code: 'GTT_OUTCOME_UNKNOWN' });
    const early = await create(body, headers);
    expect(early).toMatchObject({ status: 409, body: { code: 'GTT_OUTCOME_PENDING' } });
    app.service.app.get<Clock, ControllableClock>(Clock).advance(SETTLE_MS + 1_000);
    const placed = await create(body, headers);
    expect(placed.status).toBe(201);
    expect((await simTriggers()).length).toBe(before + 1);
    expect(await create(body, headers)).toMatchObject({ status: 201, body: placed.body });
  });

  it('should answer the trigger range the Python service promised, from the live price and tick size', async () => {
    const answer = await call<Record<string, Row>>(app, 'POST', '/gtt/trigger-range', {
      body: { account_id: 'primary', transaction_type: 'BUY', exchange: 'NSE', tradingsymbol: 'INFY' },
    });
    expect(answer.status).toBe(200);
    const range = answer.body['NSE:INFY']!;
    expect(range).toMatchObject({
      instrument_token: 408065,
      transaction_type: 'BUY',
      tick_size: 0.1,
      min_distance_percent: 0.25,
      last_price: infy,
    });
    expect(range.lower as number).toBeLessThanOrEqual(infy * 0.9975);
    expect(range.upper as number).toBeGreaterThanOrEqual(infy * 1.0025);
    const accepted = await create(
      sellInfy(range.upper as number, {
        orders: [{ transaction_type: 'SELL', quantity: 5, product: 'CNC', price: range.upper }],
      }),
    );
    expect(accepted.status).toBe(201);
    const bad = await call<ErrorBody>(app, 'POST', '/gtt/trigger-range', {
      body: { account_id: 'primary', exchange: 'NSE', tradingsymbol: 'INFY' },
    });
    expect(bad.status).toBe(400);
    expect(violations(bad.body)).toEqual(['transaction_type:isIn']);
  });

  it('should refuse every GTT endpoint to a credential restricted to other accounts', async () => {
    const headers = { [RESTRICTED_ACCOUNTS_HEADER]: 'secondary' };
    const requests: [string, string, unknown?][] = [
      ['GET', '/gtt?account_id=primary'],
      ['GET', '/gtt/100001?account_id=primary'],
      ['POST', '/gtt', sellInfy(round(infy * 0.95, 0.1))],
      ['PUT', '/gtt/100001', sellInfy(round(infy * 0.95, 0.1))],
      ['PUT', '/gtt', { ...sellInfy(round(infy * 0.95, 0.1)), gtt_id: 100001 }],
      ['DELETE', '/gtt/100001?account_id=primary'],
      ['DELETE', '/gtt', { account_id: 'primary', gtt_id: 100001 }],
      [
        'POST',
        '/gtt/trigger-range',
        { account_id: 'primary', transaction_type: 'BUY', exchange: 'NSE', tradingsymbol: 'INFY' },
      ],
    ];
    for (const [method, path, body] of requests) {
      const answer = await call<ErrorBody>(app, method, path, { headers, body });
      expect({ path, method, status: answer.status, code: answer.body.code }).toEqual({
        path,
        method,
        status: 403,
        code: 'ACCOUNT_NOT_ALLOWED',
      });
    }
  });
});
