/** Kite's enumerations as the REST API accepts them (kite-protocol.md §3.2). */
export const KITE_EXCHANGES = ['NSE', 'BSE', 'NFO', 'BFO', 'CDS', 'BCD', 'MCX'] as const;
export type KiteExchange = (typeof KITE_EXCHANGES)[number];
export const KITE_TRANSACTION_TYPES = ['BUY', 'SELL'] as const;
export const KITE_PRODUCTS = ['CNC', 'NRML', 'MIS', 'MTF'] as const;
export type KiteProduct = (typeof KITE_PRODUCTS)[number];
export const KITE_ORDER_TYPES = ['MARKET', 'LIMIT', 'SL', 'SL-M'] as const;
export const KITE_VARIETIES = ['regular', 'amo', 'co', 'iceberg', 'auction'] as const;
export const KITE_MARGIN_SEGMENTS = ['equity', 'commodity'] as const;
export type KiteMarginSegment = (typeof KITE_MARGIN_SEGMENTS)[number];
/** Cash-segment exchanges: delivery (CNC) products, lot size 1. */
export const KITE_CASH_EXCHANGES: ReadonlySet<string> = new Set(['NSE', 'BSE']);
/** Kite's order and GTT tag: alphanumeric, at most 20 characters. */
export const KITE_TAG_PATTERN = /^[A-Za-z0-9]{1,20}$/;
/** An exchange tradingsymbol (letters, digits and the few symbols NSE uses, e.g. `M&M`, `BAJAJ-AUTO`). */
export const KITE_TRADINGSYMBOL_PATTERN = /^[A-Z0-9][A-Z0-9&_.\- ]{0,49}$/;
