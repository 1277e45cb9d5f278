import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { KiteTokenError } from '../../../src/modules/accounts/index.js';
import type { KiteSimulator } from '../../../src/simulator/simulator.js';
import type { TestApp } from '../../support/test-app.js';
import {
  bootWithSimulator,
  control,
  encryptionKey,
  getJson,
  loginCallbackUrl,
  metricValue,
  orchestratorOf,
  PRIMARY,
  SECONDARY,
  startSimulator,
  type HealthDetails,
  type Readiness,
} from './support.js';

interface Account {
  id: string;
  status: string;
  statusReason: string | null;
  kiteUserId: string | null;
  lastLoginAt: string | null;
  tokenExpiresAt: string | null;
  breaker: string;
}

const IST_OFFSET_MS = 330 * 60_000;
/** Shaped like a state the service issues, but never issued. */
const WELL_FORMED_STATE = 'A'.repeat(43);

/** A fresh simulator and service per test: no test depends on what another left behind. */
describe('Kite accounts: login and token lifecycle against the simulator', () => {
  let sim: KiteSimulator;
  let app: TestApp;
  let secrets: string[];

  const account = async (id: string) => (await getJson<Account>(`${app.url}/accounts/${id}`)).body;

  /** The secondary account's Kite login, through our login redirect, Kite's page and our callback. */
  const loginSecondary = async (): Promise<void> => {
    expect((await getJson((await loginCallbackUrl(app.url, SECONDARY.id)).toString())).status).toBe(200);
  };

  beforeEach(async () => {
    sim = await startSimulator();
    const key = encryptionKey();
    secrets = [PRIMARY.apiSecret, PRIMARY.accessToken, SECONDARY.apiSecret, key];
    app = await bootWithSimulator(sim, key);
    await control(sim, 'POST', '/rest-options', {
      loginRedirectUrl: `${app.url}/accounts/${SECONDARY.id}/login/callback`,
    });
  });

  afterEach(async () => {
    await app?.close();
    await sim?.handle.stop();
  });

  it('should list the configured accounts with their status and never a credential', async () => {
    const { status, body, text } = await getJson<Account[]>(`${app.url}/accounts`);
    expect(status).toBe(200);
    expect(body.map((a) => [a.id, a.status])).toEqual([
      [PRIMARY.id, 'active'],
      [SECONDARY.id, 'needs_login'],
    ]);
    expect(body[1]!.statusReason).toBe('no access token');
    for (const secret of secrets) {
      expect(text).not.toContain(secret);
    }
  });

  it('should complete the login flow end to end: redirect, Kite login, callback, stored session', async () => {
    const start = await app.fetch(`/accounts/${SECONDARY.id}/login`, { redirect: 'manual' });
    expect(start.status).toBe(302);
    const kiteLogin = new URL(start.headers.get('location')!);
    expect(`${kiteLogin.origin}${kiteLogin.pathname}`).toBe(sim.loginUrl);
    expect(kiteLogin.searchParams.get('api_key')).toBe(SECONDARY.apiKey);
    expect(kiteLogin.searchParams.get('v')).toBe('3');
    const redirectParams = new URLSearchParams(kiteLogin.searchParams.get('redirect_params')!);
    expect(redirectParams.get('account_id')).toBe(SECONDARY.id);
    expect(redirectParams.get('state')).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const kiteRedirect = await fetch(kiteLogin, { redirect: 'manual' });
    const callback = new URL(kiteRedirect.headers.get('location')!);
    expect(callback.pathname).toBe(`/accounts/${SECONDARY.id}/login/callback`);
    expect(callback.searchParams.get('state')).toBe(redirectParams.get('state'));
    const { status, body, text } = await getJson<Account>(callback.toString());

    expect(status).toBe(200);
    expect(body).toMatchObject({ id: SECONDARY.id, status: 'active', kiteUserId: SECONDARY.userId, breaker: 'closed' });
    const expiry = new Date(body.tokenExpiresAt!);
    const expiryIst = new Date(expiry.getTime() + IST_OFFSET_MS);
    expect([expiryIst.getUTCHours(), expiryIst.getUTCMinutes()]).toEqual([6, 0]);
    expect(expiry.getTime()).toBeGreaterThan(sim.clock.now());
    expect(expiry.getTime() - Date.parse(body.lastLoginAt!)).toBeLessThanOrEqual(86_400_000);
    expect(text).not.toContain(callback.searchParams.get('request_token')!);
    await expect(orchestratorOf(app).forAccount(SECONDARY.id, (c) => c.getProfile())).resolves.toMatchObject({
      userId: SECONDARY.userId,
    });
  });

  it('should refuse a replayed callback (state used) and a reused request token (Kite) with clear errors', async () => {
    const callback = await loginCallbackUrl(app.url, SECONDARY.id);
    expect((await getJson(callback.toString())).status).toBe(200);
    const replay = await getJson<{ code: string }>(callback.toString());
    expect(replay.status).toBe(403);
    expect(replay.body.code).toBe('LOGIN_STATE_REUSED');

    const fresh = await loginCallbackUrl(app.url, SECONDARY.id);
    fresh.searchParams.set('request_token', callback.searchParams.get('request_token')!);
    const reusedToken = await getJson<{ code: string }>(fresh.toString());
    expect(reusedToken.status).toBe(422);
    expect(reusedToken.body.code).toBe('LOGIN_REJECTED');
  });

  it('should report a login cancelled on Kite after checking its state', async () => {
    const callback = await loginCallbackUrl(app.url, SECONDARY.id);
    callback.searchParams.set('status', 'cancelled');
    const cancelled = await getJson<{ code: string }>(callback.toString());
    expect(cancelled.status).toBe(400);
    expect(cancelled.body.code).toBe('LOGIN_NOT_COMPLETED');
  });

  it('should store credentials sealed (AES-256-GCM envelope), never in clear', async () => {
    await loginSecondary();
    const client = new pg.Client({ connectionString: app.database.url });
    await client.connect();
    try {
      const { rows } = await client.query<{
        account_id: string;
        api_secret_sealed: string;
        access_token_sealed: string;
      }>('SELECT account_id, api_secret_sealed, access_token_sealed FROM kite_account ORDER BY account_id');
      expect(rows.map((r) => r.account_id)).toEqual([PRIMARY.id, SECONDARY.id]);
      for (const row of rows) {
        expect(row.api_secret_sealed).toMatch(/^v1\.k1\./);
        expect(row.access_token_sealed).toMatch(/^v1\.k1\./);
      }
      const dump = JSON.stringify(rows);
      for (const secret of secrets) {
        expect(dump).not.toContain(secret);
      }
    } finally {
      await client.end();
    }
  });

  it('should turn needs_login when Kite expires the token mid-run, alert, and recover with a new token without a restart', async () => {
    const expiredBefore = await metricValue(app, 'ticker_accounts_session_expired_total', { account: PRIMARY.id });
    await control(sim, 'POST', '/sessions/expire', { apiKey: PRIMARY.apiKey });

    await expect(orchestratorOf(app).forAccount(PRIMARY.id, (c) => c.getProfile())).rejects.toBeInstanceOf(
      KiteTokenError,
    );
    const expired = await account(PRIMARY.id);
    expect(expired).toMatchObject({
      status: 'needs_login',
      statusReason: 'Kite rejected the access token (TokenException)',
    });
    expect(await metricValue(app, 'ticker_accounts_session_expired_total', { account: PRIMARY.id })).toBe(
      expiredBefore + 1,
    );
    expect(await metricValue(app, 'ticker_accounts_status', { account: PRIMARY.id, status: 'needs_login' })).toBe(1);
    const details = await getJson<HealthDetails>(`${app.url}/health/details`);
    expect(details.body.accounts.accounts[PRIMARY.id]).toMatchObject({
      status: 'needs_login',
      reason: 'Kite rejected the access token (TokenException)',
      breaker: 'closed',
    });
    await expect(orchestratorOf(app).forAccount(PRIMARY.id, (c) => c.getProfile())).rejects.toMatchObject({
      code: 'ACCOUNT_NEEDS_LOGIN',
    });

    const rejected = await getJson<{ code: string }>(`${app.url}/accounts/${PRIMARY.id}/token`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ accessToken: 'notarealtoken' }),
    });
    expect(rejected.status).toBe(422);
    expect(rejected.body.code).toBe('ACCESS_TOKEN_REJECTED');
    expect((await account(PRIMARY.id)).status).toBe('needs_login');

    await control(sim, 'POST', '/sessions/grant', { apiKey: PRIMARY.apiKey, accessToken: 'freshtoken0001' });
    const accepted = await getJson<Account>(`${app.url}/accounts/${PRIMARY.id}/token`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ accessToken: 'freshtoken0001' }),
    });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ status: 'active', kiteUserId: PRIMARY.userId });
    expect(accepted.text).not.toContain('freshtoken0001');
    await expect(orchestratorOf(app).forAccount(PRIMARY.id, (c) => c.getProfile())).resolves.toMatchObject({
      userId: PRIMARY.userId,
    });
    expect(await metricValue(app, 'ticker_accounts_status', { account: PRIMARY.id, status: 'active' })).toBe(1);
  });

  it('should stay ready with no usable account, so that the login stays reachable, and report each account in details', async () => {
    await loginSecondary();
    const before = await getJson<HealthDetails>(`${app.url}/health/details`);
    expect(before.body.accounts).toMatchObject({ configured: 2, active: 2 });
    expect(Object.keys(before.body.accounts.accounts)).toEqual([PRIMARY.id, SECONDARY.id]);
    await control(sim, 'POST', '/sessions/expire', { apiKey: SECONDARY.apiKey });
    await expect(orchestratorOf(app).forAccount(SECONDARY.id, (c) => c.getProfile())).rejects.toBeInstanceOf(
      KiteTokenError,
    );
    await control(sim, 'POST', '/sessions/expire', { apiKey: PRIMARY.apiKey });
    await expect(orchestratorOf(app).forAccount(PRIMARY.id, (c) => c.getProfile())).rejects.toBeInstanceOf(
      KiteTokenError,
    );
    await expect(orchestratorOf(app).borrow((c) => c.getProfile())).rejects.toMatchObject({
      code: 'NO_USABLE_KITE_ACCOUNT',
    });

    const ready = await getJson<Readiness>(`${app.url}/health/ready`);
    expect(ready.status).toBe(200);
    expect(Object.keys(ready.body.details).sort()).toEqual(['database', 'redis']);
    const details = await getJson<HealthDetails>(`${app.url}/health/details`);
    expect(details.body.accounts).toMatchObject({ configured: 2, active: 0 });
    for (const id of [PRIMARY.id, SECONDARY.id]) {
      expect(details.body.accounts.accounts[id]).toMatchObject({ status: 'needs_login', breaker: 'closed' });
    }
    expect((await app.fetch(`/accounts/${PRIMARY.id}/login`, { redirect: 'manual' })).status).toBe(302);
  });
});

