import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import type { ExpiryCut } from '../contract-expiry.js';
import type { ParsedInstrument } from '../instrument.types.js';
import { INSTRUMENT_COLUMNS } from './instrument.repository.js';
import { InstrumentEntity } from './instrument.entity.js';

export interface ReplaceOutcome {
  inserted: number;
  updated: number;
  /** Live contracts whose token is gone from the dump. */
  retired: number;
  /** Tokens Kite reissued to another contract: the old contract leaves the master, the token row is rewritten. */
  recycled: number;
}

/**
 * Key of the session-level advisory lock that serialises instrument syncs across every instance sharing
 * the database ('TKIS' followed by 1: ticker instrument sync).
 */
export const INSTRUMENT_SYNC_LOCK_KEY = 0x544b_4953_0000_0001n;

export const SYNC_LOCKED = Symbol('instrument sync locked');

/** A full dump upsert touches ~100k rows: more than the default statement timeout allows on a slow disk. */
const SYNC_STATEMENT_TIMEOUT = '300s';

const COLUMNS = INSTRUMENT_COLUMNS;

/** Writes of the instrument master: the per-exchange bulk replace and expiry retirement. */
@Injectable()
export class InstrumentSyncRepository {
  constructor(@InjectRepository(InstrumentEntity) private readonly rows: Repository<InstrumentEntity>) {}

  /**
   * Runs `work` holding the instrument-sync advisory lock on a connection of its own, so two instances
   * syncing at the same cron minute never replace the master at once. Answers SYNC_LOCKED at once when
   * another instance holds it. The lock is released when `work` ends, or by PostgreSQL if this process dies.
   */
  async withSyncLock<T>(work: () => Promise<T>): Promise<T | typeof SYNC_LOCKED> {
    const runner = this.rows.manager.connection.createQueryRunner();
    await runner.connect();
    try {
      const rows = (await runner.query('SELECT pg_try_advisory_lock($1::bigint) AS locked', [
        INSTRUMENT_SYNC_LOCK_KEY.toString(),
      ])) as { locked: boolean }[];
      if (!rows[0]?.locked) {
        return SYNC_LOCKED;
      }
      try {
        return await work();
      } finally {
        await runner.query('SELECT pg_advisory_unlock($1::bigint)', [INSTRUMENT_SYNC_LOCK_KEY.toString()]);
      }
    } finally {
      await runner.release();
    }
  }

