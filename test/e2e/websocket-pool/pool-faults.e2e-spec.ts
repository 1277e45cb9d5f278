import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KiteSimulator } from '../../../src/simulator/simulator.js';
import type { TestApp } from '../../support/test-app.js';
import { metricValue } from '../accounts/support.js';
import {
  ALPHA,
  BETA,
  bootPool,
  control,
  expectInvariant,
  instrumentTokens,
  poolOf,
  simConnections,
  startPoolSimulator,
} from './support.js';

const PER_CONNECTION = 50;
const TOKENS = 150;
/** Fine polling, so the printed recovery times are not rounded up to a coarse poll interval. */
const RECOVERY_POLL_MS = 10;
/** Recovery times (ms) from the simulator accepting again to the full assignment replayed, per fault. */
const recoveries: { fault: string; ms: number }[] = [];

describe('WebSocketPool against the simulator: faults, each followed by the invariant', () => {
  let sim: KiteSimulator;
  let app: TestApp;

  const connectionsOf = async (apiKey: string) => (await simConnections(sim)).filter((c) => c.apiKey === apiKey);
  const reconnectsOf = (accountId: string) =>
    poolOf(app)
      .snapshot()
      .accounts.find((a) => a.accountId === accountId)!
      .connections.reduce((sum, c) => sum + c.reconnects, 0);

  /** Fault, then the time until the simulator shows the whole plan again. */
  const recover = async (fault: string, from = performance.now()) => {
    await expectInvariant(app, sim, 30_000, RECOVERY_POLL_MS);
    recoveries.push({ fault, ms: performance.now() - from });
  };

  beforeAll(async () => {
    sim = await startPoolSimulator({ ticker: { maxInstrumentsPerConnection: PER_CONNECTION } });
    app = await bootPool(sim, {
      KITE_WS_INSTRUMENTS_PER_CONNECTION: String(PER_CONNECTION),
      KITE_WS_CONNECTIONS_PER_ACCOUNT: '2',
      WS_POOL_STALE_AFTER_MS: '1000',
      WS_POOL_NO_TICKS_AFTER_MS: '1500',
      WS_POOL_FAILOVER_AFTER_MS: '60000',
    });
    const result = await poolOf(app).subscribe(instrumentTokens(sim, TOKENS), 'full');
    expect(result.placed).toBe(TOKENS);
    await expectInvariant(app, sim);
  });

  afterAll(async () => {
    const sorted = recoveries.map((r) => r.ms).sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)];
    console.log(
      `[websocket-pool] recovery to full replay (ms): ${recoveries.map((r) => `${r.fault} ${r.ms.toFixed(0)}`).join(', ')}; median ${median?.toFixed(0)}`,
    );
    await app?.close();
    await sim?.handle.stop();
  });

  it('should reconnect and replay everything after an abrupt drop of every connection', async () => {
    const before = reconnectsOf(ALPHA.id) + reconnectsOf(BETA.id);
    const from = performance.now();
    expect(await control<{ affected: number }>(sim, 'POST', '/ticker/drop', {})).toMatchObject({ affected: 4 });
    await recover('drop', from);
    expect(reconnectsOf(ALPHA.id) + reconnectsOf(BETA.id)).toBeGreaterThanOrEqual(before + 4);
    expect(await metricValue(app, 'ticker_ws_pool_reconnects_total', { reason: 'dropped' })).toBeGreaterThanOrEqual(4);
  });

  it('should reconnect and replay after a clean close by the server', async () => {
    const from = performance.now();
    await control(sim, 'POST', '/ticker/close', { apiKey: BETA.apiKey, code: 1001, reason: 'going away' });
    await recover('close', from);
  });

  it('should reconnect a socket that keeps sending heartbeats but no ticks during market hours', async () => {
    const [stalled] = await connectionsOf(ALPHA.apiKey);
    await control(sim, 'POST', '/ticker/stall-ticks', { connectionId: stalled!.connectionId, durationMs: 120_000 });
    await expect
      .poll(async () => (await connectionsOf(ALPHA.apiKey)).some((c) => c.connectionId === stalled!.connectionId), {
        timeout: 20_000,
      })
      .toBe(false);
    await recover('stall-ticks');
    expect(await metricValue(app, 'ticker_ws_pool_stalls_total', { kind: 'no_ticks' })).toBeGreaterThanOrEqual(1);
  });

  it('should reconnect a socket that went completely silent (no heartbeats either)', async () => {
    const [stalled] = await connectionsOf(BETA.apiKey);
    await control(sim, 'POST', '/ticker/stall-all', { connectionId: stalled!.connectionId, durationMs: 120_000 });
    await expect
      .poll(async () => (await connectionsOf(BETA.apiKey)).some((c) => c.connectionId === stalled!.connectionId), {
        timeout: 20_000,
      })
      .toBe(false);
    await recover('stall-all');
    expect(await metricValue(app, 'ticker_ws_pool_stalls_total', { kind: 'silent' })).toBeGreaterThanOrEqual(1);
  });

  it('should count and skip malformed frames of every kind without dropping the connection', async () => {
    const before = reconnectsOf(ALPHA.id);
    const ids = (await connectionsOf(ALPHA.apiKey)).map((c) => c.connectionId).sort();
    for (const kind of ['truncated', 'bad-length', 'garbage', 'short-packet']) {
      await control(sim, 'POST', '/ticker/malformed', { apiKey: ALPHA.apiKey, kind, count: 3 });
    }
    await expect
      .poll(() => poolOf(app).snapshot().decodeErrors.overrun, { timeout: 10_000 })
      .toBeGreaterThanOrEqual(12);
    expect(poolOf(app).snapshot().decodeErrors.packet_length).toBeGreaterThanOrEqual(6);
    await expect
      .poll(() => metricValue(app, 'ticker_ws_pool_decode_errors_total'), { timeout: 10_000 })
      .toBeGreaterThanOrEqual(18);
    expect(reconnectsOf(ALPHA.id)).toBe(before);
    expect((await connectionsOf(ALPHA.apiKey)).map((c) => c.connectionId).sort()).toEqual(ids);
    await expectInvariant(app, sim);
  });

  it('should keep redialling through refused reconnects and replay as soon as the simulator accepts again', async () => {
    const refusalMs = 2_500;
    await control(sim, 'POST', '/ticker/refuse', { apiKey: ALPHA.apiKey, durationMs: refusalMs });
    const refusedAt = performance.now();
    await control(sim, 'POST', '/ticker/drop', { apiKey: ALPHA.apiKey });
    await expect
      .poll(() => metricValue(app, 'ticker_ws_pool_reconnects_total', { account: ALPHA.id, reason: 'refused' }), {
        timeout: 10_000,
      })
      .toBeGreaterThanOrEqual(1);
    const acceptsAt = refusedAt + refusalMs;
    await expect.poll(() => performance.now() >= acceptsAt, { timeout: refusalMs + 1_000, interval: 20 }).toBe(true);
    await recover('refused', acceptsAt);
  });

  it('should move an expired account’s instruments to the other account and bring them back after a new token', async () => {
    await control(sim, 'POST', '/ticker/expire-session', { apiKey: ALPHA.apiKey });
    await expect
      .poll(
        () =>
          poolOf(app)
            .snapshot()
            .accounts.find((a) => a.accountId === ALPHA.id)!.status,
        { timeout: 15_000 },
      )
      .toBe('needs_login');
    await expectInvariant(app, sim);
    const during = poolOf(app).snapshot();
    expect(during.accounts.find((a) => a.accountId === BETA.id)!.used).toBe(2 * PER_CONNECTION);
    expect(during.unplaced.no_active_account + during.unplaced.capacity).toBe(TOKENS - 2 * PER_CONNECTION);
    expect(await connectionsOf(ALPHA.apiKey)).toEqual([]);

    const newToken = 'alphatoken0002';
    await control(sim, 'POST', '/sessions/grant', { apiKey: ALPHA.apiKey, accessToken: newToken });
    const response = await app.fetch(`/accounts/${ALPHA.id}/token`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ accessToken: newToken }),
    });
    expect(response.status).toBe(200);
    await expect
      .poll(
        () => {
          const view = poolOf(app).snapshot();
          const used = view.accounts.map((a) => a.used);
          return view.placed === TOKENS && Math.abs(used[0]! - used[1]!) <= 2;
        },
        { timeout: 30_000 },
      )
      .toBe(true);
    await expectInvariant(app, sim);
  });
});
