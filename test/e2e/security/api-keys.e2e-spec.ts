import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ControllableClock } from '../../../src/common/time/index.js';
import { bootTestApp, TEST_ADMIN_KEY, type TestApp } from '../../support/test-app.js';
import { createKey, type Envelope, withKey } from './support.js';

const CLI = resolve(import.meta.dirname, '../../../dist/src/modules/auth/cli/apikey.js');
const START = Date.parse('2026-03-02T04:00:00Z');
const HOUR_MS = 3_600_000;

interface KeyView {
  id: string;
  name: string;
  scopes: string[];
  revokedAt: string | null;
  lastUsedAt: string | null;
  createdBy: string;
}

describe('API keys: creation, use, expiry, revocation (REST and CLI)', () => {
  const clock = ControllableClock.fixedAt(START);
  let app: TestApp;
  let db: pg.Client;

  const me = (key: string) => fetch(`${app.url}/auth/me`, withKey(key));
  const cli = async (...args: string[]): Promise<string> => {
    const { stdout } = await promisify(execFile)(process.execPath, [CLI, ...args], {
      cwd: '/tmp',
      env: { PATH: process.env.PATH ?? '', DATABASE_URL: app.database.url, LOG_LEVEL: 'warn', NODE_ENV: 'test' },
    });
    return stdout.trim();
  };

  beforeAll(async () => {
    app = await bootTestApp({
      clock,
      env: { AUTH_KEY_CACHE_TTL_MS: '300', AUTH_LAST_USED_FLUSH_INTERVAL_MS: '100' },
    });
    db = new pg.Client({ connectionString: app.database.url });
    await db.connect();
  });

  afterAll(async () => {
    await db?.end();
    await app?.close();
  });

  it('should create a key shown once, store only its hash, and accept it with its scopes', async () => {
    const created = await createKey(app, { name: 'desk-reader', scopes: ['market:read', 'orders:read'] });
    expect(created.key).toMatch(/^tks_[a-z0-9]{12}_[A-Za-z0-9_-]{43}$/);
    expect(created.key.startsWith(`tks_${created.id}_`)).toBe(true);

    const stored = await db.query<{ secret_hash: string }>('SELECT secret_hash FROM api_key WHERE key_id = $1', [
      created.id,
    ]);
    expect(stored.rows[0]?.secret_hash).toMatch(/^scrypt\$ln=14,r=8,p=1\$/);
    expect(JSON.stringify(stored.rows)).not.toContain(created.key.slice(17));

    for (const header of [{ 'x-api-key': created.key }, { authorization: `Bearer ${created.key}` }]) {
      const response = await fetch(`${app.url}/auth/me`, { headers: header });
      expect(await response.json()).toEqual({
        kind: 'api_key',
        id: created.id,
        name: 'desk-reader',
        scopes: ['market:read', 'orders:read'],
        accounts: null,
      });
    }
    const listed = (await (await app.fetch('/auth/api-keys')).json()) as KeyView[];
    const view = listed.find((k) => k.id === created.id);
    expect(view).toMatchObject({ name: 'desk-reader', createdBy: 'api_key:testadmin001', revokedAt: null });
    expect(JSON.stringify(listed)).not.toContain(created.key);
  });

  it('should answer an unknown key and a wrong secret identically', async () => {
    const created = await createKey(app, { scopes: ['market:read'] });
    const wrongSecret = `${created.key.slice(0, -4)}AAAA`;
    const unknownKey = `tks_zzzzzzzzzzzz_${created.key.slice(-43)}`;
    const answers = await Promise.all(
      [wrongSecret, unknownKey, 'not-a-key'].map(async (key) => {
        const response = await me(key);
        const body = (await response.json()) as Envelope;
        return {
          status: response.status,
          code: body.code,
          message: body.message,
          challenge: response.headers.get('www-authenticate'),
        };
      }),
    );
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(answers[0]).toMatchObject({ status: 401, code: 'INVALID_CREDENTIALS', message: 'Invalid credentials' });
    expect(answers[0]?.challenge).toContain('error="invalid_token"');
  });

  it('should refuse a key once it has expired by the injected clock', async () => {
    const created = await createKey(app, {
      scopes: ['market:read'],
      expiresAt: new Date(clock.now() + HOUR_MS).toISOString(),
    });
    expect((await me(created.key)).status).toBe(200);
    clock.advance(2 * HOUR_MS);
    const response = await me(created.key);
    expect(response.status).toBe(401);
    expect(((await response.json()) as Envelope).code).toBe('CREDENTIALS_EXPIRED');
  });

  it('should refuse a key in the past or with unknown scopes, naming the field', async () => {
    const past = await app.fetch('/auth/api-keys', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'x', scopes: ['market:read'], expiresAt: new Date(clock.now() - 1).toISOString() }),
    });
    expect(past.status).toBe(400);
    expect(await past.json()).toMatchObject({ details: [{ field: 'expiresAt' }] });
    const unknown = await app.fetch('/auth/api-keys', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'x', scopes: ['god:mode'] }),
    });
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toMatchObject({ details: [{ field: 'scopes', rule: 'isIn' }] });
  });

  it('should revoke through REST with immediate effect, and never re-enable', async () => {
    const created = await createKey(app, { scopes: ['market:read'] });
    expect((await me(created.key)).status).toBe(200);
    const revoked = await app.fetch(`/auth/api-keys/${created.id}`, { method: 'DELETE' });
    expect(revoked.status).toBe(200);
    expect(await revoked.json()).toMatchObject({ id: created.id, revokedBy: 'api_key:testadmin001' });
    const refused = await me(created.key);
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as Envelope).code).toBe('API_KEY_REVOKED');
    expect((await app.fetch('/auth/api-keys/zzzzzzzzzzzz', { method: 'DELETE' })).status).toBe(404);
  });

  it('should not let a caller grant scopes or accounts it does not hold', async () => {
    const limited = await createKey(app, { scopes: ['accounts:admin'], accounts: ['primary'] });
    const attempt = (body: object) =>
      fetch(
        `${app.url}/auth/api-keys`,
        withKey(limited.key, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ name: 'escalation', ...body }),
        }),
      );
    const moreScopes = await attempt({ scopes: ['orders:write'], accounts: ['primary'] });
    expect(moreScopes.status).toBe(403);
    expect(((await moreScopes.json()) as Envelope).code).toBe('SCOPE_NOT_GRANTABLE');
    const allAccounts = await attempt({ scopes: ['accounts:admin'] });
    expect(allAccounts.status).toBe(403);
    expect(((await allAccounts.json()) as Envelope).code).toBe('ACCOUNTS_NOT_GRANTABLE');
    expect((await attempt({ scopes: ['accounts:admin'], accounts: ['primary'] })).status).toBe(201);
  });

  it('should refuse an account-restricted key on other accounts', async () => {
    const restricted = await createKey(app, { scopes: ['accounts:admin'], accounts: ['primary'] });
    const other = await fetch(`${app.url}/accounts/secondary`, withKey(restricted.key));
    expect(other.status).toBe(403);
    expect(((await other.json()) as Envelope).code).toBe('ACCOUNT_NOT_ALLOWED');
    // The account does not exist here: past the guard, the handler answers 404.
    expect((await fetch(`${app.url}/accounts/primary`, withKey(restricted.key))).status).toBe(404);
  });

  it('should record last use in batches, without a write per request', async () => {
    const created = await createKey(app, { scopes: ['market:read'] });
    for (let i = 0; i < 5; i += 1) {
      expect((await me(created.key)).status).toBe(200);
    }
    const lastUsed = await vi.waitFor(
      async () => {
        const view = (await (await app.fetch(`/auth/api-keys/${created.id}`)).json()) as KeyView;
        expect(view.lastUsedAt).not.toBeNull();
        return view.lastUsedAt;
      },
      { timeout: 10_000, interval: 50 },
    );
    expect(lastUsed).toBe(new Date(clock.now()).toISOString());
  });

  it('should create, list and revoke keys with the CLI; the service refuses a CLI-revoked key within the cache TTL', async () => {
    const created = JSON.parse(
      await cli(
        'create',
        '--name',
        'cli-key',
        '--scopes',
        'market:read,ops',
        '--expires',
        '2099-01-01T00:00:00Z',
        '--json',
      ),
    ) as { id: string; key: string; createdBy: string; expiresAt: string };
    expect(created.createdBy).toMatch(/^cli:/);
    expect(created.expiresAt).toBe('2099-01-01T00:00:00.000Z');
    expect(await (await me(created.key)).json()).toMatchObject({ id: created.id, scopes: ['market:read', 'ops'] });

    const listed = JSON.parse(await cli('list', '--json')) as { id: string }[];
    expect(listed.map((k) => k.id)).toContain(created.id);
    expect(await cli('list', '--json')).not.toContain(created.key);

    expect(await cli('revoke', created.id)).toContain(`Revoked ${created.id}`);
    await vi.waitFor(async () => expect((await me(created.key)).status).toBe(401), { timeout: 10_000, interval: 50 });
    await expect(cli('create', '--name', 'x', '--scopes', 'nope')).rejects.toThrow(/scopes/);
  });

  it('should print a bootstrap hash the service accepts as its first admin key', async () => {
    const output = await promisify(execFile)(process.execPath, [CLI, 'bootstrap'], { cwd: '/tmp' });
    expect(output.stdout).toMatch(/^Admin key \(shown once, keep it safe\): tks_[a-z0-9]{12}_/);
    expect(output.stdout).toMatch(/^AUTH_BOOTSTRAP_KEY_HASH=[a-z0-9]{12}:scrypt\$ln=14,r=8,p=1\$/m);
    expect(TEST_ADMIN_KEY).toMatch(/^tks_testadmin001_/);
  });
});
