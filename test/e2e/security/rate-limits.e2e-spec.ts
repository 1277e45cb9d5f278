import { afterEach, describe, expect, it } from 'vitest';
import { type RunningService, startService } from '../../../src/bootstrap.js';
import { AppConfig, type RawEnv } from '../../../src/config/index.js';
import { ADMIN_HEADERS, bootTestApp, testClock, testEnv, type TestApp } from '../../support/test-app.js';
import { createKey, type Envelope, withKey } from './support.js';

const expectLimited = async (response: Response, code: string): Promise<void> => {
  expect(response.status).toBe(429);
  expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
  expect(((await response.json()) as Envelope).code).toBe(code);
};

/**
 * Each test boots two instances on the same Redis prefix and database, so a limit reached through one is
 * enforced by the other: the limits live in Redis, shared by replicas.
 */
describe('inbound rate limits', () => {
  let app: TestApp | undefined;
  let replica: RunningService | undefined;

  const bootPair = async (limits: RawEnv): Promise<[TestApp, RunningService]> => {
    const env = { RATE_LIMIT_WINDOW_MS: '600000', ...limits };
    app = await bootTestApp({ env });
    replica = await startService(AppConfig.fromEnv(testEnv(app.database, app.redisPrefix, env)), {
      clock: testClock(),
    });
    return [app, replica];
  };

  afterEach(async () => {
    await replica?.shutdown('test finished');
    await app?.close();
    replica = undefined;
    app = undefined;
  });

  it('should limit requests without a credential per IP, across replicas, with Retry-After', async () => {
    const [first, second] = await bootPair({ RATE_LIMIT_PER_IP: '3' });
    const statuses = [];
    for (const url of [first.url, first.url, second.url]) {
      statuses.push((await fetch(`${url}/health/live`)).status);
    }
    expect(statuses).toEqual([200, 200, 200]);
    await expectLimited(await fetch(`${second.url}/health/live`), 'RATE_LIMITED');
    await expectLimited(await fetch(`${first.url}/health/ready`), 'RATE_LIMITED');
  });

  it('should limit each credential separately from the others, across replicas', async () => {
    const [first, second] = await bootPair({ RATE_LIMIT_PER_CREDENTIAL: '6' });
    const key = await createKey(first, { scopes: ['market:read'] });
    for (let i = 0; i < 6; i += 1) {
      expect((await fetch(`${i % 2 ? second.url : first.url}/auth/me`, withKey(key.key))).status).toBe(200);
    }
    await expectLimited(await fetch(`${first.url}/auth/me`, withKey(key.key)), 'RATE_LIMITED');
    // The admin key has its own budget (it made one request so far: creating the key).
    expect((await fetch(`${first.url}/auth/me`, { headers: ADMIN_HEADERS })).status).toBe(200);
    const metrics = await (await fetch(`${first.url}/metrics`, { headers: ADMIN_HEADERS })).text();
    expect(metrics).toMatch(/ticker_http_rate_limited_total\{limit="credential"\} [1-9]/);
  });

  it('should block an address after repeated authentication failures, even for a valid key', async () => {
    const [first, second] = await bootPair({ AUTH_FAILURE_LIMIT_MAX: '3' });
    const bad = { 'x-api-key': `tks_aaaaaaaaaaaa_${'B'.repeat(43)}` };
    for (const url of [first.url, second.url, first.url]) {
      expect((await fetch(`${url}/auth/me`, { headers: bad })).status).toBe(401);
    }
    await expectLimited(await fetch(`${first.url}/auth/me`, { headers: bad }), 'AUTH_FAILURES_LIMITED');
    await expectLimited(await fetch(`${second.url}/auth/me`, { headers: ADMIN_HEADERS }), 'AUTH_FAILURES_LIMITED');
    // Public routes ignore credentials, and so the block.
    expect((await fetch(`${second.url}/health/live`, { headers: bad })).status).toBe(200);
  });
});
