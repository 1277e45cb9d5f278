import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import type { ExpiryCut } from '../contract-expiry.js';
import type { InstrumentFilter, OptionChainRow, StoredInstrument } from '../instrument.types.js';
import { InstrumentEntity } from './instrument.entity.js';

export const INSTRUMENT_COLUMNS = `instrument_token, exchange_token, tradingsymbol, name, exchange, segment, instrument_type,
  expiry, strike, tick_size, lot_size`;

const SELECT_INSTRUMENT = `SELECT instrument_token::text, exchange_token::text, tradingsymbol, name, exchange, segment,
  instrument_type, to_char(expiry, 'YYYY-MM-DD') AS expiry, strike::float8 AS strike, tick_size::float8 AS tick_size,
  lot_size, retired_at FROM instrument`;

interface InstrumentRow {
  instrument_token: string;
  exchange_token: string;
  tradingsymbol: string;
  name: string;
  exchange: string;
  segment: string;
  instrument_type: string;
  expiry: string | null;
  strike: number;
  tick_size: number;
  lot_size: number;
  retired_at: Date | null;
}

interface ChainRow {
  strike: number;
  instrument_type: 'CE' | 'PE';
  instrument_token: string;
  tradingsymbol: string;
  lot_size: number;
  tick_size: number;
}

const toStored = (row: InstrumentRow): StoredInstrument => ({
  instrumentToken: Number(row.instrument_token),
  exchangeToken: Number(row.exchange_token),
  tradingsymbol: row.tradingsymbol,
  name: row.name,
  exchange: row.exchange,
  segment: row.segment,
  instrumentType: row.instrument_type,
  expiry: row.expiry,
  strike: row.strike,
  tickSize: row.tick_size,
  lotSize: row.lot_size,
  retiredAt: row.retired_at,
});

/** Reads of the instrument master: by token, filtered pages, expiries and option chains. */
@Injectable()
export class InstrumentRepository {
  constructor(@InjectRepository(InstrumentEntity) private readonly rows: Repository<InstrumentEntity>) {}

  async findByToken(token: number): Promise<StoredInstrument | undefined> {
    const rows = await this.rows.query<InstrumentRow[]>(`${SELECT_INSTRUMENT} WHERE instrument_token = $1`, [token]);
    return rows[0] ? toStored(rows[0]) : undefined;
  }

  async search(
    filter: InstrumentFilter,
    limit: number,
    offset: number,
  ): Promise<{ items: StoredInstrument[]; total: number }> {
    const conditions: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      conditions.push(sql.replace('?', `$${params.length}`));
    };
    const columns: [keyof InstrumentFilter, string][] = [
      ['exchange', 'exchange = ?'],
      ['segment', 'segment = ?'],
      ['name', 'name = ?'],
      ['instrumentType', 'instrument_type = ?'],
      ['expiry', 'expiry = ?::date'],
      ['tradingsymbol', 'tradingsymbol = ?'],
    ];
    for (const [key, sql] of columns) {
      if (filter[key] !== undefined) {
        add(sql, filter[key]);
      }
    }
    if (!filter.includeRetired) {
      conditions.push('retired_at IS NULL');
    }
    const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
    const [countRow] = await this.rows.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM instrument ${where}`,
      params,
    );
    const rows = await this.rows.query<InstrumentRow[]>(
      `${SELECT_INSTRUMENT} ${where} ORDER BY instrument_token LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, limit, offset],
    );
    return { items: rows.map(toStored), total: countRow?.n ?? 0 };
  }

  /** Live option expiries of an underlying (Kite's `name`, e.g. NIFTY) not expired by `cut`, nearest first. */
  async optionExpiries(underlying: string, cut: ExpiryCut, limit: number): Promise<string[]> {
    const rows = await this.rows.query<{ expiry: string }[]>(
      `SELECT DISTINCT to_char(expiry, 'YYYY-MM-DD') AS expiry FROM instrument
        WHERE name = $1 AND retired_at IS NULL AND instrument_type IN ('CE', 'PE')
          AND (expiry > $2::date OR (expiry = $2::date AND NOT exchange = ANY($3::text[])))
        ORDER BY 1 LIMIT $4`,
      [underlying, cut.today, cut.expiredToday, limit],
    );
    return rows.map((r) => r.expiry);
  }

  async optionChain(underlying: string, expiry: string): Promise<OptionChainRow[]> {
    const rows = await this.rows.query<ChainRow[]>(
      `SELECT strike::float8 AS strike, instrument_type, instrument_token::text, tradingsymbol, lot_size,
              tick_size::float8 AS tick_size
         FROM instrument
        WHERE name = $1 AND expiry = $2::date AND retired_at IS NULL AND instrument_type IN ('CE', 'PE')
        ORDER BY strike, instrument_type`,
      [underlying, expiry],
    );
    const byStrike = new Map<number, OptionChainRow>();
    for (const row of rows) {
      const entry = byStrike.get(row.strike) ?? { strike: row.strike, ce: null, pe: null };
      const leg = {
        instrumentToken: Number(row.instrument_token),
        tradingsymbol: row.tradingsymbol,
        lotSize: row.lot_size,
        tickSize: row.tick_size,
      };
      if (row.instrument_type === 'CE') {
        entry.ce = leg;
      } else {
        entry.pe = leg;
      }
      byStrike.set(row.strike, entry);
    }
    return [...byStrike.values()];
  }
}
