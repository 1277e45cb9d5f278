import { describe, expect, it } from 'vitest';
import { parseIstDateTime } from '../../../common/time/index.js';
import { expiryCutAt } from '../contract-expiry.js';
import { parseInstrumentDump } from './instrument-dump.parser.js';

/** A row as kiteconnect hands it over: string tokens, parsed numbers, expiry as a UTC-midnight Date. */
const row = (overrides: Record<string, unknown> = {}) => ({
  instrument_token: '12073986',
  exchange_token: '47164',
  tradingsymbol: 'NIFTY26DEC24500CE',
  name: 'NIFTY',
  last_price: 0,
  expiry: new Date('2026-12-29'),
  strike: 24500,
  tick_size: 0.05,
  lot_size: 65,
  instrument_type: 'CE',
  segment: 'NFO-OPT',
  exchange: 'NFO',
  ...overrides,
});
/** The row papaparse produces from a trailing newline. */
const JUNK = {
  instrument_token: '',
  last_price: Number.NaN,
  strike: Number.NaN,
  tick_size: Number.NaN,
  lot_size: Number.NaN,
};
const SEGMENTS = new Set(['INDICES', 'NFO-OPT', 'NFO-FUT', 'CDS-OPT']);
const at = (ist: string) => ({ segments: SEGMENTS, expiryCut: expiryCutAt(parseIstDateTime(ist)!) });
const options = at('2026-11-25 08:30:00');

describe('parseInstrumentDump', () => {
  it('should turn string tokens into numbers and the expiry Date back into its dump date', () => {
    const { rows } = parseInstrumentDump([row()], options);
    expect(rows).toEqual([
      {
        instrumentToken: 12073986,
        exchangeToken: 47164,
        tradingsymbol: 'NIFTY26DEC24500CE',
        name: 'NIFTY',
        exchange: 'NFO',
        segment: 'NFO-OPT',
        instrumentType: 'CE',
        expiry: '2026-12-29',
        strike: 24500,
        tickSize: 0.05,
        lotSize: 65,
      },
    ]);
  });

  it('should drop the trailing junk row and count it', () => {
    const result = parseInstrumentDump([row(), JUNK], options);
    expect(result.rows).toHaveLength(1);
    expect(result.junk).toBe(1);
  });

  it('should keep indices (no expiry) and skip segments not configured', () => {
    const index = row({
      instrument_token: '256265',
      exchange_token: '1001',
      tradingsymbol: 'NIFTY 50',
      name: 'NIFTY 50',
      expiry: '',
      strike: 0,
      lot_size: 0,
      instrument_type: 'EQ',
      segment: 'INDICES',
      exchange: 'NSE',
    });
    const equity = row({
      instrument_token: '738561',
      tradingsymbol: 'RELIANCE',
      segment: 'NSE',
      exchange: 'NSE',
      instrument_type: 'EQ',
      expiry: '',
    });
    const result = parseInstrumentDump([index, equity], options);
    expect(result.rows.map((r) => [r.tradingsymbol, r.expiry])).toEqual([['NIFTY 50', null]]);
    expect(result.skipped).toBe(1);
  });

  it('should leave out contracts that expired before the trading day but keep those expiring on it', () => {
    const result = parseInstrumentDump(
      [
        row({ expiry: new Date('2026-11-24') }),
        row({ instrument_token: '2', tradingsymbol: 'B', expiry: new Date('2026-11-25') }),
      ],
      options,
    );
    expect(result.expired).toBe(1);
    expect(result.rows.map((r) => r.expiry)).toEqual(['2026-11-25']);
  });

  it.each([
    ['2026-11-25 15:29:59', ['2026-11-25', '2026-11-25']],
    ['2026-11-25 15:30:00', ['2026-11-25']],
    ['2026-11-25 23:59:00', ['2026-11-25']],
  ])('should drop NFO contracts expiring today once 15:30 IST has passed, at %s', (now, keptExpiries) => {
    const currency = row({
      instrument_token: '3',
      tradingsymbol: 'USDINR26NOV84CE',
      exchange: 'CDS',
      segment: 'CDS-OPT',
      expiry: new Date('2026-11-25'),
    });
    const result = parseInstrumentDump([row({ expiry: new Date('2026-11-25') }), currency], at(now));
    expect(result.rows.map((r) => r.expiry)).toEqual(keptExpiries);
    expect(result.rows.at(-1)?.exchange).toBe('CDS');
    expect(result.expired).toBe(2 - keptExpiries.length);
  });

  it('should reject rows with unusable fields and keep the first of duplicate tokens or symbols', () => {
    const result = parseInstrumentDump(
      [
        row(),
        row({ tradingsymbol: 'OTHER' }),
        row({ instrument_token: '99', exchange_token: '98' }),
        row({ instrument_token: 'abc', tradingsymbol: 'X1' }),
        row({ instrument_token: '5', tradingsymbol: 'X2', lot_size: Number.NaN }),
        row({ instrument_token: '6', tradingsymbol: 'X3', expiry: new Date('nonsense') }),
        row({ instrument_token: '7', tradingsymbol: '' }),
      ],
      options,
    );
    expect(result.rows).toHaveLength(1);
    expect(result.duplicates).toBe(2);
    expect(result.invalid).toBe(4);
  });
});
