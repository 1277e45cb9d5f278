import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface ClaimedState {
  accountId: string;
  expiresAt: Date;
}

export type ClaimOutcome =
  { outcome: 'claimed'; state: ClaimedState } | { outcome: 'unknown' } | { outcome: 'reused'; state: ClaimedState };

/** kite_login_state: hashed single-use login nonces, shared by every replica through PostgreSQL. */
@Injectable()
export class LoginStateRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Stores a new state and, in the same transaction, keeps at most `maxPerAccount` unused, unexpired
   * states for the account (the oldest are evicted). Returns how many were evicted.
   */
  async insert(
    stateHash: string,
    accountId: string,
    createdAt: Date,
    expiresAt: Date,
    maxPerAccount: number,
  ): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(
        'INSERT INTO kite_login_state (state_hash, account_id, created_at, expires_at) VALUES ($1, $2, $3, $4)',
        [stateHash, accountId, createdAt, expiresAt],
      );
      const [, evicted] = await manager.query<[unknown, number]>(
        `DELETE FROM kite_login_state WHERE state_hash IN (
           SELECT state_hash FROM kite_login_state
            WHERE account_id = $1 AND used_at IS NULL AND expires_at > $2
            ORDER BY created_at DESC, state_hash
           OFFSET $3)`,
        [accountId, createdAt, maxPerAccount],
      );
      return evicted;
    });
  }

  /**
   * Marks the state used, atomically: of two callbacks racing with the same nonce (on any replicas), one
   * claims it and the other sees it reused. Expiry is judged by the caller, on its clock.
   */
  async claim(stateHash: string, accountId: string, usedAt: Date): Promise<ClaimOutcome> {
    const [rows] = await this.dataSource.query<[{ account_id: string; expires_at: Date }[], number]>(
      `UPDATE kite_login_state SET used_at = $3
        WHERE state_hash = $1 AND account_id = $2 AND used_at IS NULL
        RETURNING account_id, expires_at`,
      [stateHash, accountId, usedAt],
    );
    const claimed = rows[0];
    if (claimed) {
      return { outcome: 'claimed', state: { accountId: claimed.account_id, expiresAt: claimed.expires_at } };
    }
    const existing = await this.dataSource.query<{ account_id: string; expires_at: Date }[]>(
      'SELECT account_id, expires_at FROM kite_login_state WHERE state_hash = $1 AND account_id = $2',
      [stateHash, accountId],
    );
    const used = existing[0];
    return used
      ? { outcome: 'reused', state: { accountId: used.account_id, expiresAt: used.expires_at } }
      : { outcome: 'unknown' };
  }

  /** Removes every state that expired at or before `cutoff` (used or not); returns how many. */
  async deleteExpired(cutoff: Date): Promise<number> {
    const [, deleted] = await this.dataSource.query<[unknown, number]>(
      'DELETE FROM kite_login_state WHERE expires_at <= $1',
      [cutoff],
    );
    return deleted;
  }
}
