import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { spawnService } from '../../support/child-service.js';
import { POLL } from '../../support/polling.js';
import { ProbeGate, ProbeModule } from '../../support/probe.module.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';
import { bootTestApp, testEnv, uniqueRedisPrefix } from '../../support/test-app.js';

describe('graceful shutdown (in process)', () => {
  it('should finish an in-flight request, answer 503 on ready while draining, then close', async () => {
    // The drain only has to outlast one local readiness request issued right after shutdown begins.
    const app = await bootTestApp({ imports: [ProbeModule], env: { SHUTDOWN_READINESS_DRAIN_MS: '5000' } });
    try {
      const gate = app.service.app.get(ProbeGate);
      const inFlight = fetch(`${app.url}/__probe/held`);
      await vi.waitUntil(() => gate.held === 1, POLL);
      const stopping = app.service.shutdown('test');
      const ready = await fetch(`${app.url}/health/ready`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({ status: 'shutting_down' });
      gate.release();
      const response = await inFlight;
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ released: true });
      await stopping;
      await expect(fetch(`${app.url}/health/live`)).rejects.toThrow();
    } finally {
      await app.close();
    }
  });
});

describe('process lifecycle (built service as a real process)', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
  });

  afterAll(async () => {
    await database?.drop();
  });

  it('should exit 0 on SIGTERM and record the instance stop', async () => {
    const child = spawnService(testEnv(database, uniqueRedisPrefix(), { LOG_LEVEL: 'info' }) as Record<string, string>);
    const url = await child.url;
    expect((await fetch(`${url}/health/ready`)).status).toBe(200);
    const missing = await fetch(`${url}/no/such?request_token=SECRET123`, { headers: { 'x-request-id': 'trace-abc' } });
    expect(missing.status).toBe(404);
    child.process.kill('SIGTERM');
    const { code } = await child.exit;
    expect(code).toBe(0);
    expect(child.output()).toContain('Shutdown complete');
    const requestLine = child
      .output()
      .split('\n')
      .find((line) => line.includes('"reqId":"trace-abc"'));
    expect(requestLine).toContain('"msg":"request completed"');
    expect(requestLine).toContain('"statusCode":404');
    expect(child.output()).not.toContain('SECRET123');
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    const rows = await client.query<{ stopped_at: Date | null }>('SELECT stopped_at FROM service_instance');
    await client.end();
    expect(rows.rows).toHaveLength(1);
    expect(rows.rows[0]?.stopped_at).toBeInstanceOf(Date);
  });

  it('should refuse NODE_ENV=production without DATABASE_URL before starting any database', async () => {
    const { DATABASE_URL: _url, ...withoutDatabase } = testEnv(database, uniqueRedisPrefix()) as Record<string, string>;
    const child = spawnService({ ...withoutDatabase, NODE_ENV: 'production' });
    expect((await child.exit).code).toBe(1);
    expect(child.output()).toContain('DATABASE_URL must be set when NODE_ENV=production');
    expect(child.output()).not.toContain('embedded PostgreSQL data directory');
    expect(child.output()).not.toContain('Starting embedded PostgreSQL');
  });

  it.each([
    ['PORT', 'not-a-port', 'PORT must be an integer number'],
    ['DB_POOL_MAX', '0', 'DB_POOL_MAX must not be less than 1'],
    ['REDIS_URL', 'http://localhost:6379', 'REDIS_URL must be a redis:// or rediss:// URL'],
    ['CLOCK_AT', 'next tuesday', 'CLOCK_AT must be an IST "yyyy-mm-dd hh:mm:ss"'],
    ['LOG_LEVEL', 'loud', 'LOG_LEVEL must be one of the following values'],
  ])('should exit non-zero before listening when %s=%s', async (name, value, rule) => {
    const child = spawnService({
      ...(testEnv(database, uniqueRedisPrefix()) as Record<string, string>),
      [name]: value,
    });
    const { code } = await child.exit;
    expect(code).toBe(1);
    expect(child.output()).toContain('Invalid configuration');
    expect(child.output()).toContain(rule);
    expect(child.output()).toContain(`[${name}]`);
    expect(child.output()).not.toContain('ticker-service listening');
  });
});
