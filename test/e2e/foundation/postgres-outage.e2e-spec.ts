import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { POLL } from '../../support/polling.js';
import { TcpProxy } from '../../support/tcp-proxy.js';
import { bootTestApp, type TestApp } from '../../support/test-app.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';
import { TEST_PG_ADMIN_URL } from '../../support/test-services.js';

const readiness = async (url: string) => {
  const response = await fetch(`${url}/health/ready`);
  return { status: response.status, body: (await response.json()) as { details: Record<string, { status: string }> } };
};

describe('PostgreSQL outage after boot', () => {
  const target = new URL(TEST_PG_ADMIN_URL);
  const proxy = new TcpProxy(target.hostname, Number(target.port || 5432));
  let database: TestDatabase;
  let app: TestApp;

  beforeAll(async () => {
    database = await createTestDatabase();
    const port = await proxy.start();
    const url = new URL(database.url);
    url.port = String(port);
    app = await bootTestApp({
      env: { DATABASE_URL: url.toString(), HEALTH_CHECK_TIMEOUT_MS: '500', DB_POOL_ACQUIRE_TIMEOUT_MS: '400' },
    });
  });

  afterAll(async () => {
    await app?.close();
    await proxy.stop();
    await database?.drop();
  });

  it('should report the database down while it is unreachable, stay live, and recover by itself', async () => {
    expect((await readiness(app.url)).status).toBe(200);

    await proxy.stop();
    await vi.waitFor(async () => {
      const { status, body } = await readiness(app.url);
      expect(status).toBe(503);
      expect(body.details.database?.status).toBe('down');
      expect(body.details.redis?.status).toBe('up');
    }, POLL);
    expect((await fetch(`${app.url}/health/live`)).status).toBe(200);
    expect(await (await fetch(`${app.url}/metrics`)).text()).toMatch(/^ticker_db_up 0$/m);

    await proxy.start(proxy.port);
    await vi.waitFor(async () => {
      expect((await readiness(app.url)).status).toBe(200);
    }, POLL);
    expect(await (await fetch(`${app.url}/metrics`)).text()).toMatch(/^ticker_db_up 1$/m);
  });
});
