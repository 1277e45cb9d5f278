import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnService } from '../../support/child-service.js';
import { testEnv, uniqueRedisPrefix } from '../../support/test-app.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';

/** CLOCK_MODE/CLOCK_AT pin the clock of a service run as a real process (spawned e2e tests, demos). */
describe('clock configuration of the built service', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
  });

  afterAll(async () => {
    await database?.drop();
  });

  it('should run on the clock CLOCK_MODE and CLOCK_AT pin, whatever the host date', async () => {
    const child = spawnService({
      ...(testEnv(database, uniqueRedisPrefix(), { LOG_LEVEL: 'info' }) as Record<string, string>),
      CLOCK_MODE: 'fixed',
      CLOCK_AT: '2026-12-01 15:29:00',
    });
    await child.url;
    expect(child.output()).toContain('"clock":{"mode":"fixed","now":"2026-12-01T09:59:00.000Z"}');
    child.process.kill('SIGTERM');
    expect((await child.exit).code).toBe(0);
  });

  it('should refuse to start with a pinned clock in production, saying why', async () => {
    const child = spawnService({
      ...(testEnv(database, uniqueRedisPrefix()) as Record<string, string>),
      NODE_ENV: 'production',
      CLOCK_MODE: 'shifted',
      CLOCK_AT: '2026-12-01 15:29:00',
    });
    expect((await child.exit).code).toBe(1);
    expect(child.output()).toContain('CLOCK_MODE must be real when NODE_ENV=production');
    expect(child.output()).not.toContain('ticker-service listening');
  });
});