  /**
   * Makes the live rows of `exchange` exactly `instruments`, in one transaction: staged in chunks, then
   * rows missing from the dump (or whose token now names another contract) retired, then upserted.
   * Unchanged rows are not rewritten. Stamps are `nowMs` (the injected Clock), not the database's clock.
   */
  replaceExchange(
    exchange: string,
    instruments: readonly ParsedInstrument[],
    chunkSize: number,
    nowMs: number,
  ): Promise<ReplaceOutcome> {
    const stamp = new Date(nowMs);
    return this.rows.manager.transaction(async (em) => {
      await em.query(`SET LOCAL statement_timeout = '${SYNC_STATEMENT_TIMEOUT}'`);
      await em.query(`CREATE TEMP TABLE instrument_staging (LIKE instrument INCLUDING DEFAULTS) ON COMMIT DROP`);
      for (let start = 0; start < instruments.length; start += chunkSize) {
        await this.stage(em, instruments.slice(start, start + chunkSize));
      }
      // Kite reissues the tokens of expired contracts: such a token now names another contract.
      const [recycled] = await em.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM instrument_staging s JOIN instrument i USING (instrument_token)
          WHERE (i.exchange, i.tradingsymbol) IS DISTINCT FROM (s.exchange, s.tradingsymbol)`,
      );
      // Every live row whose (token, symbol) pair is gone leaves the master first, so that the upsert never
      // meets a live symbol on another token; only those whose token is gone altogether count as retired.
      const [retired] = await em.query<{ n: number }[]>(
        `WITH retired AS (
           UPDATE instrument i SET retired_at = $2, updated_at = $2
            WHERE i.exchange = $1 AND i.retired_at IS NULL
              AND NOT EXISTS (SELECT 1 FROM instrument_staging s
                               WHERE s.instrument_token = i.instrument_token AND s.tradingsymbol = i.tradingsymbol)
            RETURNING i.instrument_token)
         SELECT count(*) FILTER (WHERE NOT EXISTS (
                  SELECT 1 FROM instrument_staging s WHERE s.instrument_token = retired.instrument_token))::int AS n
           FROM retired`,
        [exchange, stamp],
      );
      const [counts] = await em.query<{ inserted: number; updated: number }[]>(
        `WITH upserted AS (
           INSERT INTO instrument (${COLUMNS}, first_seen_at, updated_at)
           SELECT ${COLUMNS}, $1, $1 FROM instrument_staging
           ON CONFLICT (instrument_token) DO UPDATE SET
             first_seen_at = CASE WHEN (instrument.exchange, instrument.tradingsymbol)
                                       IS DISTINCT FROM (EXCLUDED.exchange, EXCLUDED.tradingsymbol)
                                  THEN EXCLUDED.first_seen_at ELSE instrument.first_seen_at END,
             exchange_token = EXCLUDED.exchange_token, tradingsymbol = EXCLUDED.tradingsymbol, name = EXCLUDED.name,
             exchange = EXCLUDED.exchange, segment = EXCLUDED.segment, instrument_type = EXCLUDED.instrument_type,
             expiry = EXCLUDED.expiry, strike = EXCLUDED.strike, tick_size = EXCLUDED.tick_size,
             lot_size = EXCLUDED.lot_size, retired_at = NULL, updated_at = EXCLUDED.updated_at
           WHERE instrument.retired_at IS NOT NULL
              OR (instrument.exchange_token, instrument.tradingsymbol, instrument.name, instrument.exchange,
                  instrument.segment, instrument.instrument_type, instrument.expiry, instrument.strike,
                  instrument.tick_size, instrument.lot_size)
                 IS DISTINCT FROM
                 (EXCLUDED.exchange_token, EXCLUDED.tradingsymbol, EXCLUDED.name, EXCLUDED.exchange, EXCLUDED.segment,
                  EXCLUDED.instrument_type, EXCLUDED.expiry, EXCLUDED.strike, EXCLUDED.tick_size, EXCLUDED.lot_size)
           RETURNING (xmax = 0) AS inserted)
         SELECT count(*) FILTER (WHERE inserted)::int AS inserted, count(*) FILTER (WHERE NOT inserted)::int AS updated
           FROM upserted`,
        [stamp],
      );
      const recycledCount = recycled?.n ?? 0;
      return {
        inserted: counts?.inserted ?? 0,
        updated: (counts?.updated ?? 0) - recycledCount,
        retired: retired?.n ?? 0,
        recycled: recycledCount,
      };
    });
  }

  /** Retires live contracts that have expired by `cut` (see ExpiryCut), whatever their exchange. */
  async retireExpired(cut: ExpiryCut, nowMs: number): Promise<number> {
    const [row] = await this.rows.query<{ n: number }[]>(
      `WITH retired AS (
         UPDATE instrument SET retired_at = $3, updated_at = $3
          WHERE retired_at IS NULL
            AND (expiry < $1::date OR (expiry = $1::date AND exchange = ANY($2::text[])))
          RETURNING 1)
       SELECT count(*)::int AS n FROM retired`,
      [cut.today, cut.expiredToday, new Date(nowMs)],
    );
    return row?.n ?? 0;
  }

  async countLive(exchange: string): Promise<number> {
    const [row] = await this.rows.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM instrument WHERE exchange = $1 AND retired_at IS NULL`,
      [exchange],
    );
    return row?.n ?? 0;
  }

  private async stage(em: EntityManager, chunk: readonly ParsedInstrument[]): Promise<void> {
    await em.query(
      `INSERT INTO instrument_staging (${COLUMNS})
       SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                            $8::date[], $9::numeric[], $10::numeric[], $11::int[])`,
      [
        chunk.map((i) => i.instrumentToken),
        chunk.map((i) => i.exchangeToken),
        chunk.map((i) => i.tradingsymbol),
        chunk.map((i) => i.name),
        chunk.map((i) => i.exchange),
        chunk.map((i) => i.segment),
        chunk.map((i) => i.instrumentType),
        chunk.map((i) => i.expiry),
        chunk.map((i) => i.strike),
        chunk.map((i) => i.tickSize),
        chunk.map((i) => i.lotSize),
      ],
    );
  }
}
