import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Idempotency keys of GTT placements, per credential: the request's hash, the account, the trigger id
 * once Kite answered, and the state of the attempt (in progress, completed, or unknown after a timeout).
 * Rows expire after the configured retention and are purged in the background.
 */
export class GttIdempotencyKeys1764250000000 implements MigrationInterface {
  name = 'GttIdempotencyKeys1764250000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE gtt_idempotency_key (
        credential_id       text        NOT NULL,
        idempotency_key     text        NOT NULL,
        request_hash        text        NOT NULL,
        account_id          text        NOT NULL,
        state               text        NOT NULL CHECK (state IN ('in_progress', 'completed', 'unknown')),
        trigger_id          bigint      NULL,
        attempt_started_at  timestamptz NOT NULL,
        created_at          timestamptz NOT NULL,
        expires_at          timestamptz NOT NULL,
        PRIMARY KEY (credential_id, idempotency_key),
        CHECK (state <> 'completed' OR trigger_id IS NOT NULL)
      )`);
    await queryRunner.query(`CREATE INDEX gtt_idempotency_key_expires_idx ON gtt_idempotency_key (expires_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE gtt_idempotency_key`);
  }
}
