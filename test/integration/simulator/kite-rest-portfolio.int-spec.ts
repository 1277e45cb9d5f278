import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Connect, MarginOrder } from 'kiteconnect';
import type { KiteSimulator } from '../../../src/simulator/simulator.js';
import { SESSION_TIME, control, kiteForUser, rejectionOf, startSim, testUsers } from './sim-test-kit.js';

const FUTURE = 'NIFTY25DECFUT';
const CALL = 'NIFTY25D0926000CE';
const CALL_HIGHER = 'NIFTY25D0926200CE';

type Row = Record<string, unknown>;

const marginOrder = (tradingsymbol: string, transaction_type: 'BUY' | 'SELL', quantity = 65): MarginOrder => ({
  exchange: 'NFO',
  tradingsymbol,
  transaction_type,
  variety: 'regular',
  product: 'NRML',
  order_type: 'MARKET',
  quantity,
  price: 0,
  trigger_price: 0,
});

describe('Kite simulator REST: holdings, position conversion and margin calculation (official client)', () => {
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

  it('should list the seeded demo holdings with live prices in Kite’s holdings shape', async () => {
    const holdings = (await kite.getHoldings()) as unknown as Row[];
    expect(holdings.map((h) => h.tradingsymbol)).toEqual(['RELIANCE', 'INFY', 'HDFCBANK', 'TCS', 'SBIN']);
    const reliance = holdings[0]!;
    const ltp = (await kite.getLTP(['NSE:RELIANCE']))['NSE:RELIANCE']!.last_price;
    expect(reliance).toMatchObject({
      exchange: 'NSE',
      instrument_token: 738561,
      isin: 'INE002A01018',
      product: 'CNC',
      quantity: 20,
      t1_quantity: 0,
      used_quantity: 0,
      average_price: 1310.45,
      last_price: ltp,
      discrepancy: false,
    });
    expect(reliance.pnl).toBeCloseTo((ltp - 1310.45) * 20, 2);
    expect(holdings[2]).toMatchObject({
      tradingsymbol: 'HDFCBANK',
      quantity: 50,
      t1_quantity: 10,
      opening_quantity: 60,
    });
  });

  it('should count today’s delivery sells as used quantity and reject sells beyond the holdings', async () => {
    await control(sim, 'POST', '/holdings', {
      user_id: `U${String(user).padStart(3, '0')}`,
      holdings: [{ tradingsymbol: 'SBIN', quantity: 10, averagePrice: 600 }],
    });
    const sell = (quantity: number) =>
      kite.placeOrder('regular', {
        exchange: 'NSE',
        tradingsymbol: 'SBIN',
        transaction_type: 'SELL',
        quantity,
        product: 'CNC',
        order_type: 'MARKET',
      });
    const done = await sell(4);
    const history = (await kite.getOrderHistory(done.order_id)) as unknown as Row[];
    expect(history.at(-1)).toMatchObject({ status: 'COMPLETE', filled_quantity: 4 });
    const sbin = ((await kite.getHoldings()) as unknown as Row[]).find((h) => h.tradingsymbol === 'SBIN')!;
    expect(sbin).toMatchObject({ quantity: 10, used_quantity: 4 });
    const refused = await sell(7);
    const last = ((await kite.getOrderHistory(refused.order_id)) as unknown as Row[]).at(-1)!;
    expect(last.status).toBe('REJECTED');
    expect(String(last.status_message)).toMatch(/Insufficient holdings/);
  });

  it('should convert part of an open MIS futures position to NRML and answer true', async () => {
    await kite.placeOrder('regular', {
      exchange: 'NFO',
      tradingsymbol: FUTURE,
      transaction_type: 'BUY',
      quantity: 130,
      product: 'MIS',
      order_type: 'MARKET',
    });
    const converted = await kite.convertPosition({
      exchange: 'NFO',
      tradingsymbol: FUTURE,
      transaction_type: 'BUY',
      position_type: 'day',
      quantity: 65,
      old_product: 'MIS',
      new_product: 'NRML',
    });
    expect(converted).toBe(true);
    const net = (await kite.getPositions()).net as unknown as Row[];
    const byProduct = Object.fromEntries(
      net.filter((p) => p.tradingsymbol === FUTURE).map((p) => [p.product as string, p.quantity]),
    );
    expect(byProduct).toMatchObject({ MIS: 65, NRML: 65 });
  });

  it('should refuse conversions of positions that do not exist or quantities beyond them', async () => {
    const convert = (overrides: Row) =>
      rejectionOf(
        kite.convertPosition({
          exchange: 'NFO',
          tradingsymbol: CALL,
          transaction_type: 'BUY',
          position_type: 'day',
          quantity: 65,
          old_product: 'MIS',
          new_product: 'NRML',
          ...overrides,
        }),
      );
    expect(await convert({})).toMatchObject({
      error_type: 'InputException',
      message: expect.stringMatching(/No open long MIS/),
    });
    expect(await convert({ position_type: 'overnight' })).toMatchObject({ error_type: 'InputException' });
    expect(await convert({ new_product: 'CNC' })).toMatchObject({
      error_type: 'InputException',
      message: 'Product CNC is not allowed for NFO.',
    });
    expect(await convert({ quantity: 10 })).toMatchObject({ message: 'Invalid `quantity`.' });
  });

  it('should compute order margins in Kite’s margin shape: premium for bought options, SPAN and exposure for the rest', async () => {
    const [future, call] = (await kite.orderMargins([
      marginOrder(FUTURE, 'BUY'),
      marginOrder(CALL, 'BUY'),
    ])) as unknown as Row[];
    const futurePrice = (await kite.getLTP([`NFO:${FUTURE}`]))[`NFO:${FUTURE}`]!.last_price;
    expect(future).toMatchObject({
      type: 'equity',
      tradingsymbol: FUTURE,
      exchange: 'NFO',
      option_premium: 0,
      leverage: 1,
    });
    expect(future!.exposure).toBeCloseTo(futurePrice * 65 * 0.02, 0);
    expect(future!.span as number).toBeGreaterThan(futurePrice * 65 * 0.04);
    expect(future!.total).toBeCloseTo((future!.span as number) + (future!.exposure as number), 1);
    expect(call).toMatchObject({ tradingsymbol: CALL, span: 0, exposure: 0 });
    expect(call!.option_premium as number).toBeGreaterThan(0);
    expect((call!.charges as Row).total as number).toBeGreaterThan(0);
    expect(((call!.charges as Row).gst as Row).total as number).toBeGreaterThan(0);
  });

  it('should give a hedged basket a final margin below the sum of its legs, and count positions when asked', async () => {
    const spread = [marginOrder(CALL, 'SELL'), marginOrder(CALL_HIGHER, 'BUY')];
    const basket = (await kite.orderBasketMargins(spread, false)) as unknown as {
      initial: Row;
      final: Row;
      orders: Row[];
    };
    expect(basket.orders).toHaveLength(2);
    expect(basket.initial.total as number).toBeGreaterThan(basket.final.total as number);
    expect(basket.final.total as number).toBeGreaterThan(0);
    expect(basket.initial).toMatchObject({ type: '', tradingsymbol: '', exchange: '' });

    await kite.placeOrder('regular', {
      exchange: 'NFO',
      tradingsymbol: CALL_HIGHER,
      transaction_type: 'BUY',
      quantity: 65,
      product: 'NRML',
      order_type: 'MARKET',
    });
    const shortCall = [marginOrder(CALL, 'SELL')];
    const alone = (await kite.orderBasketMargins(shortCall, false)) as unknown as { final: Row };
    const hedged = (await kite.orderBasketMargins(shortCall, true)) as unknown as { final: Row };
    expect(hedged.final.span as number).toBeLessThan(alone.final.span as number);
  });

  it('should reject malformed margin requests with InputException', async () => {
    expect(await rejectionOf(kite.orderMargins([]))).toMatchObject({ error_type: 'InputException' });
    expect(await rejectionOf(kite.orderMargins([marginOrder('NOSUCHSYMBOL', 'BUY')]))).toMatchObject({
      error_type: 'InputException',
      message: 'Invalid `tradingsymbol`.',
    });
    expect(await rejectionOf(kite.orderMargins([marginOrder(FUTURE, 'BUY', 10)]))).toMatchObject({
      message: 'Quantity should be a multiple of lot size (65).',
    });
  });

  it('should answer user margins per segment through getMargins(segment)', async () => {
    const equity = (await kite.getMargins('equity')) as unknown as Row;
    expect(equity).toMatchObject({ enabled: true, available: { opening_balance: 10_000_000 } });
    expect(equity.net as number).toBeLessThanOrEqual(10_000_000);
    const commodity = (await kite.getMargins('commodity')) as unknown as Row;
    expect(commodity).toMatchObject({ enabled: false, net: 0 });
  });
});
