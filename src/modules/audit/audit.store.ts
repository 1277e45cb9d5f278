import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AuditEntry, AuditActorKind, StoredAuditEntry } from './audit-entry.js';

export interface AuditQuery {
  limit: number;
  /** Keyset cursor: entries with a smaller id (newest first). */
  before?: number;
  actorKind?: AuditActorKind;
  actorId?: string;
  method?: string;
  route?: string;
  statusCode?: number;
  requestId?: string;
  from?: Date;
  to?: Date;
}

interface AuditRow {
  audit_id: string;
  occurred_at: Date;
  request_id: string;
  actor_kind: AuditActorKind;
  actor_id: string | null;
  actor_name: string | null;
  method: string;
  route: string;
  target: Record<string, string>;
  status_code: number;
  client_ip: string | null;
}

const RETENTION_LOCK_SQL = `SELECT pg_try_advisory_xact_lock(hashtext('ticker-service:audit-retention')) AS locked`;

/** SQL for audit_log: batched inserts, filtered keyset reads, retention deletes (the only deletes allowed). */
@Injectable()
export class AuditStore {
  constructor(private readonly dataSource: DataSource) {}

  async insertBatch(entries: readonly AuditEntry[]): Promise<void> {
    const column = <T>(pick: (entry: AuditEntry) => T): T[] => entries.map(pick);
    await this.dataSource.query(
      `INSERT INTO audit_log (occurred_at, request_id, actor_kind, actor_id, actor_name, method, route, target,
                              status_code, client_ip)
       SELECT * FROM unnest($1::timestamptz[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                            $8::jsonb[], $9::smallint[], $10::text[])`,
      [
        column((e) => e.occurredAt),
        column((e) => e.requestId),
        column((e) => e.actorKind),
        column((e) => e.actorId),
        column((e) => e.actorName),
        column((e) => e.method),
        column((e) => e.route),
        column((e) => JSON.stringify(e.target)),
        column((e) => e.statusCode),
        column((e) => e.clientIp),
      ],
    );
  }

  async query(query: AuditQuery): Promise<StoredAuditEntry[]> {
    const conditions: string[] = [];
    const values: unknown[] = [];
    const add = (sql: string, value: unknown): void => {
      if (value !== undefined) {
        values.push(value);
        conditions.push(sql.replace('?', `$${values.length}`));
      }
    };
    add('audit_id < ?', query.before);
    add('actor_kind = ?', query.actorKind);
    add('actor_id = ?', query.actorId);
    add('method = ?', query.method);
    add('route = ?', query.route);
    add('status_code = ?', query.statusCode);
    add('request_id = ?', query.requestId);
    add('occurred_at >= ?', query.from);
    add('occurred_at < ?', query.to);
    values.push(query.limit);
    const rows = await this.dataSource.query<AuditRow[]>(
      `SELECT * FROM audit_log ${conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : ''}
       ORDER BY audit_id DESC LIMIT $${values.length}`,
      values,
    );
    return rows.map((row) => ({
      id: Number(row.audit_id),
      occurredAt: row.occurred_at,
      requestId: row.request_id,
      actorKind: row.actor_kind,
      actorId: row.actor_id,
      actorName: row.actor_name,
      method: row.method,
      route: row.route,
      target: row.target,
      statusCode: row.status_code,
      clientIp: row.client_ip,
    }));
  }

  /**
   * Deletes up to `batchSize` rows older than `cutoff`; undefined when another replica holds the
   * retention lock. Only this transaction may delete (the append-only trigger checks the setting).
   */
  deleteOlderThan(cutoff: Date, batchSize: number): Promise<number | undefined> {
    return this.dataSource.transaction(async (manager) => {
      const [{ locked } = { locked: false }] = await manager.query<{ locked: boolean }[]>(RETENTION_LOCK_SQL);
      if (!locked) {
        return undefined;
      }
      await manager.query(`SELECT set_config('ticker.audit_retention', 'on', true)`);
      const [{ deleted } = { deleted: 0 }] = await manager.query<{ deleted: number }[]>(
        `WITH gone AS (
           DELETE FROM audit_log WHERE audit_id IN (
             SELECT audit_id FROM audit_log WHERE occurred_at < $1 ORDER BY audit_id LIMIT $2
           ) RETURNING 1
         ) SELECT count(*)::int AS deleted FROM gone`,
        [cutoff, batchSize],
      );
      return deleted;
    });
  }
}
