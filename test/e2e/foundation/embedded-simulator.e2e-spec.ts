import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnService } from '../../support/child-service.js';
import { freePort } from '../../support/net.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';
import { testEnv, uniqueRedisPrefix } from '../../support/test-app.js';

/** SIM_* belong to the simulator: validated by its loader when the service embeds one, ignored otherwise. */
describe('embedded Kite simulator (SIMULATOR_EMBEDDED)', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
  });

  afterAll(async () => {
    await database?.drop();
  });

  const env = (extra: Record<string, string>) => ({
    ...(testEnv(database, uniqueRedisPrefix(), { LOG_LEVEL: 'info' }) as Record<string, string>),
    ...extra,
  });

  it('should start the simulator where its SIM_* settings say, and stop it with the service', async () => {
    const simPort = await freePort();
    const child = spawnService(env({ SIMULATOR_EMBEDDED: 'true', SIM_PORT: String(simPort), SIM_SEED: '7' }));
    await child.url;
    const health = await fetch(`http://127.0.0.1:${simPort}/__sim/health`);
    expect(health.status).toBe(200);
    expect(child.output()).toContain('Embedded Kite simulator listening');
    child.process.kill('SIGTERM');
    expect((await child.exit).code).toBe(0);
    await expect(fetch(`http://127.0.0.1:${simPort}/__sim/health`)).rejects.toThrow();
  });

  it('should refuse to start when embedding a simulator with an invalid SIM_* value, naming it', async () => {
    const child = spawnService(env({ SIMULATOR_EMBEDDED: 'true', SIM_PORT: 'eighty' }));
    expect((await child.exit).code).toBe(1);
    expect(child.output()).toContain('SIM_PORT must be an integer number');
    expect(child.output()).not.toContain('ticker-service listening');
  });

  it('should neither read nor validate SIM_* when no simulator is embedded', async () => {
    const child = spawnService(env({ SIM_PORT: 'eighty', SIM_CLOCK_MODE: 'sideways' }));
    expect(await child.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    child.process.kill('SIGTERM');
    expect((await child.exit).code).toBe(0);
  });
});
