import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type RunningService, startService } from '../../../src/bootstrap.js';
import { AppConfig } from '../../../src/config/index.js';
import { bootTestApp, testClock, testEnv, type TestApp } from '../../support/test-app.js';
import { createKey, withKey } from './support.js';

describe('revocation across replicas', () => {
  let app: TestApp;
  let replica: RunningService;

  beforeAll(async () => {
    // A cache TTL far longer than the test: only the bus announcement can make the replica refuse the key.
    const env = { AUTH_KEY_CACHE_TTL_MS: '3600000' };
    app = await bootTestApp({ env });
    replica = await startService(AppConfig.fromEnv(testEnv(app.database, app.redisPrefix, env)), {
      clock: testClock(),
    });
  });

  afterAll(async () => {
    await replica?.shutdown('test finished');
    await app?.close();
  });

  it('should make every replica refuse a key revoked through one of them, without waiting for the cache TTL', async () => {
    const { id, key } = await createKey(app, { scopes: ['market:read'] });
    expect((await fetch(`${replica.url}/auth/me`, withKey(key))).status).toBe(200);
    expect((await app.fetch(`/auth/api-keys/${id}`, { method: 'DELETE' })).status).toBe(200);
    await vi.waitFor(async () => expect((await fetch(`${replica.url}/auth/me`, withKey(key))).status).toBe(401), {
      timeout: 10_000,
      interval: 50,
    });
  });
});
