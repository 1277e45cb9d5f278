import { expect } from 'vitest';
import { DEPTH_LEVELS, DEPTH_SLOTS, PacketKind, type TickBatch } from '../../src/common/market-data/index.js';
import type { ParsedTick } from '../integration/simulator-ticker/support/kite-parser.js';

export {
  createKiteParser as createOfficialParser,
  toArrayBuffer,
} from '../integration/simulator-ticker/support/kite-parser.js';

const MODE_OF_KIND: Record<number, ParsedTick['mode']> = {
  [PacketKind.Ltp]: 'ltp',
  [PacketKind.Quote]: 'quote',
  [PacketKind.Full]: 'full',
  [PacketKind.IndexQuote]: 'quote',
  [PacketKind.IndexFull]: 'full',
};

const msOrNull = (ms: number): number | null => (ms === 0 ? null : ms);
const dateMs = (date: Date | null | undefined): number | null => (date ? date.getTime() : null);

/**
 * Field-by-field comparison of our batch slots [0, batch.length) with kiteconnect's ticks from index `from`.
 * Values must be equal to the bit (same divisions), with the documented differences: tokens and 4-byte
 * fields unsigned (the random frames keep them below 2^31, where both agree), the index "change" field
 * kept as sent (kiteconnect turns it into a percentage when close ≠ 0), timestamps as epoch ms (0 = none).
 * Compares without `expect` per field (100,000 packets × 40 fields), then fails with the first mismatch.
 */
export const expectSameTicks = (batch: TickBatch, expected: readonly ParsedTick[], from: number): void => {
  const mismatches: string[] = [];
  const same = (where: string, field: string, ours: unknown, theirs: unknown): void => {
    if (!Object.is(ours, theirs) && mismatches.length < 5) {
      mismatches.push(`${where} ${field}: ours ${String(ours)}, kiteconnect ${String(theirs)}`);
    }
  };
  for (let i = 0; i < batch.length; i++) {
    const tick = expected[from + i]!;
    const kind = batch.kind[i]!;
    const where = `packet ${from + i} (token ${tick.instrument_token}, ${tick.mode})`;
    same(where, 'token', batch.token[i], tick.instrument_token >>> 0);
    same(where, 'mode', MODE_OF_KIND[kind], tick.mode);
    same(where, 'last_price', batch.lastPrice[i], tick.last_price);
    if (kind === PacketKind.Ltp) {
      continue;
    }
    same(where, 'open', batch.open[i], tick.ohlc!.open);
    same(where, 'high', batch.high[i], tick.ohlc!.high);
    same(where, 'low', batch.low[i], tick.ohlc!.low);
    same(where, 'close', batch.close[i], tick.ohlc!.close);
    if (kind === PacketKind.IndexQuote || kind === PacketKind.IndexFull) {
      const close = tick.ohlc!.close;
      if (close === 0) {
        // kiteconnect keeps the raw (undivided) field; ours is divided by the segment's divisor.
        same(where, 'change (raw)', Math.round(batch.change[i]! * divisorOf(tick.instrument_token)), tick.change);
      } else {
        same(where, 'change (%)', ((tick.last_price - close) * 100) / close, tick.change);
      }
      if (kind === PacketKind.IndexFull) {
        same(where, 'exchange_timestamp', msOrNull(batch.exchangeTimeMs[i]!), dateMs(tick.exchange_timestamp));
      }
      continue;
    }
    same(where, 'last_traded_quantity', batch.lastQuantity[i], tick.last_traded_quantity);
    same(where, 'average_traded_price', batch.averagePrice[i], tick.average_traded_price);
    same(where, 'volume_traded', batch.volume[i], tick.volume_traded);
    same(where, 'total_buy_quantity', batch.totalBuyQuantity[i], tick.total_buy_quantity);
    same(where, 'total_sell_quantity', batch.totalSellQuantity[i], tick.total_sell_quantity);
    if (kind !== PacketKind.Full) {
      continue;
    }
    same(where, 'last_trade_time', msOrNull(batch.lastTradeTimeMs[i]!), dateMs(tick.last_trade_time));
    same(where, 'exchange_timestamp', msOrNull(batch.exchangeTimeMs[i]!), dateMs(tick.exchange_timestamp));
    same(where, 'oi', batch.oi[i], tick.oi);
    same(where, 'oi_day_high', batch.oiDayHigh[i], tick.oi_day_high);
    same(where, 'oi_day_low', batch.oiDayLow[i], tick.oi_day_low);
    const base = i * DEPTH_SLOTS;
    for (let level = 0; level < DEPTH_SLOTS; level++) {
      const entry = (level < DEPTH_LEVELS ? tick.depth!.buy : tick.depth!.sell)[level % DEPTH_LEVELS]!;
      same(where, `depth[${level}].quantity`, batch.depthQuantity[base + level], entry.quantity);
      same(where, `depth[${level}].price`, batch.depthPrice[base + level], entry.price);
      same(where, `depth[${level}].orders`, batch.depthOrders[base + level], entry.orders);
    }
  }
  expect(mismatches).toEqual([]);
};

const divisorOf = (token: number): number => {
  const segment = token & 0xff;
  return segment === 3 ? 10_000_000 : segment === 6 ? 10_000 : 100;
};
