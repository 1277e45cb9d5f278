import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseIstDateTime } from '../../../src/common/time/index.js';
import {
  KiteCircuitOpenError,
  KiteNetworkError,
  KiteTimeoutError,
  type KiteRestClient,
} from '../../../src/modules/accounts/index.js';
import type { KiteSimulator } from '../../../src/simulator/simulator.js';
import type { TestApp } from '../../support/test-app.js';
import {
  bootWithSimulator,
  control,
  encryptionKey,
  getJson,
  metricValue,
  orchestratorOf,
  PRIMARY,
  startSimulator,
  type HealthDetails,
  type Readiness,
} from './support.js';
import { POLL } from '../../support/polling.js';

/** Both sides agree on the quote limit; 10/s keeps a 50-call burst to a few seconds. */
const QUOTE_PER_SECOND = 10;
const BREAKER_OPEN_MS = 1_500;
/** Generous: the machine is shared; only the hanging request must hit it. */
const REQUEST_TIMEOUT_MS = 2_000;

describe('Guarded Kite REST client against the simulator', () => {
  let sim: KiteSimulator;
  let app: TestApp;
  const primary = <T>(fn: (client: KiteRestClient) => Promise<T>) => orchestratorOf(app).forAccount(PRIMARY.id, fn);
  const outcomes = (outcome: string, endpoint?: string) =>
    metricValue(app, 'ticker_accounts_kite_requests_total', {
      account: PRIMARY.id,
      outcome,
      ...(endpoint ? { endpoint } : {}),
    });

  beforeAll(async () => {
    sim = await startSimulator({ rateLimits: { quotePerSecond: QUOTE_PER_SECOND } });
    // Only the primary account is configured here, so every call and the readiness verdict are its own.
    app = await bootWithSimulator(sim, encryptionKey(), {
      KITE_ACCOUNTS: JSON.stringify([
        { id: PRIMARY.id, api_key: PRIMARY.apiKey, api_secret: PRIMARY.apiSecret, access_token: PRIMARY.accessToken },
      ]),
      KITE_RATE_QUOTE_PER_SECOND: String(QUOTE_PER_SECOND),
      KITE_BREAKER_FAILURE_THRESHOLD: '3',
      KITE_BREAKER_OPEN_MS: String(BREAKER_OPEN_MS),
      KITE_BREAKER_HALF_OPEN_PROBES: '1',
      KITE_RETRY_MAX_ATTEMPTS: '2',
      KITE_RETRY_BASE_DELAY_MS: '20',
      KITE_RETRY_MAX_DELAY_MS: '50',
      KITE_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
      KITE_MAX_CONCURRENT_PER_ACCOUNT: '4',
    });
  });

  afterAll(async () => {
    await app?.close();
    await sim?.handle.stop();
  });

  beforeEach(async () => {
    await control(sim, 'DELETE', '/faults');
    // Failures of an earlier test count towards the breaker: start each test from a success (closed breaker).
    await vi.waitFor(() => primary((client) => client.getProfile()), POLL);
  });

  it('should pace a burst of 50 quote calls so that Kite never answers 429', async () => {
    const limitedBefore = await outcomes('kite_rate_limited');
    const quotes = await Promise.all(
      Array.from({ length: 50 }, () => orchestratorOf(app).borrow((client) => client.getQuote(['NSE:NIFTY 50']))),
    );
    expect(quotes).toHaveLength(50);
    for (const quote of quotes) {
      expect(quote['NSE:NIFTY 50']?.instrumentToken).toBe(256265);
      expect(quote['NSE:NIFTY 50']?.timestamp).toBeInstanceOf(Date);
    }
    expect(await outcomes('kite_rate_limited')).toBe(limitedBefore);
    expect(
      await metricValue(app, 'ticker_accounts_kite_retries_total', { account: PRIMARY.id, endpoint: 'quote' }),
    ).toBe(0);
  });

  it("should read quote timestamps as IST whatever the host's time zone", async () => {
    const before = sim.clock.now();
    await control(sim, 'POST', '/clock', { mode: 'fixed', at: '2026-11-25 10:30:00' });
    try {
      const quote = await primary((client) => client.getQuote(['NSE:NIFTY 50']));
      expect(quote['NSE:NIFTY 50']?.timestamp?.toISOString()).toBe('2026-11-25T05:00:00.000Z');
    } finally {
      sim.clock.setShiftedTo(before); // the clock the app shares: back to where the test found it
    }
  });

  it('should request historical candles in IST whatever the host zone', async () => {
    const from = new Date('2026-11-25T03:45:00Z'); // 09:15 IST
    const to = new Date('2026-11-25T04:45:00Z'); // 10:15 IST
    const candles = await primary((client) => client.getHistoricalData(256265, '15minute', from, to));
    expect(candles.length).toBeGreaterThan(0);
    expect(candles[0]!.date.toISOString()).toBe(from.toISOString());
    expect(candles.at(-1)!.date.getTime()).toBeLessThanOrEqual(to.getTime());
  });

  it('should retry an idempotent read after a 429 and succeed', async () => {
    const retriesBefore = await metricValue(app, 'ticker_accounts_kite_retries_total', { endpoint: 'profile' });
    await control(sim, 'POST', '/faults/rest', {
      apiKey: PRIMARY.apiKey,
      pathPrefix: '/user/profile',
      status: 429,
      count: 1,
    });
    await expect(primary((client) => client.getProfile())).resolves.toMatchObject({ userId: PRIMARY.userId });
    expect(await metricValue(app, 'ticker_accounts_kite_retries_total', { endpoint: 'profile' })).toBe(
      retriesBefore + 1,
    );
  });

  it('should never retry an order placement', async () => {
    const before = await outcomes('kite_network_error', 'place_order');
    await control(sim, 'POST', '/faults/rest', {
      apiKey: PRIMARY.apiKey,
      pathPrefix: '/orders',
      method: 'POST',
      status: 503,
      count: 5,
    });
    const order = primary((client) =>
      client.placeOrder('regular', {
        exchange: 'NFO',
        tradingsymbol: 'NIFTY26DECFUT',
        transaction_type: 'BUY',
        quantity: 65,
        product: 'NRML',
        order_type: 'MARKET',
      }),
    );
    await expect(order).rejects.toBeInstanceOf(KiteNetworkError);
    await expect(order).rejects.toMatchObject({ httpStatus: 503 });
    expect(await outcomes('kite_network_error', 'place_order')).toBe(before + 1);
    expect(await metricValue(app, 'ticker_accounts_kite_retries_total', { endpoint: 'place_order' })).toBe(0);
    const remaining = (await control(sim, 'GET', '/faults')) as { rest: { count: number }[] };
    expect(remaining.rest[0]?.count).toBe(4);
  });

  it('should keep 19-digit order ids as strings and read order times as IST', async () => {
    const before = sim.clock.now();
    const placedAtIst = parseIstDateTime('2026-12-01 11:00:00')!;
    await control(sim, 'POST', '/clock', { mode: 'fixed', at: '2026-12-01 11:00:00' });
    try {
      const future = sim.model.instruments().find((i) => i.kind === 'FUT' && i.name === 'NIFTY')!;
      const placed = await primary((client) =>
        client.placeOrder('regular', {
          exchange: 'NFO',
          tradingsymbol: future.tradingsymbol,
          transaction_type: 'BUY',
          quantity: future.lotSize,
          product: 'NRML',
          order_type: 'MARKET',
          tag: 'accountse2e',
        }),
      );
      expect(placed.orderId).toMatch(/^\d{19}$/);
      const orders = await primary((client) => client.getOrders());
      const order = orders.find((o) => o.order_id === placed.orderId)!;
      expect(typeof order.order_id).toBe('string');
      expect(order.order_timestamp.getTime()).toBe(placedAtIst);
    } finally {
      sim.clock.setShiftedTo(before);
    }
  });

  it('should surface a request that gets no answer as a typed timeout', async () => {
    await control(sim, 'POST', '/faults/rest', {
      apiKey: PRIMARY.apiKey,
      pathPrefix: '/user/margins',
      hang: true,
      count: 2,
    });
    const error = await primary((client) => client.getMargins()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KiteTimeoutError);
    expect(error).toMatchObject({
      code: 'KITE_TIMEOUT',
      kind: 'timeout',
      details: { accountId: PRIMARY.id, endpoint: 'margins', errorType: 'NetworkException' },
    });
  });

  it('should open the breaker on repeated 5xx, refuse calls while open, and close after recovery', async () => {
    await control(sim, 'POST', '/faults/rest', {
      apiKey: PRIMARY.apiKey,
      pathPrefix: '/user/profile',
      status: 503,
      body: 'html',
    });
    // Threshold 3 with 2 attempts per read: the first call fails twice, the second call's first attempt opens it.
    await expect(primary((client) => client.getProfile())).rejects.toMatchObject({
      code: 'KITE_NETWORK_ERROR',
      errorType: 'NetworkException',
      message: 'Service Unavailable',
    });
    await expect(primary((client) => client.getProfile())).rejects.toBeInstanceOf(KiteCircuitOpenError);
    const refused = await primary((client) => client.getProfile()).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(KiteCircuitOpenError);
    expect(
      await metricValue(app, 'ticker_accounts_breaker_state', { account: PRIMARY.id, class: 'session', state: 'open' }),
    ).toBe(1);
    // An open breaker is broker state: reported in details, never a reason to take the instance out of rotation.
    expect((await getJson<Readiness>(`${app.url}/health/ready`)).status).toBe(200);
    const details = await getJson<HealthDetails>(`${app.url}/health/details`);
    expect(details.body.accounts.accounts[PRIMARY.id]).toMatchObject({
      status: 'active',
      breaker: 'open',
      breakers: { session: { state: 'open' } },
    });

    await control(sim, 'DELETE', '/faults');
    const profile = await vi.waitFor(() => primary((client) => client.getProfile()), POLL);
    expect(profile.userId).toBe(PRIMARY.userId);
    expect(
      await metricValue(app, 'ticker_accounts_breaker_state', {
        account: PRIMARY.id,
        class: 'session',
        state: 'closed',
      }),
    ).toBe(1);
    expect((await getJson(`${app.url}/health/ready`)).status).toBe(200);
  });

  it('should not count answers about the request (InputException) against the breaker', async () => {
    for (let i = 0; i < 5; i += 1) {
      await expect(
        primary((client) => client.getQuote(Array.from({ length: 501 }, (_, n) => `NFO:X${n}`))),
      ).rejects.toMatchObject({ code: 'KITE_INPUT_REJECTED', httpStatus: 400 });
    }
    expect(
      await metricValue(app, 'ticker_accounts_breaker_state', {
        account: PRIMARY.id,
        class: 'market_data',
        state: 'closed',
      }),
    ).toBe(1);
  });
});
