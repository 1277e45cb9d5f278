import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KiteTokenError } from '../../../src/modules/accounts/index.js';
import type { KiteSimulator } from '../../../src/simulator/simulator.js';
import type { TestApp } from '../../support/test-app.js';
import {
  bootWithSimulator,
  control,
  encryptionKey,
  getJson,
  type HealthDetails,
  orchestratorOf,
  PRIMARY,
  type Readiness,
  startSimulator,
} from './support.js';

const accountRows = async (app: TestApp): Promise<unknown[]> => {
  const client = new pg.Client({ connectionString: app.database.url });
  await client.connect();
  try {
    return (await client.query<Record<string, unknown>>('SELECT * FROM kite_account ORDER BY account_id')).rows;
  } finally {
    await client.end();
  }
};

describe('/health/details with Kite accounts', () => {
  let sim: KiteSimulator;
  let app: TestApp;

  beforeAll(async () => {
    sim = await startSimulator();
    app = await bootWithSimulator(sim, encryptionKey(), {
      KITE_SESSION_SWEEP_INTERVAL_MS: '200',
      INSTRUMENT_SYNC_ON_START: 'true',
    });
  });

  afterAll(async () => {
    await app?.close();
    await sim?.handle.stop();
  });

  it('should show every background task with its kind, state and last success', async () => {
    await expect
      .poll(async () => {
        const { body } = await getJson<HealthDetails>(`${app.url}/health/details`);
        return ['accounts-session-sweep', 'instruments-daily-sync'].map(
          (name) => body.backgroundTasks[name]?.lastSuccessAt,
        );
      })
      .toEqual([expect.any(String), expect.any(String)]);
    const { body } = await getJson<HealthDetails>(`${app.url}/health/details`);
    expect(body.backgroundTasks['accounts-session-sweep']).toMatchObject({ kind: 'interval' });
    expect(body.backgroundTasks['instruments-daily-sync']).toMatchObject({
      kind: 'daily',
      state: 'idle',
      runs: 1,
      consecutiveFailures: 0,
      nextRunAt: expect.any(String),
    });
  });

  it('should stay ready while no account can reach Kite, with the reasons in details, and write nothing when read', async () => {
    await control(sim, 'POST', '/sessions/expire', { apiKey: PRIMARY.apiKey });
    await expect(orchestratorOf(app).forAccount(PRIMARY.id, (c) => c.getProfile())).rejects.toBeInstanceOf(
      KiteTokenError,
    );
    await expect
      .poll(async () => (await getJson<HealthDetails>(`${app.url}/health/details`)).body.accounts.active)
      .toBe(0);

    const rowsBefore = await accountRows(app);
    for (let read = 0; read < 5; read += 1) {
      expect((await getJson<Readiness>(`${app.url}/health/ready`)).status).toBe(200);
      const details = await getJson<HealthDetails>(`${app.url}/health/details`);
      expect(details.status).toBe(200);
      expect(details.body.status).toBe('ok');
      expect(details.body.accounts.accounts[PRIMARY.id]).toMatchObject({
        status: 'needs_login',
        reason: 'Kite rejected the access token (TokenException)',
        breaker: 'closed',
        inFlight: 0,
      });
    }
    expect(await accountRows(app)).toEqual(rowsBefore);
  });
});
