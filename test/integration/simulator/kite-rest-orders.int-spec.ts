import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { KiteConnect, type Connect } from 'kiteconnect';
import type { KiteSimulator } from '../../../src/simulator/simulator.js';
import { SESSION_TIME, control, ist, kiteFor, rejectionOf, startSim } from './sim-test-kit.js';

const OPTION = 'NIFTY25D0926000CE';
const FUTURE = 'NIFTY25DECFUT';

type Order = Record<string, unknown>;

describe('Kite simulator REST: orders, trades and positions', () => {
  let sim: KiteSimulator;
  let kite: Connect;
  const updates: Order[] = [];

  beforeAll(async () => {
    sim = await startSim();
    sim.orders.sink = { publishOrderUpdate: (_user, order) => updates.push(order) };
    kite = kiteFor(sim);
  });
  beforeEach(async () => {
    updates.length = 0;
    await control(sim, 'DELETE', '/faults');
    await control(sim, 'POST', '/clock', { mode: 'fixed', at: SESSION_TIME, phase: null });
  });
  afterAll(async () => {
    await sim.handle.stop();
  });

  const place = (params: Record<string, unknown>) =>
    kite.placeOrder('regular', {
      exchange: 'NFO',
      tradingsymbol: OPTION,
      transaction_type: 'BUY',
      quantity: 65,
      product: 'NRML',
      order_type: 'MARKET',
      ...params,
    });

  const statuses = async (orderId: string): Promise<string[]> =>
    ((await kite.getOrderHistory(orderId)) as unknown as Order[]).map((o) => o.status as string);

  it('fills a MARKET order at the touch with Kite’s status progression, trades, positions and updates', async () => {
    const quote = (await kite.getQuote([`NFO:${OPTION}`]))[`NFO:${OPTION}`]!;
    const { order_id } = await place({ tag: 'mkt1' });
    expect(order_id).toMatch(/^\d{19}$/);
    expect(await statuses(order_id)).toEqual([
      'PUT ORDER REQ RECEIVED',
      'VALIDATION PENDING',
      'OPEN PENDING',
      'OPEN',
      'COMPLETE',
    ]);
    const history = (await kite.getOrderHistory(order_id)) as unknown as Order[];
    const done = history.at(-1)!;
    expect(done).toMatchObject({
      order_id,
      tag: 'mkt1',
      status: 'COMPLETE',
      filled_quantity: 65,
      pending_quantity: 0,
      average_price: quote.depth.sell[0]!.price,
      exchange: 'NFO',
      tradingsymbol: OPTION,
      transaction_type: 'BUY',
      variety: 'regular',
      product: 'NRML',
    });
    expect(done.order_timestamp).toBeInstanceOf(Date);
    const orders = (await kite.getOrders()) as unknown as Order[];
    expect(orders.find((o) => o.order_id === order_id)).toMatchObject({ status: 'COMPLETE', tag: 'mkt1' });
    const trades = (await kite.getOrderTrades(order_id)) as unknown as Order[];
    expect(trades).toHaveLength(1);
    expect(trades[0]).toMatchObject({
      order_id,
      quantity: 65,
      average_price: quote.depth.sell[0]!.price,
      transaction_type: 'BUY',
    });
    expect(((await kite.getTrades()) as unknown as Order[]).some((t) => t.order_id === order_id)).toBe(true);
    const positions = await kite.getPositions();
    const pos = (positions.net as unknown as Order[]).find((p) => p.tradingsymbol === OPTION)!;
    expect(pos).toMatchObject({ quantity: 65, buy_quantity: 65, product: 'NRML', exchange: 'NFO' });
    expect(positions.day).toHaveLength(positions.net.length);
    expect(updates.filter((u) => u.order_id === order_id).map((u) => u.status)).toEqual([
      'PUT ORDER REQ RECEIVED',
      'VALIDATION PENDING',
      'OPEN PENDING',
      'OPEN',
      'COMPLETE',
    ]);
    expect(updates.at(-1)).toMatchObject({
      user_id: 'SIM001',
      checksum: expect.stringMatching(/^[0-9a-f]{64}$/),
      tag: 'mkt1',
    });
    const equity = (await kite.getMargins('equity')) as unknown as { utilised: { option_premium: number } };
    expect(equity.utilised.option_premium).toBeGreaterThan(0);
  });

  it('rests a LIMIT order until the market crosses it as the clock advances', async () => {
    const token = sim.model.findBySymbol(`NFO:${FUTURE}`)!.instrumentToken;
    let best = { at: 0, price: Number.POSITIVE_INFINITY };
    for (let m = 1; m < 290; m += 1) {
      const at = ist(SESSION_TIME) + m * 60_000;
      const truth = await control<Record<string, { lastPrice: number }>>(sim, 'GET', `/ground-truth/${token}?at=${at}`);
      const price = truth[String(token)]!.lastPrice;
      if (price < best.price) {
        best = { at, price };
      }
    }
    const now = (await kite.getQuote([`NFO:${FUTURE}`]))[`NFO:${FUTURE}`]!;
    const limit = Math.round((best.price + 1) * 20) / 20;
    expect(limit).toBeLessThan(now.depth.sell[0]!.price);
    const { order_id } = await place({ tradingsymbol: FUTURE, order_type: 'LIMIT', price: limit });
    expect(await statuses(order_id)).toEqual(['PUT ORDER REQ RECEIVED', 'VALIDATION PENDING', 'OPEN PENDING', 'OPEN']);
    await control(sim, 'POST', '/clock', { mode: 'fixed', at: best.at });
    const history = (await kite.getOrderHistory(order_id)) as unknown as Order[];
    expect(history.at(-1)).toMatchObject({ status: 'COMPLETE', filled_quantity: 65 });
    expect(history.at(-1)!.average_price as number).toBeLessThanOrEqual(limit);
  });

  it('triggers SL-M on the trigger price and modifies and cancels orders', async () => {
    const ltp = (await kite.getLTP([`NFO:${OPTION}`]))[`NFO:${OPTION}`]!.last_price;
    const trigger = Math.round((ltp + 50) * 20) / 20;
    const { order_id } = await place({ order_type: 'SL-M', trigger_price: trigger, tag: 'stop' });
    expect((await statuses(order_id)).at(-1)).toBe('TRIGGER PENDING');
    await kite.modifyOrder('regular', order_id, { trigger_price: Math.round((ltp - 1) * 20) / 20 });
    expect((await statuses(order_id)).slice(-6)).toEqual([
      'MODIFY VALIDATION PENDING',
      'MODIFY PENDING',
      'MODIFIED',
      'TRIGGER PENDING',
      'OPEN',
      'COMPLETE',
    ]);

    const resting = await place({ order_type: 'LIMIT', price: 0.05 });
    await kite.modifyOrder('regular', resting.order_id, { price: 0.1, quantity: 130 });
    expect((await kite.getOrderHistory(resting.order_id)).at(-1)).toMatchObject({
      status: 'OPEN',
      price: 0.1,
      quantity: 130,
    });
    expect(await kite.cancelOrder('regular', resting.order_id)).toEqual({ order_id: resting.order_id });
    expect((await statuses(resting.order_id)).slice(-2)).toEqual(['CANCEL PENDING', 'CANCELLED']);
    expect(await rejectionOf(kite.cancelOrder('regular', resting.order_id))).toMatchObject({
      error_type: 'InputException',
    });
  });

  it('allows at most 25 modifications', async () => {
    const { order_id } = await place({ order_type: 'LIMIT', price: 0.05 });
    for (let k = 0; k < 25; k += 1) {
      await kite.modifyOrder('regular', order_id, { price: k % 2 === 0 ? 0.1 : 0.05 });
    }
    expect(await rejectionOf(kite.modifyOrder('regular', order_id, { price: 0.15 }))).toMatchObject({
      error_type: 'InputException',
      message: 'Maximum allowed order modifications exceeded.',
    });
    await kite.cancelOrder('regular', order_id);
  });

  it('cancels an unfilled IOC order', async () => {
    const { order_id } = await place({ order_type: 'LIMIT', price: 0.05, validity: 'IOC' });
    expect((await statuses(order_id)).at(-1)).toBe('CANCELLED');
  });

  it('validates input with 400 InputException', async () => {
    expect(await rejectionOf(place({ quantity: 10 }))).toMatchObject({ error_type: 'InputException' });
    expect(await rejectionOf(place({ tradingsymbol: 'NOPE' }))).toMatchObject({
      error_type: 'InputException',
      message: 'Invalid `tradingsymbol`.',
    });
    expect(await rejectionOf(place({ order_type: 'LIMIT' }))).toMatchObject({ error_type: 'InputException' });
    expect(await rejectionOf(place({ order_type: 'LIMIT', price: 10.03 }))).toMatchObject({
      error_type: 'InputException',
    });
    expect(await rejectionOf(place({ tag: 'not valid!' }))).toMatchObject({ error_type: 'InputException' });
    expect(await rejectionOf(kite.getOrderHistory('1234'))).toMatchObject({ error_type: 'InputException' });
  });

  it('refuses orders outside market hours, and honours a phase override', async () => {
    await control(sim, 'POST', '/clock', { mode: 'fixed', at: '2025-12-02 16:00:00' });
    expect(await rejectionOf(place({}))).toMatchObject({
      error_type: 'InputException',
      message: 'Markets are closed right now. Use GTT for placing long standing orders instead.',
    });
    await control(sim, 'POST', '/clock', { phase: 'open' });
    expect((await place({})).order_id).toMatch(/^\d{19}$/);
  });

  it('rejects orders on an injected fault with the order visible as REJECTED', async () => {
    await control(sim, 'POST', '/faults/orders', {
      apiKey: 'simkey',
      action: 'reject',
      message: 'RMS:Blocked for test',
      count: 1,
    });
    const { order_id } = await place({ tag: 'rej' });
    expect(await kite.getOrderHistory(order_id)).toEqual([
      expect.objectContaining({ status: 'PUT ORDER REQ RECEIVED' }),
      expect.objectContaining({ status: 'VALIDATION PENDING' }),
      expect.objectContaining({ status: 'REJECTED', status_message: 'RMS:Blocked for test', tag: 'rej' }),
    ]);
    expect((await statuses((await place({})).order_id)).at(-1)).toBe('COMPLETE');
  });

  it('accepts an order but never answers: the client times out and the order exists at the broker', async () => {
    await control(sim, 'POST', '/faults/orders', { action: 'accept-no-answer', count: 1 });
    const impatient = new KiteConnect({ api_key: 'simkey', access_token: 'simtoken', root: sim.restUrl, timeout: 300 });
    const error = await rejectionOf(
      impatient.placeOrder('regular', {
        exchange: 'NFO',
        tradingsymbol: OPTION,
        transaction_type: 'BUY',
        quantity: 65,
        product: 'NRML',
        order_type: 'MARKET',
        tag: 'ghost',
      }),
    );
    expect(error).toMatchObject({ error_type: 'NetworkException' });
    const ghost = ((await kite.getOrders()) as unknown as Order[]).filter((o) => o.tag === 'ghost');
    expect(ghost).toHaveLength(1);
    expect(ghost[0]).toMatchObject({ status: 'COMPLETE' });
  });
});

