import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { KiteSimulator } from '../../../src/simulator/simulator.js';
import { control, kiteFor, startSim } from './sim-test-kit.js';

const open = (url: string): Promise<WebSocket> =>
  new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });

const upgradeStatus = (url: string): Promise<number> =>
  new Promise((resolve) => {
    const ws = new WebSocket(url);
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.once('open', () => {
      resolve(101);
      ws.close();
    });
    ws.once('error', () => undefined);
  });

describe('Kite simulator: REST, control API and WebSocket ticker on one server', () => {
  let sim: KiteSimulator;

  beforeAll(async () => {
    sim = await startSim({ ticker: {} });
  });
  afterAll(async () => {
    await sim.handle.stop();
  });

  it('exposes its URLs on one port', () => {
    expect(sim.restUrl).toBe(`http://127.0.0.1:${sim.port}`);
    expect(sim.wsUrl).toBe(`ws://127.0.0.1:${sim.port}/`);
    expect(sim.controlUrl).toBe(`${sim.restUrl}/__sim`);
    expect(sim.loginUrl).toBe(`${sim.restUrl}/connect/login`);
  });

  it('pushes order updates as text frames on the user’s ticker connection', async () => {
    const ws = await open(`${sim.wsUrl}?api_key=simkey&access_token=simtoken&uid=1`);
    const frames: Record<string, unknown>[] = [];
    ws.on('message', (data, isBinary) => {
      if (!isBinary) {
        frames.push(JSON.parse((data as Buffer).toString('utf8')) as Record<string, unknown>);
      }
    });
    const connections = await control<{ apiKey: string; connectionId: string }[]>(sim, 'GET', '/ticker/connections');
    expect(connections).toEqual([expect.objectContaining({ apiKey: 'simkey', userId: 'SIM001' })]);
    const { order_id } = await kiteFor(sim).placeOrder('regular', {
      exchange: 'NFO',
      tradingsymbol: 'NIFTY25DECFUT',
      transaction_type: 'BUY',
      quantity: 65,
      product: 'NRML',
      order_type: 'MARKET',
      tag: 'ws',
    });
    await expect.poll(() => frames.filter((f) => f.type === 'order').length).toBe(5);
    const last = frames.filter((f) => f.type === 'order').at(-1)!.data as Record<string, unknown>;
    expect(last).toMatchObject({ order_id, status: 'COMPLETE', tag: 'ws', user_id: 'SIM001' });

    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    expect(await control(sim, 'POST', '/ticker/close', { apiKey: 'simkey', code: 1000 })).toEqual({ affected: 1 });
    expect(await closed).toBe(1000);
  });

  it('refuses upgrades with 403 for bad or invalidated credentials', async () => {
    expect(await upgradeStatus(`${sim.wsUrl}?api_key=simkey&access_token=bad`)).toBe(403);
    await control(sim, 'POST', '/sessions/grant', { apiKey: 'simkey', accessToken: 'ws-token' });
    expect(await upgradeStatus(`${sim.wsUrl}?api_key=simkey&access_token=ws-token`)).toBe(101);
    await kiteFor(sim, 'ws-token').invalidateAccessToken();
    expect(await upgradeStatus(`${sim.wsUrl}?api_key=simkey&access_token=ws-token`)).toBe(403);
  });

  it('passes ticker faults through the control API', async () => {
    const ws = await open(`${sim.wsUrl}?api_key=simkey&access_token=simtoken`);
    const gone = new Promise<void>((resolve) => ws.once('close', () => resolve()));
    expect(await control(sim, 'POST', '/ticker/drop', { apiKey: 'simkey' })).toEqual({ affected: 1 });
    await gone;
    await control(sim, 'POST', '/ticker/refuse', { apiKey: 'simkey', durationMs: 60_000 });
    expect(await upgradeStatus(`${sim.wsUrl}?api_key=simkey&access_token=simtoken`)).toBe(503);
    await control(sim, 'POST', '/ticker/clear', {});
    expect(await upgradeStatus(`${sim.wsUrl}?api_key=simkey&access_token=simtoken`)).toBe(101);
  });

  it('switches order-engine options at run time', async () => {
    expect(await control(sim, 'POST', '/order-options', { partialFills: true, maxModifications: 5 })).toMatchObject({
      partialFills: true,
      maxModifications: 5,
      enforceMarketHours: true,
    });
    expect(sim.orders.options.partialFills).toBe(true);
    await control(sim, 'POST', '/order-options', { partialFills: false, maxModifications: 25 });
  });

  it('controls the clock', async () => {
    const snap = await control<{ mode: string; phase: string }>(sim, 'POST', '/clock', {
      mode: 'fixed',
      at: '2025-12-06 10:00:00',
    });
    expect(snap).toMatchObject({ mode: 'fixed', phase: 'holiday' });
    expect(
      await control(sim, 'POST', '/clock', { at: '2025-12-05 09:05:00', mode: 'fixed', holidays: ['2025-12-25'] }),
    ).toMatchObject({
      phase: 'pre-open',
      holidays: ['2025-12-25'],
    });
    expect(await control(sim, 'POST', '/clock', { advanceMs: 600_000 })).toMatchObject({ phase: 'open' });
    expect(await control(sim, 'POST', '/clock', { phase: 'closed' })).toMatchObject({
      phase: 'closed',
      phaseOverride: 'closed',
    });
    expect(await control(sim, 'POST', '/clock', { mode: 'shifted', offsetMs: 0, phase: null })).toMatchObject({
      mode: 'shifted',
    });
  });
});
