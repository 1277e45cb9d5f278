import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccountSessionService } from '../../../src/modules/accounts/account-session.service.js';
import { AccountRegistry } from '../../../src/modules/accounts/orchestration/account-registry.js';
import type { KiteSimulator } from '../../../src/simulator/simulator.js';
import { bootTestApp, testClock, type TestApp } from '../../support/test-app.js';
import { accountsEnv, control, encryptionKey, getJson, metricValue, PRIMARY, startSimulator } from './support.js';

interface AccountBody {
  status: string;
  statusReason: string | null;
  tokenExpiresAt: string;
  breakers: Record<string, string>;
}

const READS = 5;

describe('Reading accounts and health never writes', () => {
  let sim: KiteSimulator;
  let app: TestApp;
  // Shared by the service and the simulator: runs at real speed from a pinned date, moved by hand below.
  const clock = testClock();
  const row = async () => {
    const [stored] = await app.service.app
      .get(DataSource)
      .query<{ version: string; status: string }[]>(
        `SELECT xmin::text AS version, status FROM kite_account WHERE account_id = $1`,
        [PRIMARY.id],
      );
    return stored!;
  };
  const readEverything = async () => {
    for (let i = 0; i < READS; i += 1) {
      expect((await getJson(`${app.url}/accounts`)).status).toBe(200);
      expect((await getJson(`${app.url}/accounts/${PRIMARY.id}`)).status).toBe(200);
      await getJson(`${app.url}/health/ready`);
      await getJson(`${app.url}/health/live`);
    }
  };

  beforeAll(async () => {
    sim = await startSimulator({ clock: { instance: clock } });
    app = await bootTestApp({
      clock,
      env: accountsEnv(sim, encryptionKey(), {
        KITE_ACCOUNTS: JSON.stringify([
          { id: PRIMARY.id, api_key: PRIMARY.apiKey, api_secret: PRIMARY.apiSecret, access_token: PRIMARY.accessToken },
        ]),
        // The sweep is what persists expiries: held off here, run by hand below.
        KITE_SESSION_SWEEP_INTERVAL_MS: '3600000',
        KITE_BREAKER_FAILURE_THRESHOLD: '1',
        KITE_BREAKER_OPEN_MS: '200',
        KITE_RETRY_MAX_ATTEMPTS: '1',
      }),
    });
  });

  afterAll(async () => {
    await app?.close();
    await sim?.handle.stop();
  });

  it('should report an expired session and a due breaker without persisting or moving either, until the sweep runs', async () => {
    const before = (await getJson<AccountBody>(`${app.url}/accounts/${PRIMARY.id}`)).body;
    expect(before.status).toBe('active');
    const account = app.service.app.get(AccountRegistry).get(PRIMARY.id);

    // Open the market-data breaker and let its open period pass: only a call may turn it half-open.
    await control(sim, 'POST', '/faults/rest', { apiKey: PRIMARY.apiKey, pathPrefix: '/quote', status: 503, count: 1 });
    await expect(account.client.getQuote(['NSE:NIFTY 50'])).rejects.toMatchObject({ code: 'KITE_NETWORK_ERROR' });
    await expect.poll(() => account.snapshot().breakers.market_data.retryAfterMs).toBe(0);

    // Past Kite's 06:00 IST logout.
    clock.setShiftedTo(Date.parse(before.tokenExpiresAt) + 60_000);
    const stored = await row();
    const expiredBefore = await metricValue(app, 'ticker_accounts_session_expired_total', { account: PRIMARY.id });

    await readEverything();

    const seen = (await getJson<AccountBody>(`${app.url}/accounts/${PRIMARY.id}`)).body;
    expect(seen.status).toBe('needs_login');
    expect(seen.statusReason).toContain('expired');
    expect(seen.breakers.market_data).toBe('open');
    expect(await row()).toEqual(stored);
    expect(stored.status).toBe('active');
    expect(await metricValue(app, 'ticker_accounts_session_expired_total', { account: PRIMARY.id })).toBe(
      expiredBefore,
    );
    const breakerMetric = (state: string) =>
      metricValue(app, 'ticker_accounts_breaker_state', { account: PRIMARY.id, class: 'market_data', state });
    expect(await breakerMetric('open')).toBe(1);
    expect(await breakerMetric('half_open')).toBe(0);

    await app.service.app.get(AccountSessionService).sweep();
    await expect.poll(async () => (await row()).status).toBe('needs_login');
    expect(await metricValue(app, 'ticker_accounts_session_expired_total', { account: PRIMARY.id })).toBe(
      expiredBefore + 1,
    );
  });
});
