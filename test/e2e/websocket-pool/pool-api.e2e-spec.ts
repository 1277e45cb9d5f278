import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrderUpdateEnvelope } from '../../../src/common/market-data/index.js';
import { OrderUpdateBus } from '../../../src/infra/events/index.js';
import type { KiteSimulator } from '../../../src/simulator/simulator.js';
import type { TestApp } from '../../support/test-app.js';
import { metricValue } from '../accounts/support.js';
import { ACCOUNTS, ALPHA, bootPool, expectInvariant, instrumentTokens, poolOf, startPoolSimulator } from './support.js';

const PER_CONNECTION = 20;

describe('WebSocketPool API, order updates and metrics', () => {
  let sim: KiteSimulator;
  let app: TestApp;
  const updates: OrderUpdateEnvelope[] = [];

  beforeAll(async () => {
    sim = await startPoolSimulator({ ticker: { maxInstrumentsPerConnection: PER_CONNECTION } });
    app = await bootPool(sim, {
      KITE_WS_INSTRUMENTS_PER_CONNECTION: String(PER_CONNECTION),
      KITE_WS_CONNECTIONS_PER_ACCOUNT: '1',
    });
    app.service.app.get(OrderUpdateBus).subscribe((envelope) => updates.push(envelope));
    await poolOf(app).subscribe(instrumentTokens(sim, 34), 'full');
    await expectInvariant(app, sim);
  });

  afterAll(async () => {
    await app?.close();
    await sim?.handle.stop();
  });

  it('should show each account’s connections with state, instruments, modes, frame age and reconnects', async () => {
    await poolOf(app).setMode(instrumentTokens(sim, 4), 'ltp');
    await expectInvariant(app, sim);
    const response = await app.fetch(`/websocket-pool`);
    expect(response.status).toBe(200);
    const text = await response.text();
    const body = JSON.parse(text) as { accounts: { accountId: string; connections: Record<string, unknown>[] }[] };
    expect(body).toMatchObject({ desired: 34, placed: 34, unplaced: { capacity: 0, no_active_account: 0 } });
    expect(body.accounts.map((a) => a.accountId)).toEqual(ACCOUNTS.map((a) => a.id));
    const connections = body.accounts.flatMap((a) => a.connections);
    expect(connections.map((c) => c.tokens)).toEqual([17, 17]);
    expect(connections[0]).toMatchObject({ id: 'alpha#1', state: 'open', subscribed: 17, reconnects: 0, down: false });
    expect(connections.reduce((sum, c) => sum + (c.modes as { ltp: number }).ltp, 0)).toBe(4);
    expect(typeof connections[0]!.lastFrameAgeMs).toBe('number');
    for (const account of ACCOUNTS) {
      expect(text).not.toContain(account.accessToken);
    }
  });

  it('should report capacity per account and in total, flagging utilisation at or above 80 %', async () => {
    const response = await app.fetch(`/websocket-pool/capacity`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      connectionsPerAccount: 1,
      instrumentsPerConnection: PER_CONNECTION,
      warningRatio: 0.8,
      total: { capacity: 40, used: 34, free: 6, utilisation: 0.85, warning: true },
      accounts: [
        { accountId: 'alpha', capacity: 20, used: 17, warning: true },
        { accountId: 'beta', capacity: 20, used: 17, warning: true },
      ],
    });
    await expect.poll(() => metricValue(app, 'ticker_ws_pool_capacity_warning', { scope: '_total' })).toBe(1);
    await expect.poll(() => metricValue(app, 'ticker_ws_pool_total_capacity_utilisation')).toBe(0.85);
  });

  it('should publish order updates from the ticker socket on the order-update bus', async () => {
    const future = sim.model.instruments().find((i) => i.kind === 'FUT')!;
    const placed = await fetch(`${sim.restUrl}/orders/regular`, {
      method: 'POST',
      headers: {
        Authorization: `token ${ALPHA.apiKey}:${ALPHA.accessToken}`,
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: `exchange=NFO&tradingsymbol=${future.tradingsymbol}&transaction_type=BUY&quantity=${future.lotSize}&product=NRML&order_type=LIMIT&price=0.05`,
    });
    expect(placed.status).toBe(200);
    const { data } = (await placed.json()) as { data: { order_id: string } };
    await expect.poll(() => updates.filter((u) => u.update.order_id === data.order_id).length).toBeGreaterThan(0);
    expect(updates.find((u) => u.update.order_id === data.order_id)).toMatchObject({
      accountId: ALPHA.id,
      connectionId: 'alpha#1',
      source: 'websocket',
      update: { tradingsymbol: future.tradingsymbol },
    });
  });

  it('should count frames and packets per account with labels that never carry an instrument token', async () => {
    await expect.poll(() => metricValue(app, 'ticker_ws_pool_packets_total', { account: ALPHA.id })).toBeGreaterThan(0);
    expect(await metricValue(app, 'ticker_ws_pool_frames_total', { kind: 'heartbeat' })).toBeGreaterThan(0);
    await expect.poll(() => metricValue(app, 'ticker_ws_pool_subscribed_tokens', { mode: 'full' })).toBe(30);
    await expect
      .poll(() => metricValue(app, 'ticker_ws_pool_connections', { account: ALPHA.id, state: 'open' }))
      .toBe(1);
    const metrics = await (await app.fetch(`/metrics`)).text();
    const labelValues = [...metrics.matchAll(/^ticker_ws_pool_\w+\{([^}]*)\}/gm)].flatMap((m) =>
      [...m[1]!.matchAll(/="([^"]*)"/g)].map((v) => v[1]!),
    );
    const subscribed = new Set(instrumentTokens(sim, 34).map(String));
    expect(labelValues.filter((v) => subscribed.has(v))).toEqual([]);
    expect(await metricValue(app, 'ticker_ws_pool_lock_wait_seconds_count')).toBeGreaterThan(0);
  });
});
