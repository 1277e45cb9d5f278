import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { GttIdempotencyKeyEntity } from './gtt-idempotency-key.entity.js';

export type IdempotencyState = 'in_progress' | 'completed' | 'unknown';

export interface IdempotencyRecord {
  credentialId: string;
  key: string;
  requestHash: string;
  accountId: string;
  state: IdempotencyState;
  triggerId: number | null;
  attemptStartedAt: Date;
}

export interface IdempotencyClaim {
  credentialId: string;
  key: string;
  requestHash: string;
  accountId: string;
  now: Date;
  expiresAt: Date;
}

interface Row {
  credential_id: string;
  idempotency_key: string;
  request_hash: string;
  account_id: string;
  state: IdempotencyState;
  trigger_id: string | null;
  attempt_started_at: Date;
}

/** Rows deleted per purge statement, so a large backlog never holds one long lock. */
const PURGE_BATCH = 5_000;

/** The idempotency records of GTT placements (table gtt_idempotency_key), one row per credential and key. */
@Injectable()
export class GttIdempotencyRepository {
  constructor(@InjectRepository(GttIdempotencyKeyEntity) private readonly rows: Repository<GttIdempotencyKeyEntity>) {}

  /**
   * Inserts an in-progress record; false when the credential already holds the key. A record past its
   * retention that is not purged yet is replaced, as if it were gone.
   */
  async claim(c: IdempotencyClaim): Promise<boolean> {
    const inserted = await this.rows.query<unknown[]>(
      `INSERT INTO gtt_idempotency_key
         (credential_id, idempotency_key, request_hash, account_id, state, attempt_started_at, created_at, expires_at)
       VALUES ($1, $2, $3, $4, 'in_progress', $5, $5, $6)
       ON CONFLICT (credential_id, idempotency_key) DO UPDATE SET
         request_hash = EXCLUDED.request_hash, account_id = EXCLUDED.account_id, state = 'in_progress',
         trigger_id = NULL, attempt_started_at = EXCLUDED.attempt_started_at, created_at = EXCLUDED.created_at,
         expires_at = EXCLUDED.expires_at
       WHERE gtt_idempotency_key.expires_at <= EXCLUDED.created_at
       RETURNING 1`,
      [c.credentialId, c.key, c.requestHash, c.accountId, c.now, c.expiresAt],
    );
    return inserted.length === 1;
  }

  /** The live record of a key (an expired one counts as absent until it is purged). */
  async find(credentialId: string, key: string, now: Date): Promise<IdempotencyRecord | undefined> {
    const [row] = await this.rows.query<Row[]>(
      `SELECT credential_id, idempotency_key, request_hash, account_id, state, trigger_id, attempt_started_at
         FROM gtt_idempotency_key
        WHERE credential_id = $1 AND idempotency_key = $2 AND expires_at > $3`,
      [credentialId, key, now],
    );
    return row && toRecord(row);
  }

  async complete(credentialId: string, key: string, triggerId: number): Promise<void> {
    await this.rows.query(
      `UPDATE gtt_idempotency_key SET state = 'completed', trigger_id = $3
        WHERE credential_id = $1 AND idempotency_key = $2`,
      [credentialId, key, triggerId],
    );
  }

  async markUnknown(credentialId: string, key: string): Promise<void> {
    await this.rows.query(
      `UPDATE gtt_idempotency_key SET state = 'unknown' WHERE credential_id = $1 AND idempotency_key = $2`,
      [credentialId, key],
    );
  }

  /** Frees a key whose attempt certainly created nothing (Kite refused it, or it never left). */
  async release(credentialId: string, key: string): Promise<void> {
    await this.rows.query(
      `DELETE FROM gtt_idempotency_key
        WHERE credential_id = $1 AND idempotency_key = $2 AND state <> 'completed'`,
      [credentialId, key],
    );
  }

  /** Takes over an unfinished attempt (unknown, or stale in progress) for a new one; false if someone else did. */
  async reclaim(credentialId: string, key: string, previousStart: Date, now: Date): Promise<boolean> {
    const [{ n }] = await this.rows.query<[{ n: number }]>(
      `WITH taken AS (
         UPDATE gtt_idempotency_key SET state = 'in_progress', attempt_started_at = $4
          WHERE credential_id = $1 AND idempotency_key = $2 AND state <> 'completed' AND attempt_started_at = $3
          RETURNING 1)
       SELECT count(*)::int AS n FROM taken`,
      [credentialId, key, previousStart, now],
    );
    return n === 1;
  }

  /** Deletes expired records in batches; returns how many. */
  async purgeExpired(now: Date): Promise<number> {
    let total = 0;
    for (;;) {
      // UPDATE/DELETE results come back as [rows, count] from TypeORM: a CTE keeps the answer a plain row.
      const [{ n }] = await this.rows.query<[{ n: number }]>(
        `WITH purged AS (
           DELETE FROM gtt_idempotency_key
            WHERE ctid IN (SELECT ctid FROM gtt_idempotency_key WHERE expires_at <= $1 LIMIT ${PURGE_BATCH})
            RETURNING 1)
         SELECT count(*)::int AS n FROM purged`,
        [now],
      );
      total += n;
      if (n < PURGE_BATCH) {
        return total;
      }
    }
  }
}

const toRecord = (row: Row): IdempotencyRecord => ({
  credentialId: row.credential_id,
  key: row.idempotency_key,
  requestHash: row.request_hash,
  accountId: row.account_id,
  state: row.state,
  triggerId: row.trigger_id === null ? null : Number(row.trigger_id),
  attemptStartedAt: row.attempt_started_at,
});
