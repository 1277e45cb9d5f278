import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KiteSimulator } from '../../../src/simulator/simulator.js';
import { API_KEY, API_SECRET, SESSION_TIME, control, kiteFor, rejectionOf, startSim } from './sim-test-kit.js';

const TOKEN_ERROR = {
  status: 'error',
  message: 'Incorrect `api_key` or `access_token`.',
  data: null,
  error_type: 'TokenException',
};

/** Follows Kite's login redirect and returns the request token from the redirect URL. */
const login = async (sim: KiteSimulator, apiKey = API_KEY): Promise<URL> => {
  const res = await fetch(`${sim.loginUrl}?api_key=${apiKey}&v=3`, { redirect: 'manual' });
  expect(res.status).toBe(302);
  return new URL(res.headers.get('location')!);
};

describe('Kite simulator REST: session, auth and profile', () => {
  let sim: KiteSimulator;

  beforeAll(async () => {
    sim = await startSim();
  });
  afterAll(async () => {
    await sim.handle.stop();
  });

  it('runs the login flow end to end: redirect with request_token, generateSession, then authenticated calls', async () => {
    const redirect = await login(sim);
    expect(redirect.searchParams.get('status')).toBe('success');
    const requestToken = redirect.searchParams.get('request_token')!;
    expect(requestToken).toMatch(/^[0-9a-f]{32}$/);

    const kite = kiteFor(sim, '');
    const session = (await kite.generateSession(requestToken, API_SECRET)) as unknown as Record<string, unknown>;
    expect(session).toMatchObject({ user_id: 'SIM001', api_key: API_KEY, broker: 'ZERODHA', user_type: 'individual' });
    expect(session.access_token).toEqual(expect.any(String));
    expect(session.login_time).toBeInstanceOf(Date);
    const profile = await kite.getProfile();
    expect(profile).toMatchObject({ user_id: 'SIM001', user_name: 'Simulated Trader', email: 'sim001@example.com' });
    expect(profile.exchanges).toContain('NFO');

    // A request token is single use.
    expect(await rejectionOf(kiteFor(sim, '').generateSession(requestToken, API_SECRET))).toMatchObject({
      error_type: 'TokenException',
    });
  });

  it('expires login-issued tokens at 06:00 IST the next morning on the simulated clock', async () => {
    const requestToken = (await login(sim)).searchParams.get('request_token')!;
    const kite = kiteFor(sim, '');
    await kite.generateSession(requestToken, API_SECRET);
    expect((await kite.getProfile()).user_id).toBe('SIM001');
    await control(sim, 'POST', '/clock', { mode: 'fixed', at: '2025-12-03 05:59:59' });
    expect((await kite.getProfile()).user_id).toBe('SIM001');
    await control(sim, 'POST', '/clock', { advanceMs: 1_000 });
    expect(await rejectionOf(kite.getProfile())).toMatchObject({ error_type: 'TokenException' });
    expect((await kiteFor(sim).getProfile()).user_id).toBe('SIM001');
    await control(sim, 'POST', '/clock', { mode: 'fixed', at: SESSION_TIME });
  });

  it('rejects a wrong checksum and an unknown api key', async () => {
    const requestToken = (await login(sim)).searchParams.get('request_token')!;
    expect(await rejectionOf(kiteFor(sim, '').generateSession(requestToken, 'wrong-secret'))).toMatchObject({
      error_type: 'TokenException',
      message: 'Invalid `checksum`.',
    });
    const bad = await fetch(`${sim.loginUrl}?api_key=nobody&v=3`, { redirect: 'manual' });
    expect(bad.status).toBe(400);
    const body = new URLSearchParams({ api_key: API_KEY, request_token: requestToken });
    body.set(
      'checksum',
      createHash('sha256')
        .update(API_KEY + requestToken + API_SECRET)
        .digest('hex'),
    );
    const ok = await fetch(`${sim.restUrl}/session/token`, { method: 'POST', body });
    expect(ok.status).toBe(200);
  });

  it('redirects to a configurable URL', async () => {
    await control(sim, 'POST', '/rest-options', { loginRedirectUrl: 'http://127.0.0.1:9/kite/callback' });
    const redirect = await login(sim);
    expect(`${redirect.origin}${redirect.pathname}`).toBe('http://127.0.0.1:9/kite/callback');
    expect(redirect.searchParams.get('request_token')).toBeTruthy();
  });

  it('should append redirect_params to the redirect, as Kite does', async () => {
    const params = new URLSearchParams({ account_id: 'primary', state: 'n0nce_-with+plus&amp' }).toString();
    const res = await fetch(`${sim.loginUrl}?api_key=${API_KEY}&v=3&redirect_params=${encodeURIComponent(params)}`, {
      redirect: 'manual',
    });
    const redirect = new URL(res.headers.get('location')!);
    expect(redirect.searchParams.get('account_id')).toBe('primary');
    expect(redirect.searchParams.get('state')).toBe('n0nce_-with+plus&amp');
    expect(redirect.searchParams.get('status')).toBe('success');
    expect(redirect.searchParams.get('request_token')).toMatch(/^[0-9a-f]{32}$/);
  });

  it('answers 403 TokenException for a bad token and fires the session-expiry hook', async () => {
    const kite = kiteFor(sim, 'not-a-token');
    let expired = 0;
    kite.setSessionExpiryHook(() => (expired += 1));
    expect(await rejectionOf(kite.getProfile())).toEqual(TOKEN_ERROR);
    expect(expired).toBe(1);
    const res = await fetch(`${sim.restUrl}/quote?i=NSE:NIFTY+50`);
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual(TOKEN_ERROR);
  });

  it('invalidates an access token with DELETE /session/token', async () => {
    const token = (
      await control<{ accessToken: string }>(sim, 'POST', '/sessions/grant', {
        apiKey: API_KEY,
        accessToken: 'to-invalidate',
      })
    ).accessToken;
    const kite = kiteFor(sim, token);
    expect((await kite.getProfile()).user_id).toBe('SIM001');
    expect(await kite.invalidateAccessToken()).toBe(true);
    expect(await rejectionOf(kite.getProfile())).toEqual(TOKEN_ERROR);
  });

  it('expires sessions from the control API', async () => {
    await control(sim, 'POST', '/sessions/grant', { apiKey: API_KEY, accessToken: 'to-expire' });
    const kite = kiteFor(sim, 'to-expire');
    expect((await kite.getProfile()).user_id).toBe('SIM001');
    expect(await control(sim, 'POST', '/sessions/expire', { apiKey: API_KEY, accessToken: 'to-expire' })).toEqual({
      expired: 1,
    });
    expect(await rejectionOf(kite.getProfile())).toMatchObject({ error_type: 'TokenException' });
  });

  it('returns margins in Kite shape', async () => {
    const margins = await kiteFor(sim).getMargins();
    expect(margins.equity).toMatchObject({
      enabled: true,
      net: expect.any(Number),
      available: { cash: expect.any(Number) },
    });
    expect(margins.commodity).toMatchObject({ enabled: false, net: 0, available: { cash: 0 } });
    const equity = await kiteFor(sim).getMargins('equity');
    expect(equity).toMatchObject({ enabled: true, utilised: { span: 0, exposure: 0, option_premium: 0 } });
  });

  it('answers unknown routes with 404 GeneralException', async () => {
    const res = await fetch(`${sim.restUrl}/nope`, { headers: { Authorization: 'token simkey:simtoken' } });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ status: 'error', error_type: 'GeneralException' });
  });
});
