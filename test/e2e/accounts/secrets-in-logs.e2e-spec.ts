import fs from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SecretCipher } from '../../../src/modules/accounts/crypto/secret-cipher.js';
import type { KiteSimulator } from '../../../src/simulator/simulator.js';
import type { TestApp } from '../../support/test-app.js';
import {
  bootWithSimulator,
  control,
  encryptionKey,
  getJson,
  loginCallbackUrl,
  orchestratorOf,
  PRIMARY,
  SECONDARY,
  startSimulator,
} from './support.js';

/**
 * Captures everything the process writes while the service runs at debug level through a login, a
 * token hand-over, a rejected token, an expiry and a sync, then looks for every credential in it.
 */
describe('Credentials never reach the logs', () => {
  let sim: KiteSimulator;
  let app: TestApp;
  const key = encryptionKey();
  const written: string[] = [];
  const capture = (chunk: unknown) => {
    written.push(typeof chunk === 'string' ? chunk : Buffer.isBuffer(chunk) ? chunk.toString('utf8') : String(chunk));
  };

  beforeAll(async () => {
    // pino writes through sonic-boom, i.e. fs.write/fs.writeSync on fd 1, not process.stdout.write.
    const tap = (target: object, name: string, dataIndex: number) => {
      const host = target as Record<string, (...args: unknown[]) => unknown>;
      const original = host[name]!.bind(target);
      vi.spyOn(host, name).mockImplementation((...args: unknown[]) => {
        capture(args[dataIndex]);
        return original(...args);
      });
    };
    tap(fs, 'writeSync', 1);
    tap(fs, 'write', 1);
    tap(process.stdout, 'write', 0);

    sim = await startSimulator();
    app = await bootWithSimulator(sim, key, { LOG_LEVEL: 'debug', INSTRUMENT_SYNC_ON_START: 'true' });
  });

  afterAll(async () => {
    await app?.close();
    await sim?.handle.stop();
    vi.restoreAllMocks();
  });

  it('should keep api secrets, access tokens, request tokens and the encryption key out of every log line', async () => {
    await control(sim, 'POST', '/rest-options', {
      loginRedirectUrl: `${app.url}/accounts/${SECONDARY.id}/login/callback`,
    });
    const callback = await loginCallbackUrl(app.url, SECONDARY.id);
    const requestToken = callback.searchParams.get('request_token')!;
    const loginState = callback.searchParams.get('state')!;
    expect((await getJson(callback.toString())).status).toBe(200);
    expect((await getJson(callback.toString())).status).toBe(403);

    await control(sim, 'POST', '/sessions/expire', { apiKey: PRIMARY.apiKey });
    await orchestratorOf(app)
      .forAccount(PRIMARY.id, (c) => c.getProfile())
      .catch(() => undefined);
    const handedOver = 'handedovertoken99';
    await control(sim, 'POST', '/sessions/grant', { apiKey: PRIMARY.apiKey, accessToken: handedOver });
    const put = (accessToken: string) =>
      getJson(`${app.url}/accounts/${PRIMARY.id}/token`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ accessToken }),
      });
    expect((await put('rejectedtoken42')).status).toBe(422);
    expect((await put(handedOver)).status).toBe(200);
    expect((await getJson(`${app.url}/instrument-sync`, { method: 'POST' })).status).toBe(200);
    const loginToken = await issuedToken(app, key);
    await app.service.shutdown('log capture finished');

    const logs = written.join('');
    expect(logs).toContain('Kite session stored');
    expect(logs).toContain('Kite account needs a new login');
    for (const secret of [
      PRIMARY.apiSecret,
      SECONDARY.apiSecret,
      PRIMARY.accessToken,
      handedOver,
      'rejectedtoken42',
      loginToken,
      requestToken,
      loginState,
      key,
    ]) {
      expect(logs).not.toContain(secret);
    }
  });
});

/** The token the login produced, read back from the database with the test's key. */
const issuedToken = async (app: TestApp, key: string): Promise<string> => {
  const client = new pg.Client({ connectionString: app.database.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ access_token_sealed: string }>(
      'SELECT access_token_sealed FROM kite_account WHERE account_id = $1',
      [SECONDARY.id],
    );
    const cipher = new SecretCipher({ currentKeyId: 'k1', keys: new Map([['k1', Buffer.from(key, 'base64')]]) });
    return cipher.open(rows[0]!.access_token_sealed, `kite_account:${SECONDARY.id}:access_token`);
  } finally {
    await client.end();
  }
};
