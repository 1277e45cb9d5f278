import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Connect, GTTParams } from 'kiteconnect';
import type { KiteSimulator } from '../../../src/simulator/simulator.js';
import { SESSION_TIME, control, ist, kiteForUser, rejectionOf, startSim, testUsers } from './sim-test-kit.js';

type Trigger = Record<string, unknown> & {
  id: number;
  status: string;
  condition: Record<string, unknown>;
  orders: (Record<string, unknown> & { result: Record<string, unknown> | null })[];
};

const roundTo = (price: number, tick: number) => Math.round(price / tick) * tick;
const FUTURE = 'NIFTY25DECFUT';

describe('Kite simulator REST: GTT triggers (official client)', () => {
  let sim: KiteSimulator;
  let kite: Connect;
  let user = 0;

  beforeAll(async () => {
    sim = await startSim({ users: testUsers(20) });
  });
  beforeEach(async () => {
    await control(sim, 'POST', '/clock', { mode: 'fixed', at: SESSION_TIME, phase: null });
    user += 1;
    kite = kiteForUser(sim, user);
  });
  afterAll(async () => {
    await sim.handle.stop();
  });

  const ltp = async (key: string) => (await kite.getLTP([key]))[key]!.last_price;

  const singleOnInfy = async (triggerOffset: number, side: 'BUY' | 'SELL' = 'SELL'): Promise<GTTParams> => {
    const last = await ltp('NSE:INFY');
    const trigger = Number(roundTo(last * (1 + triggerOffset), 0.1).toFixed(1));
    return {
      trigger_type: 'single',
      tradingsymbol: 'INFY',
      exchange: 'NSE',
      trigger_values: [trigger],
      last_price: last,
      orders: [{ transaction_type: side, quantity: 5, product: 'CNC', order_type: 'LIMIT', price: trigger }],
    };
  };

  it('should place, read, list, modify and delete a single GTT with form-encoded JSON parameters', async () => {
    const params = await singleOnInfy(-0.05);
    const { trigger_id } = await kite.placeGTT(params);
    expect(trigger_id).toBeGreaterThan(100_000);
    const placed = (await kite.getGTT(trigger_id)) as unknown as Trigger;
    expect(placed).toMatchObject({
      id: trigger_id,
      user_id: `U${String(user).padStart(3, '0')}`,
      type: 'single',
      status: 'active',
      parent_trigger: null,
      condition: { exchange: 'NSE', tradingsymbol: 'INFY', instrument_token: 408065, last_price: params.last_price },
      orders: [
        { exchange: 'NSE', tradingsymbol: 'INFY', product: 'CNC', order_type: 'LIMIT', quantity: 5, result: null },
      ],
    });
    expect(placed.created_at).toBe(SESSION_TIME);
    expect(placed.expires_at).toBe('2026-12-02 10:30:00');
    const trigger = (params.trigger_values[0] as number) - 1;
    const modified = await kite.modifyGTT(trigger_id, { ...params, trigger_values: [trigger] });
    expect(modified.trigger_id).toBe(trigger_id);
    expect(((await kite.getGTT(trigger_id)) as unknown as Trigger).condition.trigger_values).toEqual([trigger]);
    expect(((await kite.getGTTs()) as unknown as Trigger[]).map((t) => t.id)).toContain(trigger_id);
    expect((await kite.deleteGTT(trigger_id)).trigger_id).toBe(trigger_id);
    expect(((await kite.getGTT(trigger_id)) as unknown as Trigger).status).toBe('deleted');
    expect(await rejectionOf(kite.deleteGTT(trigger_id))).toMatchObject({ error_type: 'InputException' });
  });

  it('should fire a two-leg (OCO) GTT on the leg the price reaches and place its LIMIT order', async () => {
    const token = sim.model.findBySymbol(`NFO:${FUTURE}`)!.instrumentToken;
    const last = await ltp(`NFO:${FUTURE}`);
    // The first in-session instant (5-minute steps, up to 10 days on) at which the future trades 0.5% lower.
    let lowest: { at: number; price: number } | undefined;
    for (let step = 1; lowest === undefined && step < 2_880; step += 1) {
      const at = ist(SESSION_TIME) + step * 300_000;
      const truth = await control<Record<string, { lastPrice: number; effectiveMs: number }>>(
        sim,
        'GET',
        `/ground-truth/${token}?at=${at}`,
      );
      const { lastPrice, effectiveMs } = truth[String(token)]!;
      lowest = effectiveMs === at && lastPrice <= last * 0.995 ? { at, price: lastPrice } : undefined;
    }
    if (!lowest) {
      throw new Error('the seeded path never falls 0.5% in ten days');
    }
    const lower = Number((lowest.price + 0.05).toFixed(2));
    const upper = Number(roundTo(last * 1.2, 0.05).toFixed(2));
    expect(lower).toBeLessThan(last);
    const { trigger_id } = await kite.placeGTT({
      trigger_type: 'two-leg',
      tradingsymbol: FUTURE,
      exchange: 'NFO',
      trigger_values: [lower, upper],
      last_price: last,
      orders: [
        { transaction_type: 'BUY', quantity: 65, product: 'NRML', order_type: 'LIMIT', price: lower },
        { transaction_type: 'SELL', quantity: 65, product: 'NRML', order_type: 'LIMIT', price: upper },
      ],
    });
    expect(((await kite.getGTT(trigger_id)) as unknown as Trigger).expires_at).toBe('2025-12-30 15:30:00');
    await control(sim, 'POST', '/clock', { mode: 'fixed', at: lowest.at });
    const fired = (await kite.getGTT(trigger_id)) as unknown as Trigger;
    expect(fired.status).toBe('triggered');
    const result = fired.orders[0]!.result!;
    expect(result).toMatchObject({
      exchange: 'NFO',
      tradingsymbol: FUTURE,
      transaction_type: 'BUY',
      order_type: 'LIMIT',
      quantity: 65,
      price: lower,
      order_result: { status: 'success', rejection_reason: '' },
    });
    expect(result.triggered_at as number).toBeLessThanOrEqual(lower);
    expect(fired.orders[1]!.result).toBeNull();
    const orderId = (result.order_result as Record<string, string>).order_id;
    const placed = ((await kite.getOrders()) as unknown as Record<string, unknown>[]).find(
      (o) => o.order_id === orderId,
    );
    expect(placed).toMatchObject({ tradingsymbol: FUTURE, order_type: 'LIMIT', price: lower, product: 'NRML' });
  });

  it('should create a trigger closer than 0.25% to the last traded price as disabled', async () => {
    const { trigger_id } = await kite.placeGTT(await singleOnInfy(-0.001));
    expect(((await kite.getGTT(trigger_id)) as unknown as Trigger).status).toBe('disabled');
  });

  it('should reject invalid GTTs with Kite’s InputException', async () => {
    const good = await singleOnInfy(-0.05);
    const order = good.orders[0]!;
    const cases: [Partial<GTTParams>, RegExp][] = [
      [{ tradingsymbol: 'NOPE' }, /tradingsymbol/],
      [{ trigger_values: [(good.trigger_values[0] as number) + 0.05] }, /tick size/],
      [{ orders: [{ ...order, order_type: 'MARKET' }] }, /Only LIMIT/],
      [{ orders: [{ ...order, product: 'MIS' }] }, /product CNC/],
      [{ trigger_values: [good.last_price] }, /same as the last price/],
    ];
    for (const [override, message] of cases) {
      const rejection = await rejectionOf(kite.placeGTT({ ...good, ...override }));
      expect(rejection).toMatchObject({ error_type: 'InputException', message: expect.stringMatching(message) });
    }
    const twoLegWrongSide = await rejectionOf(
      kite.placeGTT({
        ...good,
        trigger_type: 'two-leg',
        trigger_values: [good.last_price + 10, good.last_price + 20],
        orders: [order, order],
      }),
    );
    expect(twoLegWrongSide).toMatchObject({ message: expect.stringMatching(/lower trigger must be below/) });
    expect(await rejectionOf(kite.getGTT(999_999_999))).toMatchObject({ error_type: 'InputException' });
  });

  it('should show a trigger the exchange cancelled as cancelled, and refuse to modify it', async () => {
    const params = await singleOnInfy(-0.05);
    const { trigger_id } = await kite.placeGTT(params);
    await control(sim, 'POST', '/gtt/cancel', { user_id: `U${String(user).padStart(3, '0')}`, trigger_id });
    expect(((await kite.getGTT(trigger_id)) as unknown as Trigger).status).toBe('cancelled');
    expect(await rejectionOf(kite.modifyGTT(trigger_id, params))).toMatchObject({ error_type: 'InputException' });
  });

  it('should expire an equity GTT after a year', async () => {
    const { trigger_id } = await kite.placeGTT(await singleOnInfy(0.5, 'BUY'));
    await control(sim, 'POST', '/clock', { mode: 'fixed', at: '2026-12-02 10:31:00' });
    expect(((await kite.getGTT(trigger_id)) as unknown as Trigger).status).toBe('expired');
  });
});
