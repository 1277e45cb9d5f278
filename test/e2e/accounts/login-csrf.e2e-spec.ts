import fs from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { KiteSimulator } from '../../../src/simulator/simulator.js';
import { bootTestApp, testClock, type TestApp } from '../../support/test-app.js';
import {
  accountsEnv,
  control,
  encryptionKey,
  getJson,
  loginCallbackUrl,
  metricValue,
  PRIMARY,
  SECONDARY,
  startSimulator,
} from './support.js';

interface ErrorBody {
  code: string;
  message: string;
  details?: { field: string }[];
}

const TTL_MS = 60_000;

const pendingStates = async (app: TestApp): Promise<number> => {
  const client = new pg.Client({ connectionString: app.database.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string }>('SELECT count(*) AS n FROM kite_login_state');
    return Number(rows[0]!.n);
  } finally {
    await client.end();
  }
};

describe('Login CSRF: the callback completes only logins this service started', () => {
  let sim: KiteSimulator;
  let app: TestApp;
  // The clock the service and the simulator share, so a test can let a state expire without waiting; it runs
  // at real speed otherwise, from a pinned date.
  const clock = testClock();

  const accountStatus = async (id: string) =>
    (await getJson<{ status: string; lastLoginAt: string | null }>(`${app.url}/accounts/${id}`)).body;

  beforeAll(async () => {
    sim = await startSimulator({ clock: { instance: clock } });
    app = await bootTestApp({
      clock,
      env: accountsEnv(sim, encryptionKey(), {
        KITE_LOGIN_STATE_TTL_MS: String(TTL_MS),
        KITE_LOGIN_STATE_MAX_PER_ACCOUNT: '2',
        KITE_SESSION_SWEEP_INTERVAL_MS: '200',
      }),
    });
    await control(sim, 'POST', '/rest-options', {
      loginRedirectUrl: `${app.url}/accounts/${SECONDARY.id}/login/callback`,
    });
  });

  afterAll(async () => {
    await app?.close();
    await sim?.handle.stop();
  });

  it('should refuse a callback without state, naming the field, and leave the account as it was', async () => {
    const before = await accountStatus(SECONDARY.id);
    // An attacker's own Kite login, delivered to the operator's browser without going through /login.
    const kite = await fetch(`${sim.loginUrl}?api_key=${SECONDARY.apiKey}&v=3`, { redirect: 'manual' });
    const forged = await getJson<ErrorBody>(kite.headers.get('location')!);
    expect(forged.status).toBe(400);
    expect(forged.body.code).toBe('VALIDATION_FAILED');
    expect(forged.body.details?.map((d) => d.field)).toContain('state');
    expect(await accountStatus(SECONDARY.id)).toEqual(before);
  });

  it('should refuse a state it never issued, or issued for another account', async () => {
    const unknownBefore = await metricValue(app, 'ticker_accounts_login_states_total', { outcome: 'unknown' });
    const before = await accountStatus(SECONDARY.id);
    const forged = await loginCallbackUrl(app.url, SECONDARY.id);
    forged.searchParams.set('state', 'x'.repeat(43));
    const unknown = await getJson<ErrorBody>(forged.toString());
    expect(unknown.status).toBe(403);
    expect(unknown.body.code).toBe('LOGIN_STATE_UNKNOWN');

    const forPrimary = await app.fetch(`/accounts/${PRIMARY.id}/login`, { redirect: 'manual' });
    const primaryState = new URLSearchParams(
      new URL(forPrimary.headers.get('location')!).searchParams.get('redirect_params')!,
    ).get('state')!;
    const crossed = await loginCallbackUrl(app.url, SECONDARY.id);
    crossed.searchParams.set('state', primaryState);
    const refused = await getJson<ErrorBody>(crossed.toString());
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('LOGIN_STATE_UNKNOWN');
    expect(await accountStatus(SECONDARY.id)).toEqual(before);
    expect(await metricValue(app, 'ticker_accounts_login_states_total', { outcome: 'unknown' })).toBe(
      unknownBefore + 2,
    );
  });

  it('should refuse a state older than KITE_LOGIN_STATE_TTL_MS, and purge it on the sweep one TTL later', async () => {
    const callback = await loginCallbackUrl(app.url, SECONDARY.id);
    clock.advance(TTL_MS + 1_000);
    const expired = await getJson<ErrorBody>(callback.toString());
    expect(expired.status).toBe(403);
    expect(expired.body.code).toBe('LOGIN_STATE_EXPIRED');
    expect(expired.body.message).toContain(`/accounts/${SECONDARY.id}/login`);
    clock.advance(TTL_MS);
    await expect.poll(() => pendingStates(app), { timeout: 20_000 }).toBe(0);
  });

  it('should keep at most KITE_LOGIN_STATE_MAX_PER_ACCOUNT pending logins per account, dropping the oldest', async () => {
    // Whatever earlier logins left pending expires first, so exactly these three compete for the two slots.
    clock.advance(TTL_MS + 1_000);
    const evicted = () =>
      metricValue(app, 'ticker_accounts_login_states_total', { account: SECONDARY.id, outcome: 'evicted' });
    const evictedBefore = await evicted();
    const oldest = await loginCallbackUrl(app.url, SECONDARY.id);
    await loginCallbackUrl(app.url, SECONDARY.id);
    const newest = await loginCallbackUrl(app.url, SECONDARY.id);
    expect((await getJson<ErrorBody>(oldest.toString())).body.code).toBe('LOGIN_STATE_UNKNOWN');
    const completed = await getJson<{ status: string }>(newest.toString());
    expect(completed.status).toBe(200);
    expect(completed.body.status).toBe('active');
    expect(await evicted()).toBe(evictedBefore + 1);
  });
});

