import pg from 'pg';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type RunningService, startService } from '../../../src/bootstrap.js';
import { AppConfig } from '../../../src/config/index.js';
import { SecretCipher } from '../../../src/modules/accounts/crypto/secret-cipher.js';
import { SessionOrchestrator } from '../../../src/modules/accounts/index.js';
import type { KiteSimulator } from '../../../src/simulator/simulator.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';
import { deleteRedisKeys, testEnv, uniqueRedisPrefix } from '../../support/test-app.js';
import { accountsEnv, control, encryptionKey, getJson, loginCallbackUrl, PRIMARY, startSimulator } from './support.js';

/**
 * The KITE_ACCOUNTS access_token of PRIMARY stays in the environment across restarts, as it would in a
 * deployment manifest, while newer sessions are stored by a login. The simulator tells the tokens apart:
 * a test invalidates one and checks which one the service goes on using.
 */
describe('A configured access_token never overrides a newer stored session', () => {
  let sim: KiteSimulator;
  let database: TestDatabase;
  let service: RunningService | undefined;
  const redisPrefix = uniqueRedisPrefix();
  const key = encryptionKey();

  const boot = async (configuredToken: string) => {
    const env = accountsEnv(sim, key);
    const accounts = JSON.parse(env.KITE_ACCOUNTS!) as { id: string; access_token?: string }[];
    accounts[0]!.access_token = configuredToken;
    service = await startService(
      AppConfig.fromEnv(testEnv(database, redisPrefix, { ...env, KITE_ACCOUNTS: JSON.stringify(accounts) })),
      { clock: sim.clock.base }, // the simulator's clock: both agree on the date
    );
    return service;
  };

  const stop = async () => {
    await service?.shutdown('restart');
    service = undefined;
  };

  const storedToken = async (): Promise<string> => {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ access_token_sealed: string }>(
        'SELECT access_token_sealed FROM kite_account WHERE account_id = $1',
        [PRIMARY.id],
      );
      const cipher = new SecretCipher({ currentKeyId: 'k1', keys: new Map([['k1', Buffer.from(key, 'base64')]]) });
      return cipher.open(rows[0]!.access_token_sealed, `kite_account:${PRIMARY.id}:access_token`);
    } finally {
      await client.end();
    }
  };

  const profileThroughService = (running: RunningService) =>
    running.app.get(SessionOrchestrator).forAccount(PRIMARY.id, (client) => client.getProfile());

  const status = async (running: RunningService) =>
    (await getJson<{ status: string }>(`${running.url}/accounts/${PRIMARY.id}`)).body.status;

  /** First deployment: the configured token is adopted, then an operator logs in; returns the login's token. */
  const deployThenLogIn = async (): Promise<string> => {
    const first = await boot(PRIMARY.accessToken);
    expect(await status(first)).toBe('active');
    await control(sim, 'POST', '/rest-options', {
      loginRedirectUrl: `${first.url}/accounts/${PRIMARY.id}/login/callback`,
    });
    expect((await getJson((await loginCallbackUrl(first.url, PRIMARY.id)).toString())).status).toBe(200);
    const fromLogin = await storedToken();
    expect(fromLogin).not.toBe(PRIMARY.accessToken);
    await stop();
    return fromLogin;
  };

  beforeEach(async () => {
    sim = await startSimulator();
    database = await createTestDatabase();
  });

  afterEach(async () => {
    await stop();
    await database?.drop();
    await sim?.handle.stop();
  });

  afterAll(async () => {
    await deleteRedisKeys(redisPrefix);
  });

  it('should keep the session of a login after a restart with the old token still configured', async () => {
    const fromLogin = await deployThenLogIn();

    // Only the login's token still works on Kite: if the service went back to the configured one, it would fail.
    await control(sim, 'POST', '/sessions/expire', { apiKey: PRIMARY.apiKey, accessToken: PRIMARY.accessToken });
    const restarted = await boot(PRIMARY.accessToken);
    expect(await status(restarted)).toBe('active');
    await expect(profileThroughService(restarted)).resolves.toMatchObject({ userId: PRIMARY.userId });
    expect(await storedToken()).toBe(fromLogin);
    expect(await status(restarted)).toBe('active');
  });

  it('should keep a valid stored session over a new configured token, and adopt that token once Kite rejects the stored one', async () => {
    const stored = await deployThenLogIn();
    await control(sim, 'POST', '/sessions/grant', { apiKey: PRIMARY.apiKey, accessToken: 'operatortoken0001' });

    const kept = await boot('operatortoken0001');
    await expect(profileThroughService(kept)).resolves.toMatchObject({ userId: PRIMARY.userId });
    await expect.poll(async () => (await configuredTokenRecord(database)).outcome).toBe('passed_over');
    expect(await storedToken()).toBe(stored);
    await stop();

    await control(sim, 'POST', '/sessions/expire', { apiKey: PRIMARY.apiKey, accessToken: stored });
    const switched = await boot('operatortoken0001');
    await expect.poll(async () => (await configuredTokenRecord(database)).outcome).toBe('adopted');
    expect(await storedToken()).toBe('operatortoken0001');
    expect(await status(switched)).toBe('active');
    await expect(profileThroughService(switched)).resolves.toMatchObject({ userId: PRIMARY.userId });
  });

  it('should never adopt a configured token Kite rejected, restart after restart', async () => {
    const stored = await deployThenLogIn();
    await control(sim, 'POST', '/sessions/expire', { apiKey: PRIMARY.apiKey, accessToken: stored });
    await boot('neverissuedtoken0002');
    await expect.poll(async () => (await configuredTokenRecord(database)).outcome).toBe('rejected');
    await stop();

    const again = await boot('neverissuedtoken0002');
    expect(await status(again)).toBe('needs_login');
    expect(await storedToken()).toBe(stored);
    expect((await configuredTokenRecord(database)).outcome).toBe('rejected');
  });
});

const configuredTokenRecord = async (database: TestDatabase): Promise<{ outcome: string | null }> => {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ outcome: string | null }>(
      'SELECT configured_token_outcome AS outcome FROM kite_account WHERE account_id = $1',
      [PRIMARY.id],
    );
    return rows[0]!;
  } finally {
    await client.end();
  }
};
