import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import type { ParsedInstrument } from '../instrument.types.js';
import { INSTRUMENT_COLUMNS } from './instrument.repository.js';
import { InstrumentEntity } from './instrument.entity.js';

export interface ReplaceOutcome {
  inserted: number;
  updated: number;
  retired: number;
}

/** A full dump upsert touches ~100k rows: more than the default statement timeout allows on a slow disk. */
const SYNC_STATEMENT_TIMEOUT = '300s';

const COLUMNS = INSTRUMENT_COLUMNS;

/** Writes of the instrument master: the per-exchange bulk replace and expiry retirement. */
@Injectable()
export class InstrumentSyncRepository {
  constructor(@InjectRepository(InstrumentEntity) private readonly rows: Repository<InstrumentEntity>) {}

  /**
   * Makes the live rows of `exchange` exactly `instruments`, in one transaction: staged in chunks, then
   * rows missing from the dump (or whose token now names another contract) retired, then upserted.
   * Unchanged rows are not rewritten.
   */
  replaceExchange(
    exchange: string,
    instruments: readonly ParsedInstrument[],
    chunkSize: number,
  ): Promise<ReplaceOutcome> {
    return this.rows.manager.transaction(async (em) => {
      await em.query(`SET LOCAL statement_timeout = '${SYNC_STATEMENT_TIMEOUT}'`);
      await em.query(`CREATE TEMP TABLE instrument_staging (LIKE instrument INCLUDING DEFAULTS) ON COMMIT DROP`);
      for (let start = 0; start < instruments.length; start += chunkSize) {
        await this.stage(em, instruments.slice(start, start + chunkSize));
      }
      const [retired] = await em.query<{ n: number }[]>(
        `WITH retired AS (
           UPDATE instrument i SET retired_at = now(), updated_at = now()
            WHERE i.exchange = $1 AND i.retired_at IS NULL
              AND NOT EXISTS (SELECT 1 FROM instrument_staging s
                               WHERE s.instrument_token = i.instrument_token AND s.tradingsymbol = i.tradingsymbol)
            RETURNING 1)
         SELECT count(*)::int AS n FROM retired`,
        [exchange],
      );
      const [counts] = await em.query<{ inserted: number; updated: number }[]>(
        `WITH upserted AS (
           INSERT INTO instrument (${COLUMNS}) SELECT ${COLUMNS} FROM instrument_staging
           ON CONFLICT (instrument_token) DO UPDATE SET
             exchange_token = EXCLUDED.exchange_token, tradingsymbol = EXCLUDED.tradingsymbol, name = EXCLUDED.name,
             exchange = EXCLUDED.exchange, segment = EXCLUDED.segment, instrument_type = EXCLUDED.instrument_type,
             expiry = EXCLUDED.expiry, strike = EXCLUDED.strike, tick_size = EXCLUDED.tick_size,
             lot_size = EXCLUDED.lot_size, retired_at = NULL, updated_at = now()
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
      );
      return { inserted: counts?.inserted ?? 0, updated: counts?.updated ?? 0, retired: retired?.n ?? 0 };
    });
  }

  /** Retires live contracts whose expiry is before `tradingDay` (YYYY-MM-DD, IST), whatever their exchange. */
  async retireExpired(tradingDay: string): Promise<number> {
    const [row] = await this.rows.query<{ n: number }[]>(
      `WITH retired AS (
         UPDATE instrument SET retired_at = now(), updated_at = now()
          WHERE retired_at IS NULL AND expiry < $1::date RETURNING 1)
       SELECT count(*)::int AS n FROM retired`,
      [tradingDay],
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
