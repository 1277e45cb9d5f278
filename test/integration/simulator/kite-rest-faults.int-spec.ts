import { KiteConnect, type Connect } from 'kiteconnect';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_USERS } from '../../../src/simulator/session/session-store.js';
import type { KiteSimulator } from '../../../src/simulator/simulator.js';
import { control, kiteFor, NIFTY, rejectionOf, startSim } from './sim-test-kit.js';

const OTHER = {
  userId: 'SIM002',
  userName: 'Other Trader',
  email: 'sim002@example.com',
  apiKey: 'otherkey',
  apiSecret: 'othersecret',
  accessToken: 'othertoken',
};
const NO_LIMITS = {
  quotePerSecond: 0,
  historicalPerSecond: 0,
  ordersPerSecond: 0,
  ordersPerMinute: 0,
  ordersPerDay: 0,
  otherPerSecond: 0,
};

describe('Kite simulator REST: fault injection and rate limits', () => {
  let sim: KiteSimulator;
  let kite: Connect;
  let other: Connect;

  beforeAll(async () => {
    sim = await startSim({ users: [...DEFAULT_USERS, OTHER] });
    kite = kiteFor(sim);
    other = kiteFor(sim, OTHER.accessToken, OTHER.apiKey);
  });
  beforeEach(async () => {
    await control(sim, 'DELETE', '/faults');
    await control(sim, 'POST', '/rate-limits', NO_LIMITS);
  });
  afterAll(async () => {
    await sim.handle.stop();
  });

  it.each([
    [429, 'NetworkException'],
    [500, 'GeneralException'],
    [502, 'NetworkException'],
    [503, 'NetworkException'],
  ])('injects %i with Kite’s JSON envelope for the next N calls of one api key', async (status, errorType) => {
    await control(sim, 'POST', '/faults/rest', { apiKey: 'simkey', status, count: 2 });
    for (let k = 0; k < 2; k += 1) {
      expect(await rejectionOf(kite.getProfile())).toMatchObject({
        status: 'error',
        error_type: errorType,
        data: null,
      });
    }
    expect((await kite.getProfile()).user_id).toBe('SIM001');
    const raw = await fetch(`${sim.restUrl}/user/profile`, { headers: { Authorization: 'token simkey:simtoken' } });
    expect(raw.status).toBe(200);
  });

  it('scopes faults to one api key and one path prefix', async () => {
    await control(sim, 'POST', '/faults/rest', { apiKey: 'simkey', pathPrefix: '/quote', status: 503 });
    expect(await rejectionOf(kite.getLTP(['NSE:NIFTY 50']))).toMatchObject({ error_type: 'NetworkException' });
    expect((await kite.getProfile()).user_id).toBe('SIM001');
    expect((await other.getLTP(['NSE:NIFTY 50']))['NSE:NIFTY 50']?.instrument_token).toBe(NIFTY);
    const raw = await fetch(`${sim.restUrl}/quote/ltp?i=NSE:NIFTY+50`, {
      headers: { Authorization: 'token simkey:simtoken' },
    });
    expect(raw.status).toBe(503);
  });

  it('answers non-JSON 502 bodies the client reports as NetworkException', async () => {
    await control(sim, 'POST', '/faults/rest', { status: 502, body: 'html', count: 1 });
    expect(await rejectionOf(kite.getProfile())).toMatchObject({
      error_type: 'NetworkException',
      message: 'Bad Gateway',
    });
  });

  it('fails a deterministic fraction of calls', async () => {
    await control(sim, 'POST', '/faults/rest', { apiKey: 'simkey', status: 500, fraction: 0.5 });
    const outcomes = await Promise.all(
      Array.from({ length: 40 }, () =>
        kite.getProfile().then(
          () => 'ok',
          () => 'fail',
        ),
      ),
    );
    const failed = outcomes.filter((o) => o === 'fail').length;
    expect(failed).toBeGreaterThan(5);
    expect(failed).toBeLessThan(35);
  });

  it('delays a call but still answers it', async () => {
    await control(sim, 'POST', '/faults/rest', { delayMs: 200, count: 1 });
    expect((await kite.getProfile()).user_id).toBe('SIM001');
  });

  it('never answers a hung call, so the client times out', async () => {
    await control(sim, 'POST', '/faults/rest', { hang: true, count: 1, pathPrefix: '/orders' });
    const impatient = new KiteConnect({ api_key: 'simkey', access_token: 'simtoken', root: sim.restUrl, timeout: 300 });
    expect(await rejectionOf(impatient.getOrders())).toMatchObject({ error_type: 'NetworkException' });
    expect(await impatient.getOrders()).toEqual(expect.any(Array));
  });

  it('lists and removes fault rules', async () => {
    const rule = await control<{ id: string }>(sim, 'POST', '/faults/rest', { status: 500 });
    expect((await control<{ rest: { id: string }[] }>(sim, 'GET', '/faults')).rest.map((r) => r.id)).toEqual([rule.id]);
    await control(sim, 'DELETE', `/faults/${rule.id}`);
    expect((await kite.getProfile()).user_id).toBe('SIM001');
  });

  it('should rate-limit quotes at 1/s per api key with 429, whenever the calls land', async () => {
    // The limiter's time is driven by hand: four calls are in one window however slowly the machine runs them.
    let elapsedMs = 0;
    const paced = await startSim({ users: [...DEFAULT_USERS, OTHER], monotonicNow: () => elapsedMs });
    try {
      await control(paced, 'POST', '/rate-limits', { ...NO_LIMITS, quotePerSecond: 1 });
      const mine = kiteFor(paced);
      const outcomes = await Promise.all(
        Array.from({ length: 4 }, () =>
          mine.getLTP(['NSE:NIFTY 50']).then(
            () => 'ok',
            (e: Record<string, unknown>) => e.error_type,
          ),
        ),
      );
      expect(outcomes.sort()).toEqual(['NetworkException', 'NetworkException', 'NetworkException', 'ok']);
      const raw = await fetch(`${paced.restUrl}/quote/ltp?i=NSE:NIFTY+50`, {
        headers: { Authorization: 'token simkey:simtoken' },
      });
      expect(raw.status).toBe(429);
      expect(await raw.json()).toEqual({
        status: 'error',
        message: 'Too many requests',
        data: null,
        error_type: 'NetworkException',
      });
      // Another api key has its own bucket; the first key's window reopens a second later.
      const theirs = await kiteFor(paced, OTHER.accessToken, OTHER.apiKey).getLTP(['NSE:NIFTY 50']);
      expect(theirs['NSE:NIFTY 50']?.instrument_token).toBe(NIFTY);
      elapsedMs += 999;
      expect(await rejectionOf(mine.getLTP(['NSE:NIFTY 50']))).toMatchObject({ error_type: 'NetworkException' });
      elapsedMs += 1;
      expect((await mine.getLTP(['NSE:NIFTY 50']))['NSE:NIFTY 50']?.instrument_token).toBe(NIFTY);
    } finally {
      await paced.handle.stop();
    }
  });

  it('caps order placements per minute and per day', async () => {
    await control(sim, 'POST', '/rate-limits', { ordersPerMinute: 3 });
    const place = () =>
      other.placeOrder('regular', {
        exchange: 'NFO',
        tradingsymbol: 'NIFTY25DECFUT',
        transaction_type: 'BUY',
        quantity: 65,
        product: 'NRML',
        order_type: 'LIMIT',
        price: 0.05,
      });
    for (let k = 0; k < 3; k += 1) {
      expect((await place()).order_id).toMatch(/^\d{19}$/);
    }
    const raw = await fetch(`${sim.restUrl}/orders/regular`, {
      method: 'POST',
      headers: { Authorization: 'token otherkey:othertoken', 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'exchange=NFO&tradingsymbol=NIFTY25DECFUT&transaction_type=BUY&quantity=65&product=NRML&order_type=LIMIT&price=0.05',
    });
    expect(raw.status).toBe(429);
    expect(await rejectionOf(place())).toMatchObject({ error_type: 'NetworkException' });
    // Modifications and reads are not order placements.
    expect(await other.getOrders()).toHaveLength(3);
  });
});
