import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startService, type RunningService } from '../../../src/bootstrap.js';
import { ControllableClock, parseIstDateTime } from '../../../src/common/time/index.js';
import { AppConfig } from '../../../src/config/index.js';
import { INSTRUMENT_SYNC_LOCK_KEY } from '../../../src/modules/instruments/persistence/instrument-sync.repository.js';
import type { KiteSimulator } from '../../../src/simulator/simulator.js';
import { POLL } from '../../support/polling.js';
import { deleteRedisKeys, testEnv, uniqueRedisPrefix } from '../../support/test-app.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';
import { accountsEnv, encryptionKey, getJson, metricValue, startSimulator } from './support.js';

interface SyncResult {
  exchange: string;
  outcome: string;
  reason?: string;
  inserted: number;
}

/** Two replicas of the service on one database, both syncing the instrument master at the same moment. */
describe('Instrument sync across replicas', () => {
  let sim: KiteSimulator;
  let database: TestDatabase;
  const redisPrefix = uniqueRedisPrefix();
  const replicas: RunningService[] = [];

  const sync = (replica: RunningService) =>
    getJson<SyncResult[]>(`${replica.url}/instrument-sync`, { method: 'POST' }).then(({ status, body }) => {
      expect(status).toBe(200);
      return body;
    });

  beforeAll(async () => {
    const clock = ControllableClock.fixedAt(parseIstDateTime('2026-12-02 08:30:00')!);
    sim = await startSimulator({ clock: { instance: clock } });
    database = await createTestDatabase();
    const env = testEnv(database, redisPrefix, accountsEnv(sim, encryptionKey()));
    for (let i = 0; i < 2; i += 1) {
      replicas.push(await startService(AppConfig.fromEnv(env), { clock }));
    }
  });

  afterAll(async () => {
    for (const replica of replicas) {
      await replica.shutdown('test finished');
    }
    await deleteRedisKeys(redisPrefix);
    await database?.drop();
    await sim?.handle.stop();
  });

  it('should let exactly one replica replace the master while the other reports skipped: locked', async () => {
    const [first, second] = replicas as [RunningService, RunningService];
    const blocker = new pg.Client({ connectionString: database.url });
    await blocker.connect();
    try {
      // Hold the first replica inside its sync: its writes wait for this table lock, its advisory lock stays held.
      await blocker.query('BEGIN');
      await blocker.query('LOCK TABLE instrument IN SHARE ROW EXCLUSIVE MODE');
      const firstSync = sync(first);
      await vi.waitFor(async () => {
        const { rows } = await blocker.query<{ held: boolean }>(
          `SELECT count(*) > 0 AS held FROM pg_locks
            WHERE locktype = 'advisory' AND granted AND ((classid::bigint << 32) | objid::bigint) = $1`,
          [INSTRUMENT_SYNC_LOCK_KEY.toString()],
        );
        expect(rows[0]?.held).toBe(true);
      }, POLL);

      const skipped = await sync(second);
      expect(skipped.map((r) => [r.exchange, r.outcome, r.reason])).toEqual([
        ['NSE', 'skipped', 'locked'],
        ['NFO', 'skipped', 'locked'],
      ]);
      expect(await metricValue(second, 'ticker_instruments_syncs_total', { outcome: 'skipped' })).toBe(2);

      await blocker.query('COMMIT');
      const done = await firstSync;
      const listed = sim.model.instruments().filter((i) => i.exchange === 'NFO').length;
      expect(done.map((r) => [r.exchange, r.outcome])).toEqual([
        ['NSE', 'ok'],
        ['NFO', 'ok'],
      ]);
      expect(done.find((r) => r.exchange === 'NFO')?.inserted).toBe(listed);
      const { rows } = await blocker.query<{ live: number; all: number }>(
        `SELECT count(*) FILTER (WHERE retired_at IS NULL)::int AS live, count(*)::int AS all
           FROM instrument WHERE exchange = 'NFO'`,
      );
      expect(rows[0]).toEqual({ live: listed, all: listed });
    } finally {
      await blocker.end();
    }
  });
});
