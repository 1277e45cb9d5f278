import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * API keys (only a scrypt hash of the secret is stored; the key id is public and is the lookup key) and
 * the append-only audit trail. A trigger refuses UPDATE, TRUNCATE and DELETE on audit_log; the retention
 * job alone may delete, by setting `ticker.audit_retention = on` for its own transaction.
 */
export class ApiKeysAndAuditLog1764300000000 implements MigrationInterface {
  name = 'ApiKeysAndAuditLog1764300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE api_key (
        key_id        text        PRIMARY KEY CHECK (key_id ~ '^[a-z0-9]{12}$'),
        name          text        NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
        secret_hash   text        NOT NULL,
        scopes        text[]      NOT NULL CHECK (cardinality(scopes) > 0),
        accounts      text[]      NULL,
        expires_at    timestamptz NULL,
        created_at    timestamptz NOT NULL,
        created_by    text        NOT NULL,
        revoked_at    timestamptz NULL,
        revoked_by    text        NULL,
        last_used_at  timestamptz NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE audit_log (
        audit_id     bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        occurred_at  timestamptz NOT NULL,
        request_id   text        NOT NULL,
        actor_kind   text        NOT NULL,
        actor_id     text        NULL,
        actor_name   text        NULL,
        method       text        NOT NULL,
        route        text        NOT NULL,
        target       jsonb       NOT NULL DEFAULT '{}'::jsonb,
        status_code  smallint    NOT NULL,
        client_ip    text        NULL
      )`);
    await queryRunner.query(`CREATE INDEX audit_log_occurred_at_idx ON audit_log (occurred_at)`);
    await queryRunner.query(`CREATE INDEX audit_log_actor_idx ON audit_log (actor_id, audit_id)`);
    await queryRunner.query(`
      CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' AND current_setting('ticker.audit_retention', true) = 'on' THEN
          RETURN OLD;
        END IF;
        RAISE EXCEPTION 'audit_log is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
      END
      $$`);
    await queryRunner.query(`
      CREATE TRIGGER audit_log_no_update_delete BEFORE UPDATE OR DELETE ON audit_log
      FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`);
    await queryRunner.query(`
      CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
      FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE audit_log`);
    await queryRunner.query(`DROP FUNCTION audit_log_append_only()`);
    await queryRunner.query(`DROP TABLE api_key`);
  }
}