describe('Kite accounts: bad input', () => {
  let sim: KiteSimulator;
  let app: TestApp;

  beforeAll(async () => {
    sim = await startSimulator();
    app = await bootWithSimulator(sim, encryptionKey());
  });

  afterAll(async () => {
    await app?.close();
    await sim?.handle.stop();
  });

  const put = (id: string, body: string, contentType = 'application/json') =>
    getJson<{ code: string; details?: { field: string }[] }>(`${app.url}/accounts/${id}/token`, {
      method: 'PUT',
      headers: { 'content-type': contentType },
      body,
    });

  it.each([
    ['GET', '/accounts/UPPER', 400, 'VALIDATION_FAILED'],
    ['GET', '/accounts/nobody', 404, 'ACCOUNT_NOT_FOUND'],
    ['GET', '/accounts/nobody/login', 404, 'ACCOUNT_NOT_FOUND'],
    ['GET', '/accounts/bad%20id/login', 400, 'VALIDATION_FAILED'],
    ['GET', `/accounts/${SECONDARY.id}/login/callback`, 400, 'VALIDATION_FAILED'],
    ['GET', `/accounts/${SECONDARY.id}/login/callback?request_token=abc$`, 400, 'VALIDATION_FAILED'],
    [
      'GET',
      `/accounts/${SECONDARY.id}/login/callback?request_token=abc&state=${WELL_FORMED_STATE}&surprise=1`,
      400,
      'VALIDATION_FAILED',
    ],
    ['GET', `/accounts/${SECONDARY.id}/login/callback?request_token=abc&state=short`, 400, 'VALIDATION_FAILED'],
    [
      'GET',
      `/accounts/${SECONDARY.id}/login/callback?request_token=abc&state=${WELL_FORMED_STATE}`,
      403,
      'LOGIN_STATE_UNKNOWN',
    ],
    ['GET', `/accounts/nobody/login/callback?request_token=abc&state=${WELL_FORMED_STATE}`, 404, 'ACCOUNT_NOT_FOUND'],
  ])('should answer %s %s with %i %s', async (method, path, status, code) => {
    const response = await getJson<{ code: string }>(`${app.url}${path}`, { method });
    expect(response.status).toBe(status);
    expect(response.body.code).toBe(code);
  });

  it('should reject token bodies that are missing, empty, not strings, oversized or carry extra fields', async () => {
    for (const body of [
      '{}',
      '{"accessToken":""}',
      '{"accessToken":42}',
      `{"accessToken":"${'a'.repeat(600)}"}`,
      '{"accessToken":"abc","x":1}',
    ]) {
      const response = await put(PRIMARY.id, body);
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
    }
    expect((await put(PRIMARY.id, '{not json')).status).toBe(400);
    expect((await put('nobody', '{"accessToken":"abc"}')).status).toBe(404);
  });
});
