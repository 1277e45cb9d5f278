import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Login CSRF protection and configured-token bookkeeping.
 * - kite_login_state: the single-use state nonce each GET /accounts/{id}/login issues and Kite carries back
 *   through redirect_params. In PostgreSQL, so whichever replica the callback reaches can check it. Only a
 *   SHA-256 of the nonce is stored; rows are bounded per account and removed after they expire.
 * - kite_account.session_version counts stored sessions (every login, PUT /token or adopted token).
 * - kite_account.configured_token_*: the KITE_ACCOUNTS access_token last settled (its SHA-256 fingerprint,
 *   the session_version when it was settled, and how: adopted, passed_over for a valid stored session, or
 *   rejected by Kite), so a restart never re-adopts it over a session stored later.
 */
export class LoginStateAndConfiguredToken1764100000000 implements MigrationInterface {
  name = 'LoginStateAndConfiguredToken1764100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE kite_account
        ADD COLUMN session_version                 integer NOT NULL DEFAULT 0,
        ADD COLUMN configured_token_fingerprint    text    NULL,
        ADD COLUMN configured_token_session_version integer NULL,
        ADD COLUMN configured_token_outcome        text    NULL
          CHECK (configured_token_outcome IN ('adopted', 'passed_over', 'rejected'))`);
    await queryRunner.query(`
      CREATE TABLE kite_login_state (
        state_hash  text        PRIMARY KEY,
        account_id  text        NOT NULL REFERENCES kite_account (account_id) ON DELETE CASCADE,
        created_at  timestamptz NOT NULL,
        expires_at  timestamptz NOT NULL,
        used_at     timestamptz NULL,
        CHECK (expires_at > created_at)
      )`);
    await queryRunner.query(`CREATE INDEX kite_login_state_account_idx ON kite_login_state (account_id, created_at)`);
    await queryRunner.query(`CREATE INDEX kite_login_state_expiry_idx ON kite_login_state (expires_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE kite_login_state`);
    await queryRunner.query(`
      ALTER TABLE kite_account
        DROP COLUMN configured_token_outcome,
        DROP COLUMN configured_token_session_version,
        DROP COLUMN configured_token_fingerprint,
        DROP COLUMN session_version`);
  }
}