describe('A login by another Kite user than the configured one', () => {
  let sim: KiteSimulator;
  let app: TestApp;
  const configuredUser = 'ZZ9999';
  const written: string[] = [];

  beforeAll(async () => {
    // pino writes through sonic-boom (fs.write / fs.writeSync on fd 1): capture what reaches the logs.
    const host = fs as unknown as Record<string, (...args: unknown[]) => unknown>;
    for (const name of ['write', 'writeSync']) {
      const original = host[name]!.bind(fs);
      vi.spyOn(host, name).mockImplementation((...args: unknown[]) => {
        written.push(String(args[1]));
        return original(...args);
      });
    }
    sim = await startSimulator();
    app = await bootTestApp({
      env: {
        ...accountsEnv(sim, encryptionKey(), { LOG_LEVEL: 'info' }),
        KITE_ACCOUNTS: JSON.stringify([
          // The configured token is SIM001's, but the account expects another user.
          {
            id: PRIMARY.id,
            api_key: PRIMARY.apiKey,
            api_secret: PRIMARY.apiSecret,
            access_token: PRIMARY.accessToken,
            user_id: configuredUser,
          },
          { id: SECONDARY.id, api_key: SECONDARY.apiKey, api_secret: SECONDARY.apiSecret, user_id: configuredUser },
        ]),
      },
    });
    await control(sim, 'POST', '/rest-options', {
      loginRedirectUrl: `${app.url}/accounts/${SECONDARY.id}/login/callback`,
    });
  });

  afterAll(async () => {
    await app?.close();
    await sim?.handle.stop();
    vi.restoreAllMocks();
  });

  it('should refuse it with 403 LOGIN_USER_MISMATCH, naming neither Kite user in the response or the logs', async () => {
    const refused = await getJson<ErrorBody>((await loginCallbackUrl(app.url, SECONDARY.id)).toString());
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('LOGIN_USER_MISMATCH');
    expect(refused.body.message).toContain('different Kite user');
    await expect
      .poll(async () => (await getJson<{ status: string }>(`${app.url}/accounts/${PRIMARY.id}`)).body.status)
      .toBe('needs_login');
    const primary = await getJson<{ statusReason: string }>(`${app.url}/accounts/${PRIMARY.id}`);
    expect(primary.body.statusReason).toContain('different Kite user');

    const seen = [refused.text, primary.text, (await getJson(`${app.url}/accounts`)).text, written.join('')];
    for (const text of seen) {
      expect(text).not.toContain(SECONDARY.userId);
      expect(text).not.toContain(PRIMARY.userId);
      expect(text).not.toContain(configuredUser);
    }
  });
});
