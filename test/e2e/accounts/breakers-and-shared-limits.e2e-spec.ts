import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { KiteRestClient, PlaceOrderParams } from '../../../src/modules/accounts/index.js';
import type { KiteSimulator } from '../../../src/simulator/simulator.js';
import { deleteRedisKeys, type TestApp, uniqueRedisPrefix } from '../../support/test-app.js';
import {
  bootWithSimulator,
  control,
  encryptionKey,
  metricValue,
  orchestratorOf,
  PRIMARY,
  startSimulator,
} from './support.js';

const ONLY_PRIMARY = JSON.stringify([
  { id: PRIMARY.id, api_key: PRIMARY.apiKey, api_secret: PRIMARY.apiSecret, access_token: PRIMARY.accessToken },
]);
/** Quotes at Kite's 1/s take a while; generous for a loaded machine. */
const BURST_TIMEOUT_MS = 120_000;

const restingBuy = (sim: KiteSimulator): PlaceOrderParams => {
  const option = sim.model.instruments().find((i) => i.kind === 'CE' && i.name === 'NIFTY')!;
  return {
    exchange: 'NFO',
    tradingsymbol: option.tradingsymbol,
    transaction_type: 'BUY',
    quantity: option.lotSize,
    product: 'NRML',
    order_type: 'LIMIT',
    price: 0.05,
  };
};

const forPrimary = <T>(app: TestApp, fn: (client: KiteRestClient) => Promise<T>) =>
  orchestratorOf(app).forAccount(PRIMARY.id, fn);

const outcomes = (app: TestApp, outcome: string) =>
  metricValue(app, 'ticker_accounts_kite_requests_total', { account: PRIMARY.id, outcome });

describe('Two instances sharing one API key through Redis, at Kite’s own limits', () => {
  let sim: KiteSimulator;
  let apps: TestApp[];
  const sharedPrefix = uniqueRedisPrefix();

  beforeAll(async () => {
    // The simulator enforces Kite's real per-key limits (quote 1/s, orders 10/s, other 10/s).
    sim = await startSimulator();
    await control(sim, 'POST', '/clock', { phase: 'open' });
    const key = encryptionKey();
    const env = {
      KITE_ACCOUNTS: ONLY_PRIMARY,
      REDIS_KEY_PREFIX: sharedPrefix,
      KITE_QUEUE_WAIT_TIMEOUT_MS: String(BURST_TIMEOUT_MS),
    };
    apps = [await bootWithSimulator(sim, key, env), await bootWithSimulator(sim, key, env)];
  }, BURST_TIMEOUT_MS);

  afterAll(async () => {
    await Promise.all((apps ?? []).map((app) => app.close()));
    await deleteRedisKeys(sharedPrefix);
    await sim?.handle.stop();
  });

  it(
    'should burst quotes and orders from both instances together without one 429 from Kite',
    async () => {
      const order = restingBuy(sim);
      const bursts = apps.flatMap((app) => [
        ...Array.from({ length: 5 }, () => forPrimary(app, (client) => client.getQuote(['NSE:NIFTY 50']))),
        ...Array.from({ length: 12 }, () => forPrimary(app, (client) => client.placeOrder('regular', order))),
      ]);
      const results = await Promise.all(bursts);
      expect(results).toHaveLength(34);
      for (const app of apps) {
        expect(await outcomes(app, 'kite_rate_limited')).toBe(0);
        expect(await metricValue(app, 'ticker_accounts_kite_retries_total', { account: PRIMARY.id })).toBe(0);
        expect(await metricValue(app, 'ticker_accounts_kite_rate_limit_shared')).toBe(1);
      }
      const placed = results.filter((r): r is { orderId: string } => typeof r === 'object' && 'orderId' in r);
      expect(new Set(placed.map((p) => p.orderId)).size).toBe(24);
    },
    BURST_TIMEOUT_MS,
  );
});

describe('Failing market data never blocks orders', () => {
  let sim: KiteSimulator;
  let app: TestApp;

  beforeAll(async () => {
    sim = await startSimulator({ rateLimits: { quotePerSecond: 10 } });
    await control(sim, 'POST', '/clock', { phase: 'open' });
    app = await bootWithSimulator(sim, encryptionKey(), {
      KITE_ACCOUNTS: ONLY_PRIMARY,
      KITE_RATE_QUOTE_PER_SECOND: '10',
      KITE_BREAKER_FAILURE_THRESHOLD: '3',
      KITE_BREAKER_OPEN_MS: '600000',
      KITE_RETRY_MAX_ATTEMPTS: '2',
      KITE_RETRY_BASE_DELAY_MS: '10',
      KITE_RETRY_MAX_DELAY_MS: '20',
    });
  });

  afterAll(async () => {
    await app?.close();
    await sim?.handle.stop();
  });

  beforeEach(async () => {
    await control(sim, 'DELETE', '/faults');
  });

  const breaker = (endpointClass: string, state: string) =>
    metricValue(app, 'ticker_accounts_breaker_state', { account: PRIMARY.id, class: endpointClass, state });

  it('should not open any breaker on a burst of 429s (they slow pacing instead)', async () => {
    await control(sim, 'POST', '/faults/rest', { apiKey: PRIMARY.apiKey, pathPrefix: '/quote', status: 429, count: 8 });
    await Promise.allSettled(
      Array.from({ length: 8 }, () => forPrimary(app, (client) => client.getQuote(['NSE:NIFTY 50']))),
    );
    expect(await outcomes(app, 'kite_rate_limited')).toBe(8);
    expect(await breaker('market_data', 'closed')).toBe(1);
    expect(await breaker('orders', 'closed')).toBe(1);
  });

  it('should keep placing and cancelling orders while a 5xx quote burst opens the market-data breaker', async () => {
    await control(sim, 'POST', '/faults/rest', { apiKey: PRIMARY.apiKey, pathPrefix: '/quote', status: 503 });
    const quotes = await Promise.allSettled(
      Array.from({ length: 10 }, () => forPrimary(app, (client) => client.getQuote(['NSE:NIFTY 50']))),
    );
    const codes = quotes.map((q) => (q.status === 'rejected' ? (q.reason as { code: string }).code : 'ok'));
    expect(codes).toContain('KITE_CIRCUIT_OPEN');
    expect(await breaker('market_data', 'open')).toBe(1);

    const placed = await forPrimary(app, (client) => client.placeOrder('regular', restingBuy(sim)));
    await expect(forPrimary(app, (client) => client.cancelOrder('regular', placed.orderId))).resolves.toEqual({
      orderId: placed.orderId,
    });
    expect(await breaker('orders', 'closed')).toBe(1);
    const refused = await forPrimary(app, (client) => client.getLTP(['NSE:NIFTY 50'])).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'KITE_CIRCUIT_OPEN', retryAfterMs: expect.any(Number) as number });
  });
});
