import type { SimInstrument } from '../contracts/simulator.contracts.js';
import { MS_PER_DAY, istDayNumber, parseIstDateTime } from '../../common/time/ist.js';
import { CANDLE_INTERVALS, generateCandles, isCandleInterval } from '../market/candles.js';
import { inputError } from './http-kit.js';
import { buildInstrumentsCsv } from './instruments-csv.js';
import { fullQuote, ltpQuote, ohlcQuote } from './quote-format.js';
import type { KiteRequest, RestContext } from './rest-context.js';

const DIGITS_RE = /^\d+$/;
/** Distinct (exchange, day, format) dumps kept; the cache is simply reset when full. */
const MAX_CACHED_DUMPS = 32;
const KNOWN_EXCHANGES = new Set(['NSE', 'BSE', 'NFO', 'BFO', 'CDS', 'BCD', 'MCX', 'MCXSX', 'INDICES']);

export type QuoteKind = 'full' | 'ohlc' | 'ltp';

/** Dumps cached per exchange and IST day (Kite regenerates its dump daily); contracts past expiry drop out. */
export class InstrumentDumps {
  private readonly cache = new Map<string, string>();

  constructor(private readonly ctx: RestContext) {}

  csv(exchange: string | undefined): string {
    if (exchange !== undefined && !KNOWN_EXCHANGES.has(exchange)) {
      throw inputError('Invalid exchange.');
    }
    const now = this.ctx.clock.now();
    const key = `${exchange ?? ''}|${this.ctx.options.csvTrailingNewline}|${istDayNumber(now)}`;
    let csv = this.cache.get(key);
    if (csv === undefined) {
      if (this.cache.size >= MAX_CACHED_DUMPS) {
        this.cache.clear();
      }
      csv = buildInstrumentsCsv(this.ctx.market, {
        listingMs: this.ctx.market.options.anchorMs,
        nowMs: now,
        exchange,
        trailingNewline: this.ctx.options.csvTrailingNewline,
      });
      this.cache.set(key, csv);
    }
    return csv;
  }
}

const resolve = (ctx: RestContext, key: string): SimInstrument | undefined =>
  DIGITS_RE.test(key) ? ctx.market.instrument(Number(key)) : ctx.market.findBySymbol(key);

export const quote = (ctx: RestContext, req: KiteRequest, kind: QuoteKind): Record<string, unknown> => {
  const keys = req.query.getAll('i');
  const cap = kind === 'full' ? ctx.options.quoteCap : ctx.options.ltpOhlcCap;
  if (keys.length > cap) {
    throw inputError(`Too many instruments. Maximum allowed is ${cap}.`);
  }
  const now = ctx.clock.now();
  const result: Record<string, unknown> = {};
  for (const key of keys) {
    const instrument = resolve(ctx, key);
    if (!instrument || ctx.market.isExpired(instrument.instrumentToken, now)) {
      continue;
    }
    const state = ctx.market.tick(instrument.instrumentToken, now)!;
    result[key] =
      kind === 'full'
        ? fullQuote(instrument, state, now)
        : kind === 'ohlc'
          ? ohlcQuote(instrument, state)
          : ltpQuote(instrument, state);
  }
  return result;
};

export const historical = (ctx: RestContext, req: KiteRequest, token: string, interval: string): unknown => {
  if (!isCandleInterval(interval)) {
    throw inputError('invalid interval');
  }
  const instrument = DIGITS_RE.test(token) ? ctx.market.instrument(Number(token)) : undefined;
  if (!instrument) {
    throw inputError('invalid token');
  }
  const fromMs = parseIstDateTime(req.query.get('from') ?? '');
  const toMs = parseIstDateTime(req.query.get('to') ?? '');
  if (fromMs === undefined) {
    throw inputError('invalid from date');
  }
  if (toMs === undefined) {
    throw inputError('invalid to date');
  }
  if (fromMs > toMs) {
    throw inputError('from date should be earlier than to date');
  }
  const { maxDays } = CANDLE_INTERVALS[interval];
  if (toMs - fromMs > maxDays * MS_PER_DAY) {
    throw inputError(`interval exceeds max limit: ${maxDays} days`);
  }
  const candles = generateCandles(ctx.market, ctx.clock.calendar, {
    token: instrument.instrumentToken,
    interval,
    fromMs,
    toMs,
    nowMs: ctx.clock.now(),
    withOi: req.query.get('oi') === '1' || req.query.get('oi') === 'true',
  });
  return { candles };
};
