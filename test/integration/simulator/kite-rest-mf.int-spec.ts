import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Connect } from 'kiteconnect';
import type { KiteSimulator } from '../../../src/simulator/simulator.js';
import { SESSION_TIME, control, kiteForUser, rejectionOf, startSim, testUsers } from './sim-test-kit.js';

type Row = Record<string, unknown>;
const BLUECHIP = 'INFZ01S01AA3';
const GILT = 'INFZ04S01AG4';
const CLOSED = 'INFZ04S01AH2';

describe('Kite simulator REST: mutual funds (official client)', () => {
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

  it('should serve the MF instrument list as text/csv that the client parses', async () => {
    const rows = (await kite.getMFInstruments()) as unknown as Row[];
    const funds = rows.filter((r) => r.tradingsymbol !== '' && r.tradingsymbol !== undefined);
    expect(funds.map((f) => f.tradingsymbol)).toContain(BLUECHIP);
    const bluechip = funds.find((f) => f.tradingsymbol === BLUECHIP)!;
    expect(bluechip).toMatchObject({
      amc: 'SimAMC_MF',
      name: 'Sim Bluechip Fund - Direct Plan',
      purchase_allowed: true,
      redemption_allowed: true,
      minimum_purchase_amount: 100,
      dividend_type: 'growth',
      scheme_type: 'equity',
      plan: 'direct',
      settlement_type: 'T3',
    });
    expect(bluechip.last_price as number).toBeGreaterThan(0);
    // The NAV published by 10:30 on Tuesday 2 Dec is Monday's.
    expect((bluechip.last_price_date as Date).toISOString()).toBe('2025-12-01T00:00:00.000Z');
    expect(funds.find((f) => f.tradingsymbol === CLOSED)).toMatchObject({ purchase_allowed: false });
  });

  it('should place a purchase, keep it OPEN, then allot it on the next trading day into holdings', async () => {
    // kiteconnect's typings say number; Kite's MF order ids are UUID strings.
    const order_id = (
      await kite.placeMFOrder({
        tradingsymbol: GILT,
        transaction_type: 'BUY',
        amount: 10_000,
        tag: 'mf1',
      })
    ).order_id as unknown as string;
    expect(order_id).toMatch(/^[0-9a-f-]{36}$/);
    const open = (await kite.getMFOrders(order_id)) as unknown as Row;
    expect(open).toMatchObject({
      order_id,
      status: 'OPEN',
      tradingsymbol: GILT,
      transaction_type: 'BUY',
      amount: 10_000,
      purchase_type: 'FRESH',
      variety: 'regular',
      tag: 'mf1',
      folio: null,
    });
    expect(open.order_timestamp).toBeInstanceOf(Date);
    await control(sim, 'POST', '/clock', { mode: 'fixed', at: '2025-12-03 10:00:00' });
    const done = (await kite.getMFOrders(order_id)) as unknown as Row;
    expect(done).toMatchObject({ status: 'COMPLETE', exchange_timestamp: '2025-12-02' });
    expect(done.quantity as number).toBeCloseTo(10_000 / (done.average_price as number), 2);
    const holding = ((await kite.getMFHoldings()) as unknown as Row[]).find((h) => h.tradingsymbol === GILT)!;
    expect(holding).toMatchObject({ folio: done.folio, quantity: done.quantity, average_price: done.average_price });
  });

  it('should redeem units, cancel open orders and refuse what the fund does not allow', async () => {
    const seeded = ((await kite.getMFHoldings()) as unknown as Row[]).find((h) => h.tradingsymbol === BLUECHIP)!;
    expect(seeded).toMatchObject({ quantity: 812.445, folio: '91080123401' });
    const sell = (await kite.placeMFOrder({ tradingsymbol: BLUECHIP, transaction_type: 'SELL', quantity: 100 }))
      .order_id as unknown as string;
    expect((await kite.cancelMFOrder(sell)).order_id).toBe(sell);
    expect(((await kite.getMFOrders(sell)) as unknown as Row).status).toBe('CANCELLED');
    expect(await rejectionOf(kite.cancelMFOrder(sell))).toMatchObject({ error_type: 'InputException' });
    expect(
      await rejectionOf(kite.placeMFOrder({ tradingsymbol: BLUECHIP, transaction_type: 'SELL', quantity: 5_000 })),
    ).toMatchObject({
      message: expect.stringMatching(/Insufficient units/),
    });
    expect(
      await rejectionOf(kite.placeMFOrder({ tradingsymbol: CLOSED, transaction_type: 'BUY', amount: 1_000 })),
    ).toMatchObject({
      message: 'Purchase is not allowed for this fund.',
    });
    expect(
      await rejectionOf(kite.placeMFOrder({ tradingsymbol: GILT, transaction_type: 'BUY', amount: 100 })),
    ).toMatchObject({
      message: 'Minimum purchase amount is 5000.',
    });
    expect(
      await rejectionOf(kite.placeMFOrder({ tradingsymbol: 'INF000000000', transaction_type: 'BUY', amount: 100 })),
    ).toMatchObject({
      message: 'Invalid `tradingsymbol`.',
    });
  });

  it('should register, modify, pause and cancel a SIP whose instalments become sip orders', async () => {
    const { sip_id } = await kite.placeMFSIP({
      tradingsymbol: BLUECHIP,
      amount: 1_000,
      instalments: 12,
      frequency: 'monthly',
      instalment_day: '5',
      tag: 'sip1',
    });
    const sip = (await kite.getMFSIPS(String(sip_id))) as unknown as Row;
    expect(sip).toMatchObject({
      sip_id: String(sip_id),
      status: 'ACTIVE',
      frequency: 'monthly',
      instalment_amount: 1_000,
      instalments: 12,
      pending_instalments: 12,
      instalment_day: 5,
      next_instalment: '2025-12-05',
      tag: 'sip1',
    });
    expect(sip.created).toBeInstanceOf(Date);
    await control(sim, 'POST', '/clock', { mode: 'fixed', at: '2025-12-05 09:30:00' });
    const after = (await kite.getMFSIPS(String(sip_id))) as unknown as Row;
    expect(after).toMatchObject({ completed_instalments: 1, pending_instalments: 11, next_instalment: '2026-01-05' });
    const sipOrders = ((await kite.getMFOrders()) as unknown as Row[]).filter((o) => o.variety === 'sip');
    expect(sipOrders).toHaveLength(1);
    expect(sipOrders[0]).toMatchObject({ tradingsymbol: BLUECHIP, amount: 1_000, transaction_type: 'BUY' });

    await kite.modifyMFSIP(String(sip_id), { status: 'paused', instalments: 6 });
    expect((await kite.getMFSIPS(String(sip_id))) as unknown as Row).toMatchObject({
      status: 'PAUSED',
      instalments: 6,
      pending_instalments: 5,
    });
    expect(await rejectionOf(kite.modifyMFSIP(String(sip_id), { frequency: 'daily' as 'weekly' }))).toMatchObject({
      error_type: 'InputException',
    });
    expect((await kite.cancelMFSIP(String(sip_id))).sip_id).toBe(String(sip_id));
    expect(((await kite.getMFSIPS()) as unknown as Row[])[0]).toMatchObject({ status: 'CANCELLED' });
  });

  it('should reject SIPs with an invalid frequency, instalment count or day', async () => {
    const sip = (overrides: Row) =>
      rejectionOf(
        kite.placeMFSIP({
          tradingsymbol: BLUECHIP,
          amount: 1_000,
          instalments: 12,
          frequency: 'monthly',
          instalment_day: '5',
          ...overrides,
        }),
      );
    expect(await sip({ frequency: 'daily' })).toMatchObject({ message: expect.stringMatching(/frequency/) });
    expect(await sip({ instalments: 0 })).toMatchObject({ message: expect.stringMatching(/instalments/) });
    expect(await sip({ instalment_day: '31' })).toMatchObject({ message: expect.stringMatching(/instalment_day/) });
    expect(await sip({ amount: 10 })).toMatchObject({ message: expect.stringMatching(/Minimum instalment/) });
  });
});
