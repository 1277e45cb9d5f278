import { KiteConnect, KiteTicker, type Connect } from 'kiteconnect';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { POLL } from '../../support/polling.js';
import { DEFAULT_USERS } from '../../../src/simulator/session/session-store.js';
import { startKiteSimulator, type KiteSimulator } from '../../../src/simulator/simulator.js';
import { expectTickMatchesState } from './support/expect-tick.js';
import { HandshakeRejected, TestClient } from './support/test-client.js';
import { MARKET_OPEN_MS, tickerUrl } from './support/ticker-harness.js';

const NIFTY_50 = 256265;
const ABNORMAL_CLOSURE = 1006;
const user = DEFAULT_USERS[0]!;
const credentials = { apiKey: user.apiKey, accessToken: user.accessToken! };

let sim: KiteSimulator;
beforeEach(async () => {
  // A frozen clock: the model's state stays exactly what was sent until the clock moves.
  sim = await startKiteSimulator({
    clock: { mode: 'fixed', fixedMs: MARKET_OPEN_MS },
    ticker: { ticksPerSecondPerInstrument: 20, frameIntervalMs: 20, heartbeatIntervalMs: 100 },
  });
});
afterEach(async () => {
  await sim.handle.stop();
});

const connect = (): Promise<TestClient> =>
  TestClient.connect(tickerUrl(sim.wsUrl, credentials.apiKey, credentials.accessToken));

const control = async (path: string, body: unknown): Promise<{ status: string; data: { affected: number } }> => {
  const response = await fetch(`${sim.controlUrl}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as { status: string; data: { affected: number } };
};

const kite = (): Connect =>
  new KiteConnect({ api_key: credentials.apiKey, access_token: credentials.accessToken, root: sim.restUrl });

describe('the ticker inside startKiteSimulator()', () => {
  it('streams the market model over the simulator URL, decoded by kiteconnect', async () => {
    const option = sim.model.instruments().find((i) => i.kind === 'CE')!.instrumentToken;
    const client = await connect();
    client.subscribe([option, NIFTY_50], 'full');
    await vi.waitUntil(() => client.ticks().filter((t) => t.mode === 'full').length >= 6, POLL);
    const ticks = client.ticks().filter((t) => t.mode === 'full');
    for (const tick of ticks) {
      expectTickMatchesState(tick, sim.model.state(tick.instrument_token)!);
    }
    expect(new Set(ticks.map((t) => t.instrument_token))).toEqual(new Set([option, NIFTY_50]));
    client.close();
  });

  it('drops connections through the control API', async () => {
    const client = await connect();
    const reply = await control('/ticker/drop', { apiKey: credentials.apiKey });
    expect(reply.data.affected).toBe(1);
    expect((await client.closed).code).toBe(ABNORMAL_CLOSURE);
  });

  it('refuses new upgrades with 403 after DELETE /session/token', async () => {
    const client = await connect();
    await kite().invalidateAccessToken();
    await expect(connect()).rejects.toEqual(new HandshakeRejected(403));
    client.close();
  });

  it('pushes order status changes as order text frames on the user connection', async () => {
    const client = await connect();
    const option = sim.model.instruments().find((i) => i.kind === 'CE' && i.name === 'NIFTY')!;
    const placed = await kite().placeOrder('regular', {
      exchange: 'NFO',
      tradingsymbol: option.tradingsymbol,
      transaction_type: 'BUY',
      quantity: option.lotSize,
      product: 'NRML',
      order_type: 'MARKET',
      tag: 'tickere2e',
    });
    sim.handle.processOrders();
    const updates = await vi.waitUntil(() => {
      const mine = client
        .texts('order')
        .map((m) => m.data as { order_id: string; status: string; tag: string })
        .filter((o) => o.order_id === placed.order_id);
      return mine.some((o) => o.status === 'COMPLETE') && mine;
    }, POLL);
    expect(updates.every((o) => o.tag === 'tickere2e')).toBe(true);
    client.close();
  });

  it('is accepted by the official KiteTicker client end to end (connect, setMode full, ticks, order_update)', async () => {
    // A smoke test only: KiteTicker keeps module-level state and calls process.exit on 'noreconnect', so it
    // runs with reconnect:false and the protocol assertions above use its parser instead.
    const option = sim.model.instruments().find((i) => i.kind === 'PE' && i.name === 'NIFTY')!;
    const params = { api_key: credentials.apiKey, access_token: credentials.accessToken, root: sim.wsUrl };
    const ticker = new KiteTicker({ ...params, reconnect: false });
    const fullTicks: { instrument_token: number; mode: string; depth?: unknown }[] = [];
    const orderUpdates: { order_id: string }[] = [];
    ticker.on('connect', () => {
      ticker.subscribe([option.instrumentToken]);
      ticker.setMode(ticker.modeFull, [option.instrumentToken]);
    });
    ticker.on('ticks', (ticks: { instrument_token: number; mode: string }[]) =>
      fullTicks.push(...ticks.filter((t) => t.mode === 'full')),
    );
    ticker.on('order_update', (order: { order_id: string }) => orderUpdates.push(order));
    ticker.connect();
    await vi.waitUntil(() => fullTicks.length >= 3, POLL);
    expect(fullTicks[0]).toMatchObject({ instrument_token: option.instrumentToken, mode: 'full' });
    const placed = await kite().placeOrder('regular', {
      exchange: 'NFO',
      tradingsymbol: option.tradingsymbol,
      transaction_type: 'BUY',
      quantity: option.lotSize,
      product: 'NRML',
      order_type: 'MARKET',
    });
    await vi.waitUntil(() => orderUpdates.some((o) => o.order_id === placed.order_id), POLL);
    ticker.disconnect();
  });
});
