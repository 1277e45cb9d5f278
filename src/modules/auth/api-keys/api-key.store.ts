import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { isScope, type Scope } from '../../../common/auth/index.js';

export interface ApiKeyRecord {
  keyId: string;
  name: string;
  secretHash: string;
  scopes: Scope[];
  /** Trading accounts the key may act on; null = all. */
  accounts: string[] | null;
  expiresAt: Date | null;
  createdAt: Date;
  createdBy: string;
  revokedAt: Date | null;
  revokedBy: string | null;
  lastUsedAt: Date | null;
}

interface ApiKeyRow {
  key_id: string;
  name: string;
  secret_hash: string;
  scopes: string[];
  accounts: string[] | null;
  expires_at: Date | null;
  created_at: Date;
  created_by: string;
  revoked_at: Date | null;
  revoked_by: string | null;
  last_used_at: Date | null;
}

const COLUMNS =
  'key_id, name, secret_hash, scopes, accounts, expires_at, created_at, created_by, revoked_at, revoked_by, last_used_at';
// One lock id for "seed the first key", so two replicas starting on an empty table seed it once.
const BOOTSTRAP_LOCK_SQL = `SELECT pg_advisory_xact_lock(hashtext('ticker-service:api-key-bootstrap'))`;

const toRecord = (row: ApiKeyRow): ApiKeyRecord => ({
  keyId: row.key_id,
  name: row.name,
  secretHash: row.secret_hash,
  // A scope removed from the code no longer grants anything.
  scopes: row.scopes.filter(isScope),
  accounts: row.accounts,
  expiresAt: row.expires_at,
  createdAt: row.created_at,
  createdBy: row.created_by,
  revokedAt: row.revoked_at,
  revokedBy: row.revoked_by,
  lastUsedAt: row.last_used_at,
});

/** SQL for the api_key table. Used by the service and by the `npm run apikey` CLI alike. */
@Injectable()
export class ApiKeyStore {
  constructor(private readonly dataSource: DataSource) {}

  async insert(record: ApiKeyRecord, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.query(`INSERT INTO api_key (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`, [
      record.keyId,
      record.name,
      record.secretHash,
      record.scopes,
      record.accounts,
      record.expiresAt,
      record.createdAt,
      record.createdBy,
      record.revokedAt,
      record.revokedBy,
      record.lastUsedAt,
    ]);
  }

  async findById(keyId: string): Promise<ApiKeyRecord | undefined> {
    const rows = await this.dataSource.query<ApiKeyRow[]>(`SELECT ${COLUMNS} FROM api_key WHERE key_id = $1`, [keyId]);
    return rows[0] === undefined ? undefined : toRecord(rows[0]);
  }

  async list(options: { includeRevoked: boolean; limit: number }): Promise<ApiKeyRecord[]> {
    const rows = await this.dataSource.query<ApiKeyRow[]>(
      `SELECT ${COLUMNS} FROM api_key ${options.includeRevoked ? '' : 'WHERE revoked_at IS NULL'}
       ORDER BY created_at DESC, key_id LIMIT $1`,
      [options.limit],
    );
    return rows.map(toRecord);
  }

  /** Marks the key revoked (once: a second revoke keeps the first time). Undefined when there is no such key. */
  async revoke(keyId: string, at: Date, by: string): Promise<ApiKeyRecord | undefined> {
    await this.dataSource.query(
      `UPDATE api_key SET revoked_at = $2, revoked_by = $3 WHERE key_id = $1 AND revoked_at IS NULL`,
      [keyId, at, by],
    );
    return this.findById(keyId);
  }

  /**
   * Inserts the record only if the table has never held a key, under an advisory lock so concurrent
   * replicas agree on one first key. Returns whether it was inserted.
   */
  insertIfNoKeyEverExisted(record: ApiKeyRecord): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(BOOTSTRAP_LOCK_SQL);
      const [{ any } = { any: true }] = await manager.query<{ any: boolean }[]>(
        'SELECT EXISTS (SELECT 1 FROM api_key) AS any',
      );
      if (any) {
        return false;
      }
      await this.insert(record, manager);
      return true;
    });
  }

  /** One statement for a whole batch; never moves last_used_at backwards. */
  async recordLastUsed(entries: ReadonlyMap<string, number>): Promise<void> {
    if (entries.size === 0) {
      return;
    }
    await this.dataSource.query(
      `UPDATE api_key AS k SET last_used_at = GREATEST(COALESCE(k.last_used_at, u.used_at), u.used_at)
       FROM unnest($1::text[], $2::timestamptz[]) AS u(key_id, used_at) WHERE k.key_id = u.key_id`,
      [[...entries.keys()], [...entries.values()].map((ms) => new Date(ms))],
    );
  }
}
