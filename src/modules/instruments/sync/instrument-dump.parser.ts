import { type ExpiryCut, hasExpired } from '../contract-expiry.js';
import type { ParsedInstrument } from '../instrument.types.js';

export interface DumpParseResult {
  rows: ParsedInstrument[];
  /** Rows without an instrument token: the trailing junk row a final newline produces, blank lines. */
  junk: number;
  /** Rows with a token but unusable fields. */
  invalid: number;
  /** Rows of segments we do not keep. */
  skipped: number;
  /** Contracts already expired: before today, or today's after their exchange's close. */
  expired: number;
  /** Later rows repeating a token or a tradingsymbol (first wins). */
  duplicates: number;
}

const MAX_TOKEN = 2 ** 32 - 1;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

const text = (value: unknown): string => (typeof value === 'string' ? value.trim() : '');

const toToken = (value: unknown): number | undefined => {
  const token = Number(text(value));
  return text(value) !== '' && Number.isInteger(token) && token > 0 && token <= MAX_TOKEN ? token : undefined;
};

const toNumber = (value: unknown): number | undefined => {
  const n = typeof value === 'number' ? value : Number(text(value));
  return Number.isFinite(n) ? n : undefined;
};

/** kiteconnect turns "YYYY-MM-DD" into a Date at UTC midnight; the UTC date is therefore the dump's date. */
const toExpiry = (value: unknown): string | null | undefined => {
  if (value instanceof Date) {
    return Number.isNaN(value.getTime()) ? undefined : value.toISOString().slice(0, 10);
  }
  const raw = text(value);
  if (raw === '') {
    return null;
  }
  return DATE_ONLY.test(raw) ? raw : undefined;
};

const parseRow = (row: Record<string, unknown>): ParsedInstrument | undefined => {
  const instrumentToken = toToken(row.instrument_token);
  const exchangeToken = toToken(row.exchange_token);
  const expiry = toExpiry(row.expiry);
  const strike = toNumber(row.strike ?? 0) ?? 0;
  const tickSize = toNumber(row.tick_size);
  const lotSize = toNumber(row.lot_size);
  const tradingsymbol = text(row.tradingsymbol);
  if (
    instrumentToken === undefined ||
    exchangeToken === undefined ||
    expiry === undefined ||
    tickSize === undefined ||
    tickSize < 0 ||
    lotSize === undefined ||
    !Number.isInteger(lotSize) ||
    lotSize < 0 ||
    strike < 0 ||
    tradingsymbol === '' ||
    text(row.exchange) === '' ||
    text(row.instrument_type) === ''
  ) {
    return undefined;
  }
  return {
    instrumentToken,
    exchangeToken,
    tradingsymbol,
    name: text(row.name),
    exchange: text(row.exchange),
    segment: text(row.segment),
    instrumentType: text(row.instrument_type),
    expiry,
    strike,
    tickSize,
    lotSize,
  };
};

/**
 * Validates the rows kiteconnect parsed from an instrument dump: string tokens become numbers, the junk
 * row is dropped, other segments are skipped, expired contracts left out, duplicates removed.
 */
export const parseInstrumentDump = (
  rows: readonly unknown[],
  options: { segments: ReadonlySet<string>; expiryCut: ExpiryCut },
): DumpParseResult => {
  const result: DumpParseResult = { rows: [], junk: 0, invalid: 0, skipped: 0, expired: 0, duplicates: 0 };
  const tokens = new Set<number>();
  const symbols = new Set<string>();
  for (const raw of rows) {
    const row = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
    if (text(row.instrument_token) === '') {
      result.junk += 1;
      continue;
    }
    const parsed = parseRow(row);
    if (!parsed) {
      result.invalid += 1;
    } else if (!options.segments.has(parsed.segment)) {
      result.skipped += 1;
    } else if (hasExpired(parsed.expiry, parsed.exchange, options.expiryCut)) {
      result.expired += 1;
    } else if (tokens.has(parsed.instrumentToken) || symbols.has(`${parsed.exchange}:${parsed.tradingsymbol}`)) {
      result.duplicates += 1;
    } else {
      tokens.add(parsed.instrumentToken);
      symbols.add(`${parsed.exchange}:${parsed.tradingsymbol}`);
      result.rows.push(parsed);
    }
  }
  return result;
};
