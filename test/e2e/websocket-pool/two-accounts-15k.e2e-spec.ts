import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TickBatch } from '../../../src/common/market-data/index.js';
import type { KiteSimulator } from '../../../src/simulator/simulator.js';
import type { TestApp } from '../../support/test-app.js';
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

const INSTRUMENTS = 15_000;
const PER_ACCOUNT = 9_000;
const STEP_TIMEOUT_MS = 60_000;

/**
 * Done when: two accounts keep 15,000 instruments subscribed across both accounts' connections through drops,
 * stalls, malformed frames and a token expiry, the invariant (simulator subscriptions = the plan) holding after
 * each. Kite's real limits (3 connections × 3000 instruments per account), a low tick rate.
 */
describe('WebSocketPool: 15,000 instruments on two accounts through every fault', () => {
  let sim: KiteSimulator;
  let app: TestApp;
  const seen = new Set<number>();

  beforeAll(async () => {
    sim = await startPoolSimulator({
      strikesEachSide: 500,
      expiries: { weekly: 6, monthly: 4 },
      ticker: { ticksPerSecondPerInstrument: 0.1, frameIntervalMs: 200 },
    });
    app = await bootPool(sim, {
      WS_POOL_STALE_AFTER_MS: '1500',
      WS_POOL_NO_TICKS_AFTER_MS: '4000',
      WS_POOL_FAILOVER_AFTER_MS: '60000',
    });
    poolOf(app).attachSink({
      onTicks: (batch: TickBatch) => {
        for (let i = 0; i < batch.length; i++) {
          seen.add(batch.token[i]!);
        }
      },
    });
  });

  afterAll(async () => {
    await app?.close();
    await sim?.handle.stop();
  });

  it('should list a universe larger than two accounts can stream when asked (≥ 30,000 instruments)', () => {
    expect(sim.model.instruments().length).toBeGreaterThanOrEqual(30_000);
  });

  it(
    'should keep 15,000 instruments subscribed through drops, stalls, malformed frames and a token expiry',
    { timeout: 240_000 },
    async () => {
      const pool = poolOf(app);
      const tokens = instrumentTokens(sim, INSTRUMENTS);
      const modes = ['full', 'quote', 'ltp'] as const;
      for (const [index, mode] of modes.entries()) {
        const slice = tokens.slice(index * 5_000, (index + 1) * 5_000);
        expect(await pool.subscribe(slice, mode)).toMatchObject({ placed: 5_000, unplaced: [] });
      }
      await expectInvariant(app, sim, STEP_TIMEOUT_MS);
      expect(pool.snapshot().accounts.map((a) => a.used)).toEqual([7_500, 7_500]);
      expect((await simConnections(sim)).length).toBe(6);

      // Abrupt drop of all six sockets.
      await control(sim, 'POST', '/ticker/drop', {});
      await expectInvariant(app, sim, STEP_TIMEOUT_MS);

      // Heartbeats but no ticks on one connection, total silence on another.
      const [quiet, silent] = await simConnections(sim);
      await control(sim, 'POST', '/ticker/stall-ticks', { connectionId: quiet!.connectionId, durationMs: 600_000 });
      await control(sim, 'POST', '/ticker/stall-all', { connectionId: silent!.connectionId, durationMs: 600_000 });
      await expect
        .poll(async () => (await simConnections(sim)).map((c) => c.connectionId), { timeout: STEP_TIMEOUT_MS })
        .not.toEqual(expect.arrayContaining([quiet!.connectionId]));
      await expect
        .poll(async () => (await simConnections(sim)).map((c) => c.connectionId), { timeout: STEP_TIMEOUT_MS })
        .not.toEqual(expect.arrayContaining([silent!.connectionId]));
      await expectInvariant(app, sim, STEP_TIMEOUT_MS);

      // Malformed frames: skipped and counted, nothing reconnects.
      const reconnects = () =>
        pool
          .snapshot()
          .accounts.flatMap((a) => a.connections)
          .reduce((s, c) => s + c.reconnects, 0);
      const before = reconnects();
      for (const kind of ['truncated', 'bad-length', 'garbage', 'short-packet']) {
        await control(sim, 'POST', '/ticker/malformed', { kind, count: 2 });
      }
      await expect
        .poll(() => pool.snapshot().decodeErrors.overrun, { timeout: STEP_TIMEOUT_MS })
        .toBeGreaterThanOrEqual(24);
      expect(reconnects()).toBe(before);
      await expectInvariant(app, sim, STEP_TIMEOUT_MS);

      // Token expiry mid-stream: alpha's instruments move to beta (as many as fit), the rest wait as unplaced.
      await control(sim, 'POST', '/ticker/expire-session', { apiKey: ALPHA.apiKey });
      await expect
        .poll(() => pool.snapshot().accounts.find((a) => a.accountId === ALPHA.id)!.status, {
          timeout: STEP_TIMEOUT_MS,
        })
        .toBe('needs_login');
      await expectInvariant(app, sim, STEP_TIMEOUT_MS);
      const during = pool.snapshot();
      expect(during.accounts.find((a) => a.accountId === BETA.id)!.used).toBe(PER_ACCOUNT);
      expect(during.placed).toBe(PER_ACCOUNT);
      expect(during.unplaced.capacity).toBe(INSTRUMENTS - PER_ACCOUNT);

      // A new token: alpha comes back, every instrument is placed again and the load evens out.
      await control(sim, 'POST', '/sessions/grant', { apiKey: ALPHA.apiKey, accessToken: 'alphatoken0002' });
      const response = await app.fetch(`/accounts/${ALPHA.id}/token`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ accessToken: 'alphatoken0002' }),
      });
      expect(response.status).toBe(200);
      await expect
        .poll(
          () => {
            const view = pool.snapshot();
            const [a, b] = view.accounts.map((x) => x.used);
            return view.placed === INSTRUMENTS && Math.abs(a! - b!) <= 60;
          },
          { timeout: 120_000 },
        )
        .toBe(true);
      await expectInvariant(app, sim, STEP_TIMEOUT_MS);
      expect(tokens.filter((t) => !seen.has(t))).toEqual([]);
    },
  );
});
