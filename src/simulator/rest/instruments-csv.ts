import { dayToDateString, istDayNumber } from '../../common/time/ist.js';
import type { SimInstrument } from '../contracts/simulator.contracts.js';
import type { MarketModel } from '../market/market-model.js';
import { roundTick } from '../market/market-model.js';

export const INSTRUMENTS_HEADER =
  'instrument_token,exchange_token,tradingsymbol,name,last_price,expiry,strike,tick_size,lot_size,instrument_type,segment,exchange';
const CRLF = '\r\n';

const instrumentType = (i: SimInstrument): string => (i.kind === 'INDEX' ? 'EQ' : i.kind);

/** Kite prints floats with at least one decimal in the dump (e.g. 24000.0). */
const decimal = (x: number): string => (Number.isInteger(x) ? x.toFixed(1) : String(x));

const row = (i: SimInstrument, lastPrice: number): string =>
  [
    i.instrumentToken,
    i.exchangeToken,
    i.tradingsymbol,
    `"${i.name}"`,
    lastPrice,
    i.expiry ?? '',
    decimal(i.strike),
    i.tickSize,
    i.lotSize,
    instrumentType(i),
    i.segment,
    i.exchange,
  ].join(',');

export interface DumpRequest {
  /** When `last_price` is taken (Kite's dump carries the previous close, not a live price). */
  listingMs: number;
  /** Contracts whose expiry date is before this instant's IST date are left out. */
  nowMs: number;
  exchange: string | undefined;
  trailingNewline: boolean;
}

/** The daily instrument dump (CRLF line endings, Kite's header). */
export const buildInstrumentsCsv = (market: MarketModel, req: DumpRequest): string => {
  const lines = [INSTRUMENTS_HEADER];
  const today = dayToDateString(istDayNumber(req.nowMs));
  for (const i of market.instruments()) {
    const listed = i.expiry === null || i.expiry >= today;
    if (listed && (req.exchange === undefined || i.exchange === req.exchange)) {
      lines.push(row(i, roundTick(market.fairPrice(i.instrumentToken, req.listingMs) ?? 0, i.tickSize)));
    }
  }
  return lines.join(CRLF) + (req.trailingNewline ? CRLF : '');
};
