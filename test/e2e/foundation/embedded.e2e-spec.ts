import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import pg from 'pg';
import { freePort } from '../../support/net.js';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { type ChildService, spawnService } from '../../support/child-service.js';

// Under /tmp (world-traversable) because, as root, the embedded server runs as user "postgres".
const root = `/tmp/ticker-embedded-${randomBytes(4).toString('hex')}`;

describe('zero set-up mode: embedded PostgreSQL and in-process bus', () => {
  const children: ChildService[] = [];
  const start = (env: Record<string, string>): ChildService => {
    const child = spawnService(env);
    children.push(child);
    return child;
  };

  afterAll(async () => {
    // A failed assertion must not leave a service (and its database) running.
    for (const child of children.filter((c) => c.process.exitCode === null && c.process.signalCode === null)) {
      child.process.kill('SIGTERM');
      await child.exit;
    }
    rmSync(root, { recursive: true, force: true });
  });

  it('should boot with no DATABASE_URL or REDIS_URL, serve, and keep its data across restarts', async () => {
    const pgPort = await freePort();
    const env = {
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'info',
      LOG_FORMAT: 'json',
      EMBEDDED_PG_DATA_DIR: `${root}/postgres`,
      EMBEDDED_PG_PORT: String(pgPort),
    };
    for (let run = 1; run <= 2; run += 1) {
      const child = start(env);
      const url = await child.url;
      // First start: no key exists, so one admin key is printed once (stderr); never again afterwards.
      const printed = /Key: {4}(tks_[a-z0-9]{12}_[A-Za-z0-9_-]{43})/.exec(child.output())?.[1];
      if (run === 1) {
        expect(printed).toBeDefined();
        const me = await fetch(`${url}/auth/me`, { headers: { 'x-api-key': printed ?? '' } });
        expect(await me.json()).toMatchObject({ kind: 'api_key', name: 'bootstrap admin' });
        expect(child.output().match(/tks_[a-z0-9]{12}_[A-Za-z0-9_-]{43}/g)).toHaveLength(1);
      } else {
        expect(printed).toBeUndefined();
      }
      // Zero-setup demo: loopback bind, no account: said in the start-up log, and curl just works.
      await vi.waitFor(() => expect(child.output()).toContain('Local demo access is ON'), { timeout: 10_000 });
      expect(await (await fetch(`${url}/auth/me`)).json()).toMatchObject({ kind: 'local_demo' });
      const ready = await fetch(`${url}/health/ready`);
      const body = (await ready.json()) as { details: Record<string, Record<string, unknown>> };
      expect(ready.status).toBe(200);
      expect(body.details.redis).toMatchObject({ status: 'up', mode: 'embedded' });
      expect(body.details.database).toMatchObject({ status: 'up' });
      expect((await fetch(`${url}/docs-json`)).status).toBe(200);
      child.process.kill('SIGTERM');
      expect((await child.exit).code).toBe(0);
    }
    // Both runs wrote to the same persistent data directory; start it once more to read it back.
    const child = start(env);
    await child.url;
    const password = readFileSync(`${root}/postgres.password`, 'utf8').trim();
    const client = new pg.Client({
      connectionString: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${pgPort}/ticker`,
    });
    await client.connect();
    const { rows } = await client.query<{ runs: string }>('SELECT count(*) AS runs FROM service_instance');
    await client.end();
    child.process.kill('SIGTERM');
    expect((await child.exit).code).toBe(0);
    expect(Number(rows[0]?.runs)).toBe(3);
  }, 180_000);
});
