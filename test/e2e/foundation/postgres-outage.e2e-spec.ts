import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { POLL } from '../../support/polling.js';
import { TcpProxy } from '../../support/tcp-proxy.js';
import { bootTestApp, type TestApp } from '../../support/test-app.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';
import { TEST_PG_ADMIN_URL } from '../../support/test-services.js';

const SCRAPE_TOKEN = 'prometheus-scrape-token-0123456789abcdef';
const scrape = async (url: string): Promise<string> =>
  (await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${SCRAPE_TOKEN}` } })).text();

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
      env: {
        DATABASE_URL: url.toString(),
        HEALTH_CHECK_TIMEOUT_MS: '500',
        DB_POOL_ACQUIRE_TIMEOUT_MS: '400',
        METRICS_BEARER_TOKEN: SCRAPE_TOKEN,
        // Every key lookup goes to the database, so the outage path (stale if error) is the one exercised.
        AUTH_KEY_CACHE_TTL_MS: '0',
      },
    });
  });

  afterAll(async () => {
    await app?.close();
    await proxy.stop();
    await database?.drop();
  });

  it('should report the database down while it is unreachable, stay live, and recover by itself', async () => {
    expect((await readiness(app.url)).status).toBe(200);
    expect((await app.fetch('/auth/me')).status).toBe(200);

    await proxy.stop();
    await vi.waitFor(async () => {
      const { status, body } = await readiness(app.url);
      expect(status).toBe(503);
      expect(body.details.database?.status).toBe('down');
      expect(body.details.redis?.status).toBe('up');
    }, POLL);
    expect((await fetch(`${app.url}/health/live`)).status).toBe(200);
    expect(await scrape(app.url)).toMatch(/^ticker_db_up 0$/m);
    // A key checked before the outage keeps working on its last known state; an unknown one gets 503.
    expect((await app.fetch('/auth/me')).status).toBe(200);
    const unknownKey = await fetch(`${app.url}/auth/me`, {
      headers: { 'x-api-key': `tks_unknown00000_${'A'.repeat(43)}` },
    });
    expect(unknownKey.status).toBe(503);
    expect(unknownKey.headers.get('retry-after')).toBe('1');

    await proxy.start(proxy.port);
    await vi.waitFor(async () => {
      expect((await readiness(app.url)).status).toBe(200);
    }, POLL);
    expect(await scrape(app.url)).toMatch(/^ticker_db_up 1$/m);
  });
});