describe('Kite simulator REST: partial fills and the end of the day', () => {
  let sim: KiteSimulator;
  let kite: Connect;
  const updates: Order[] = [];

  beforeAll(async () => {
    sim = await startSim({ orders: { partialFills: true } });
    sim.orders.sink = { publishOrderUpdate: (_user, order) => updates.push(order) };
    kite = kiteFor(sim);
  });
  afterAll(async () => {
    await sim.handle.stop();
  });

  it('fills a large order level by level as the book refreshes, announcing UPDATE postbacks', async () => {
    const quantity = 65 * 400;
    const { order_id } = await kite.placeOrder('regular', {
      exchange: 'NFO',
      tradingsymbol: OPTION,
      transaction_type: 'BUY',
      quantity,
      product: 'NRML',
      order_type: 'MARKET',
    });
    const first = (await kite.getOrderHistory(order_id)).at(-1) as unknown as Order;
    expect(first).toMatchObject({ status: 'OPEN' });
    expect(first.filled_quantity as number).toBeGreaterThan(0);
    expect(first.filled_quantity as number).toBeLessThan(quantity);
    expect(updates.some((u) => u.order_id === order_id && u.status === 'UPDATE')).toBe(true);
    for (
      let k = 0;
      k < 60 && ((await kite.getOrderHistory(order_id)).at(-1) as unknown as Order).status !== 'COMPLETE';
      k += 1
    ) {
      await control(sim, 'POST', '/clock', { advanceMs: 1_000 });
    }
    const done = (await kite.getOrderHistory(order_id)).at(-1) as unknown as Order;
    expect(done).toMatchObject({ status: 'COMPLETE', filled_quantity: quantity, pending_quantity: 0 });
    const trades = (await kite.getOrderTrades(order_id)) as unknown as Order[];
    expect(trades.length).toBeGreaterThan(1);
    expect(trades.reduce((sum, t) => sum + (t.quantity as number), 0)).toBe(quantity);
  });

  it('cancels DAY orders still working at 15:30 IST', async () => {
    await control(sim, 'POST', '/clock', { mode: 'fixed', at: '2025-12-02 15:20:00' });
    const { order_id } = await kite.placeOrder('regular', {
      exchange: 'NFO',
      tradingsymbol: OPTION,
      transaction_type: 'BUY',
      quantity: 65,
      product: 'NRML',
      order_type: 'LIMIT',
      price: 0.05,
    });
    await control(sim, 'POST', '/clock', { at: '2025-12-02 15:30:00', mode: 'fixed' });
    expect((await kite.getOrderHistory(order_id)).at(-1)).toMatchObject({
      status: 'CANCELLED',
      cancelled_quantity: 65,
      status_message: 'Order cancelled by the exchange at the end of the trading day.',
    });
  });
});
