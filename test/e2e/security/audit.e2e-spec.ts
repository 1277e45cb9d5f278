import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ControllableClock } from '../../../src/common/time/index.js';
import { AuditRetention } from '../../../src/modules/audit/index.js';
import { bootTestApp, type TestApp } from '../../support/test-app.js';
import { createKey, type Envelope, withKey } from './support.js';

const START = Date.parse('2026-03-02T04:00:00Z');
const DAY_MS = 86_400_000;

interface AuditItem {
  id: number;
  occurredAt: string;
  requestId: string;
  actorKind: string;
  actorId: string | null;
  method: string;
  route: string;
  target: Record<string, string>;
  statusCode: number;
  clientIp: string | null;
}

describe('audit trail', () => {
  const clock = ControllableClock.fixedAt(START);
  let app: TestApp;
  let db: pg.Client;

  const audit = async (query: string): Promise<{ items: AuditItem[]; nextBefore: number | null }> =>
    (await (await app.fetch(`/audit?${query}`)).json()) as { items: AuditItem[]; nextBefore: number | null };
  const auditRowFor = (requestId: string) =>
    vi.waitFor(
      async () => {
        const { items } = await audit(`requestId=${requestId}`);
        expect(items).toHaveLength(1);
        return items[0] as AuditItem;
      },
      { timeout: 10_000, interval: 50 },
    );

  beforeAll(async () => {
    app = await bootTestApp({ clock, env: { AUDIT_FLUSH_INTERVAL_MS: '50', AUDIT_RETENTION_DAYS: '30' } });
    db = new pg.Client({ connectionString: app.database.url });
    await db.connect();
  });

  afterAll(async () => {
    await db?.end();
    await app?.close();
  });

  it('should record who did what to which target with the outcome, and never the secret of a created key', async () => {
    const created = await app.fetch('/auth/api-keys', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'audit-create-1' },
      body: JSON.stringify({ name: 'audited', scopes: ['market:read'] }),
    });
    const { key, id } = (await created.json()) as { key: string; id: string };
    const revoke = await app.fetch(`/auth/api-keys/${id}`, {
      method: 'DELETE',
      headers: { 'x-request-id': 'audit-revoke-1' },
    });
    expect(revoke.status).toBe(200);

    expect(await auditRowFor('audit-create-1')).toEqual({
      id: expect.any(Number) as number,
      occurredAt: new Date(START).toISOString(),
      requestId: 'audit-create-1',
      actorKind: 'api_key',
      actorId: 'testadmin001',
      actorName: 'bootstrap admin',
      method: 'POST',
      route: '/auth/api-keys',
      target: {},
      statusCode: 201,
      clientIp: '127.0.0.1',
    });
    expect(await auditRowFor('audit-revoke-1')).toMatchObject({
      method: 'DELETE',
      route: '/auth/api-keys/:id',
      target: { id },
      statusCode: 200,
    });
    const everything = await db.query('SELECT * FROM audit_log');
    const dump = JSON.stringify(everything.rows);
    expect(dump).not.toContain(key);
    expect(dump).not.toContain(key.slice(17));
  });

  it('should record refused mutations too, anonymous or under-scoped', async () => {
    await fetch(`${app.url}/instrument-sync`, { method: 'POST', headers: { 'x-request-id': 'audit-anon-1' } });
    const reader = await createKey(app, { scopes: ['market:read'] });
    await fetch(
      `${app.url}/accounts/primary/token`,
      withKey(reader.key, {
        method: 'PUT',
        headers: { 'x-request-id': 'audit-scope-1', 'content-type': 'application/json' },
        body: JSON.stringify({ accessToken: 'supersecrettoken123' }),
      }),
    );
    expect(await auditRowFor('audit-anon-1')).toMatchObject({ actorKind: 'anonymous', actorId: null, statusCode: 401 });
    expect(await auditRowFor('audit-scope-1')).toMatchObject({
      actorKind: 'api_key',
      actorId: reader.id,
      route: '/accounts/:id/token',
      target: { id: 'primary' },
      statusCode: 403,
    });
    expect(JSON.stringify((await db.query('SELECT * FROM audit_log')).rows)).not.toContain('supersecrettoken123');
  });

  it('should filter and paginate newest first', async () => {
    const actor = await createKey(app, { scopes: ['accounts:admin'] });
    for (const n of [1, 2, 3]) {
      await fetch(
        `${app.url}/auth/api-keys/zzzzzzzzzzz${n}`,
        withKey(actor.key, { method: 'DELETE', headers: { 'x-request-id': `page-${n}` } }),
      );
    }
    await auditRowFor('page-3');
    const first = await audit(`actorId=${actor.id}&limit=2`);
    expect(first.items.map((i) => i.requestId)).toEqual(['page-3', 'page-2']);
    expect(first.nextBefore).toBe(first.items[1]?.id);
    const second = await audit(`actorId=${actor.id}&limit=2&before=${first.nextBefore}`);
    expect(second.items.map((i) => i.requestId)).toEqual(['page-1']);
    expect(second.nextBefore).toBeNull();
    expect((await audit(`actorId=${actor.id}&statusCode=404&method=DELETE`)).items).toHaveLength(3);
    const bad = await app.fetch('/audit?limit=100000&actorKind=robot');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as Envelope).details).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'limit' }),
        expect.objectContaining({ field: 'actorKind' }),
      ]),
    );
  });

  it('should be append-only: updates and deletes are refused by the database', async () => {
    await expect(db.query('UPDATE audit_log SET status_code = 200')).rejects.toThrow(/append-only/);
    await expect(db.query('DELETE FROM audit_log')).rejects.toThrow(/append-only/);
    await expect(db.query('TRUNCATE audit_log')).rejects.toThrow(/append-only/);
  });

  it('should delete only entries older than the retention period, by the injected clock', async () => {
    await db.query(
      `INSERT INTO audit_log (occurred_at, request_id, actor_kind, method, route, status_code)
       VALUES ($1, 'ancient-1', 'anonymous', 'POST', '/x', 401), ($2, 'recent-1', 'anonymous', 'POST', '/x', 401)`,
      [new Date(clock.now() - 31 * DAY_MS), new Date(clock.now() - 29 * DAY_MS)],
    );
    expect(await app.service.app.get(AuditRetention).sweep()).toBe(1);
    const left = await db.query<{ request_id: string }>(
      `SELECT request_id FROM audit_log WHERE request_id IN ('ancient-1', 'recent-1')`,
    );
    expect(left.rows.map((r) => r.request_id)).toEqual(['recent-1']);
  });
});
