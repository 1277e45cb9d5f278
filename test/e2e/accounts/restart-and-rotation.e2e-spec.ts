import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startService, type RunningService } from '../../../src/bootstrap.js';
import { AppConfig } from '../../../src/config/index.js';
import type { KiteSimulator } from '../../../src/simulator/simulator.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';
import { deleteRedisKeys, testEnv, uniqueRedisPrefix } from '../../support/test-app.js';
import { SessionOrchestrator } from '../../../src/modules/accounts/index.js';
import { POLL } from '../../support/polling.js';
import {
  accountsEnv,
  control,
  encryptionKey,
  getJson,
  loginCallbackUrl,
  SECONDARY,
  startSimulator,
} from './support.js';

interface Account {
  id: string;
  status: string;
  kiteUserId: string | null;
}

/** Service lifetimes on one database: sessions survive a restart, and a key rotation re-seals them. */
describe('Accounts across a restart and an encryption key rotation', () => {
  let sim: KiteSimulator;
  let database: TestDatabase;
  let redisPrefix: string;
  let oldKey: string;
  let newKey: string;
  let service: RunningService | undefined;
  let other: RunningService | undefined;

  /** Every instance reads the simulator's clock. */
  const boot = async (env: Record<string, string>) =>
    startService(AppConfig.fromEnv(testEnv(database, redisPrefix, accountsEnv(sim, oldKey, env))), {
      clock: sim.clock.base,
    });

  const loginThrough = async (instance: RunningService) => {
    await control(sim, 'POST', '/rest-options', {
      loginRedirectUrl: `${instance.url}/accounts/${SECONDARY.id}/login/callback`,
    });
    expect((await getJson((await loginCallbackUrl(instance.url, SECONDARY.id)).toString())).status).toBe(200);
  };

  const sealedValues = async () => {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ api_secret_sealed: string; access_token_sealed: string | null }>(
        'SELECT api_secret_sealed, access_token_sealed FROM kite_account WHERE account_id = $1',
        [SECONDARY.id],
      );
      return rows[0]!;
    } finally {
      await client.end();
    }
  };

  beforeEach(async () => {
    sim = await startSimulator();
    database = await createTestDatabase();
    redisPrefix = uniqueRedisPrefix();
    oldKey = encryptionKey();
    newKey = encryptionKey();
  });

  afterEach(async () => {
    await service?.shutdown('test finished');
    await other?.shutdown('test finished');
    service = undefined;
    other = undefined;
    await deleteRedisKeys(redisPrefix);
    await database?.drop();
    await sim?.handle.stop();
  });

  it('should restore a stored session after a restart, and re-seal it with a rotated key', async () => {
    service = await boot({});
    await loginThrough(service);
    expect((await sealedValues()).access_token_sealed).toMatch(/^v1\.k1\./);
    await service.shutdown('restart');

    service = await boot({
      KITE_ENCRYPTION_KEY: newKey,
      KITE_ENCRYPTION_KEY_ID: 'k2',
      KITE_ENCRYPTION_PREVIOUS_KEYS: `k1:${oldKey}`,
    });
    const restored = await getJson<Account>(`${service.url}/accounts/${SECONDARY.id}`);
    expect(restored.body).toMatchObject({ status: 'active', kiteUserId: SECONDARY.userId });
    const sealed = await sealedValues();
    expect(sealed.api_secret_sealed).toMatch(/^v1\.k2\./);
    expect(sealed.access_token_sealed).toMatch(/^v1\.k2\./);
    await service.shutdown('restart');

    // The old key is no longer needed once everything was re-sealed.
    service = await boot({ KITE_ENCRYPTION_KEY: newKey, KITE_ENCRYPTION_KEY_ID: 'k2' });
    expect((await getJson<Account>(`${service.url}/accounts/${SECONDARY.id}`)).body.status).toBe('active');
  });

  it('should pick up a session another instance stored, without a restart', async () => {
    const env = { KITE_SESSION_SWEEP_INTERVAL_MS: '200' };
    service = await boot(env);
    other = await boot(env);
    const status = async (instance: RunningService) =>
      (await getJson<Account>(`${instance.url}/accounts/${SECONDARY.id}`)).body.status;
    expect(await status(service)).toBe('needs_login');
    expect(await status(other)).toBe('needs_login');

    await loginThrough(service);
    expect(await status(service)).toBe('active');
    await vi.waitFor(async () => expect(await status(other!)).toBe('active'), POLL);
    await expect(
      other.app.get(SessionOrchestrator).forAccount(SECONDARY.id, (client) => client.getProfile()),
    ).resolves.toMatchObject({ userId: SECONDARY.userId });
  });
});
