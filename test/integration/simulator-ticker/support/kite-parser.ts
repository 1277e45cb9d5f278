import { KiteTicker } from 'kiteconnect';

/** A tick exactly as kiteconnect 5.3's own parser returns it (the JS client's field names). */
export interface ParsedTick {
  tradable: boolean;
  mode: 'ltp' | 'quote' | 'full';
  instrument_token: number;
  last_price: number;
  last_traded_quantity?: number;
  average_traded_price?: number;
  volume_traded?: number;
  total_buy_quantity?: number;
  total_sell_quantity?: number;
  ohlc?: { open: number; high: number; low: number; close: number };
  change?: number;
  last_trade_time?: Date | null;
  exchange_timestamp?: Date | null;
  oi?: number;
  oi_day_high?: number;
  oi_day_low?: number;
  depth?: {
    buy: { quantity: number; price: number; orders: number }[];
    sell: { quantity: number; price: number; orders: number }[];
  };
}

/**
 * kiteconnect's own binary parser. Constructing a KiteTicker does not connect (only `connect()` does, and its
 * lifecycle can call process.exit), and `parseBinary` is a pure function missing from the published types.
 */
export const createKiteParser = (): ((frame: ArrayBuffer) => ParsedTick[]) => {
  const ticker = new KiteTicker({
    api_key: 'parser-only',
    access_token: 'parser-only',
    reconnect: false,
  }) as unknown as {
    parseBinary(frame: ArrayBuffer): ParsedTick[];
  };
  return (frame) => ticker.parseBinary(frame);
};

export const toArrayBuffer = (buffer: Buffer): ArrayBuffer =>
  buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength) as ArrayBuffer;
