import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { RawEnv } from '../../../src/config/index.js';
import { LocalDemoPolicy } from '../../../src/modules/auth/local-demo.policy.js';
import { ADMIN_HEADERS, bootTestApp, type TestApp } from '../../support/test-app.js';
import type { Envelope } from './support.js';

const DEMO: RawEnv = { AUTH_LOCAL_DEMO: 'auto', NODE_ENV: 'development' };

/** node:http, because fetch does not let a caller set Host (needed to play a DNS-rebinding page). */
const get = (url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> =>
  new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });

describe('zero-setup local demo access', () => {
  let app: TestApp | undefined;

  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('should let loopback requests without credentials in, with every scope but accounts:admin', async () => {
    app = await bootTestApp({ env: DEMO });
    expect(app.service.app.get(LocalDemoPolicy).enabled).toBe(true);
    const me = await get(`${app.url}/auth/me`);
    expect(me.status).toBe(200);
    expect(JSON.parse(me.body)).toEqual({
      kind: 'local_demo',
      id: 'local-demo',
      name: 'local demo (loopback, no credentials)',
      scopes: ['market:read', 'subscriptions:write', 'orders:read', 'orders:write', 'ops'],
      accounts: null,
    });
    expect((await get(`${app.url}/instruments`)).status).toBe(200);
    expect((await get(`${app.url}/metrics`)).status).toBe(200);
    const admin = await get(`${app.url}/auth/api-keys`);
    expect(admin.status).toBe(403);
    expect((JSON.parse(admin.body) as Envelope).code).toBe('INSUFFICIENT_SCOPE');
    // A credential, when sent, is what counts.
    expect(JSON.parse((await get(`${app.url}/auth/me`, ADMIN_HEADERS)).body)).toMatchObject({ kind: 'api_key' });
  });

  it.each([
    ['a cross-site page (Origin)', { origin: 'https://evil.example' }],
    ['a cross-site page (Sec-Fetch-Site)', { 'sec-fetch-site': 'cross-site' }],
    ['a DNS-rebinding page (foreign Host)', { host: 'evil.example:3000' }],
  ])('should refuse demo access to %s', async (_label, headers) => {
    app = await bootTestApp({ env: DEMO });
    const response = await get(`${app.url}/auth/me`, headers);
    expect(response.status).toBe(401);
    expect((JSON.parse(response.body) as Envelope).code).toBe('AUTH_REQUIRED');
    expect((await get(`${app.url}/auth/me`, { origin: app.url })).status).toBe(200);
  });

  it.each([
    ['a non-loopback bind', { HOST: '0.0.0.0' }, 'HOST=0.0.0.0 is not a loopback address'],
    ['a trusted proxy', { TRUST_PROXY: '10.0.0.0/8' }, 'TRUST_PROXY is set'],
    ['production', { NODE_ENV: 'production' }, 'NODE_ENV=production'],
    [
      'a configured Kite account',
      {
        KITE_ACCOUNTS: JSON.stringify([{ id: 'primary', api_key: 'k', api_secret: 's' }]),
        KITE_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
        KITE_API_ROOT: 'http://127.0.0.1:9',
        INSTRUMENT_SYNC_ON_START: 'false',
      },
      'a Kite account is configured',
    ],
  ])('should turn demo access off with %s', async (_label, env, reason) => {
    app = await bootTestApp({ env: { ...DEMO, ...env } });
    const policy = app.service.app.get(LocalDemoPolicy);
    expect(policy.enabled).toBe(false);
    expect(policy.reason).toContain(reason);
    expect((await get(`${app.url}/auth/me`)).status).toBe(401);
  });
});
