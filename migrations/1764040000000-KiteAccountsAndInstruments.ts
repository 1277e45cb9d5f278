import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Kite accounts (secrets sealed with AES-256-GCM by the application, never stored in clear) and the
 * instrument master. Instruments are keyed by Kite's token; tokens are recycled across expiries, so a
 * token's row is overwritten by its new contract and retired rows keep only their last identity.
 */
export class KiteAccountsAndInstruments1764040000000 implements MigrationInterface {
  name = 'KiteAccountsAndInstruments1764040000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE kite_account (
        account_id           text        PRIMARY KEY,
        api_key              text        NOT NULL,
        api_secret_sealed    text        NOT NULL,
        access_token_sealed  text        NULL,
        status               text        NOT NULL DEFAULT 'needs_login'
                                         CHECK (status IN ('active', 'needs_login', 'disabled')),
        status_reason        text        NULL,
        kite_user_id         text        NULL,
        last_login_at        timestamptz NULL,
        token_expires_at     timestamptz NULL,
        created_at           timestamptz NOT NULL DEFAULT now(),
        updated_at           timestamptz NOT NULL DEFAULT now(),
        CHECK (status <> 'active' OR access_token_sealed IS NOT NULL)
      )`);
    await queryRunner.query(`
      CREATE TABLE instrument (
        instrument_token  bigint        PRIMARY KEY,
        exchange_token    bigint        NOT NULL,
        tradingsymbol     text          NOT NULL,
        name              text          NOT NULL DEFAULT '',
        exchange          text          NOT NULL,
        segment           text          NOT NULL,
        instrument_type   text          NOT NULL,
        expiry            date          NULL,
        strike            numeric(14,4) NOT NULL DEFAULT 0,
        tick_size         numeric(12,6) NOT NULL,
        lot_size          integer       NOT NULL,
        first_seen_at     timestamptz   NOT NULL DEFAULT now(),
        updated_at        timestamptz   NOT NULL DEFAULT now(),
        retired_at        timestamptz   NULL
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX instrument_live_symbol_uq ON instrument (exchange, tradingsymbol) WHERE retired_at IS NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX instrument_live_chain_idx ON instrument (name, expiry, strike) WHERE retired_at IS NULL AND instrument_type IN ('CE', 'PE')`,
    );
    await queryRunner.query(`CREATE INDEX instrument_exchange_segment_idx ON instrument (exchange, segment)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE instrument`);
    await queryRunner.query(`DROP TABLE kite_account`);
  }
}
