import {
  DEPTH_SLOTS,
  PacketKind,
  type TickBatch,
  type TickBatchOrigin,
  type TickSink,
} from '../../../common/market-data/index.js';

/**
 * Why a frame (or one packet of it) was not decoded. A malformed frame is skipped whole (nothing of it is
 * handed off); a packet of a length no mode uses is skipped alone, the rest of its frame is decoded.
 */
export const DECODE_ERROR_KINDS = ['empty', 'overrun', 'trailing', 'packet_length'] as const;
export type DecodeErrorKind = (typeof DECODE_ERROR_KINDS)[number];

/** Packet lengths of Kite's binary protocol (kite-protocol.md §2.3). */
export const PACKET_BYTES = Object.freeze({ ltp: 8, indexQuote: 28, indexFull: 32, quote: 44, full: 184 });

const HEADER_BYTES = 2;
const LENGTH_PREFIX_BYTES = 2;
const HEARTBEAT_BYTES = 1;
const SEGMENT_MASK = 0xff;
const SEGMENT_CDS = 3;
const SEGMENT_BCD = 6;
const DIVISOR_CDS = 10_000_000;
const DIVISOR_BCD = 10_000;
const DIVISOR_DEFAULT = 100;
const MS_PER_SECOND = 1000;
const DEPTH_OFFSET = 64;
const DEPTH_ENTRY_BYTES = 12;

/** `decode` returns the number of packets handed off (≥ 0), or one of these. */
export const HEARTBEAT_FRAME = -1;
/** Skipped whole; its kind was counted in `errors`. */
export const MALFORMED_FRAME = -2;

/**
 * Kite binary frames → TickBatch, with no allocation per packet: one DataView per frame, fields read in
 * place into the batch's typed arrays, timestamps as epoch-ms numbers. Values are read as Kite's docs,
 * pykiteconnect and gokiteconnect read them: 4-byte fields unsigned (kiteconnect's JS parser reads them
 * signed, which only differs above 2^31 − 1), except the index "change" field, which is signed. Prices are
 * divided (not multiplied by a reciprocal) so they equal the official parser's to the last bit.
 *
 * A frame whose packet count or lengths do not fit its bytes is counted and skipped before anything from it
 * is handed off; the connection stays up. A batch that fills mid-frame is handed off and reused, so a frame
 * larger than the batch is delivered as several batches with the same origin (frameSeq).
 */
export class TickDecoder {
  readonly errors: Record<DecodeErrorKind, number> = { empty: 0, overrun: 0, trailing: 0, packet_length: 0 };
  /** The last error kind seen by `decode` (for the caller's log line). */
  lastError: DecodeErrorKind | undefined;

  constructor(private readonly batch: TickBatch) {}

  /**
   * Decodes one binary WebSocket message and hands every batch it fills to `sink`. Allocates nothing per
   * packet, and per frame at most one DataView (when the frame sits in a new ArrayBuffer).
   */
  decode(frame: Uint8Array, origin: TickBatchOrigin, sink: TickSink): number {
    const size = frame.byteLength;
    if (size === HEARTBEAT_BYTES) {
      return HEARTBEAT_FRAME;
    }
    if (size < HEADER_BYTES) {
      return this.malformed('empty');
    }
    const view = new DataView(frame.buffer, frame.byteOffset, size);
    if (view.getUint16(0) > this.batch.capacity) {
      // Rare (more packets than a batch holds): checked up front, since part of it is handed off before the end.
      const problem = frameProblem(frame, size);
      if (problem !== undefined) {
        return this.malformed(problem);
      }
    }
    return this.decodePackets(view, size, origin, sink);
  }

  private malformed(kind: DecodeErrorKind): number {
    this.errors[kind] += 1;
    this.lastError = kind;
    return MALFORMED_FRAME;
  }

  /**
   * One loop with every array in a local and each packet kind a straight line: a call per packet (or per
   * depth side), or fields shared between kinds behind branches, cost two to three times the decode itself.
   */
  private decodePackets(v: DataView, size: number, origin: TickBatchOrigin, sink: TickSink): number {
    const b = this.batch;
    const capacity = b.capacity;
    const { token: tokens, kind, lastPrice, lastQuantity, averagePrice, volume } = b;
    const { totalBuyQuantity, totalSellQuantity, open, high, low, close, change } = b;
    const { lastTradeTimeMs, oi, oiDayHigh, oiDayLow, exchangeTimeMs, depthQuantity, depthPrice, depthOrders } = b;
    const count = v.getUint16(0);
    b.reset(origin);
    let i = 0;
    let total = 0;
    let unknown = 0;
    let offset = HEADER_BYTES;
    for (let packet = 0; packet < count; packet++) {
      // Checked as we go (nothing is handed off before the end of a frame that fits the batch): a separate
      // validation pass over the same DataView made this loop two to three times slower in V8.
      if (offset + LENGTH_PREFIX_BYTES > size) {
        b.length = 0;
        return this.malformed('overrun');
      }
      const length = v.getUint16(offset);
      const p = offset + LENGTH_PREFIX_BYTES;
      offset = p + length;
      if (offset > size) {
        b.length = 0;
        return this.malformed('overrun');
      }
      if (!isPacketLength(length)) {
        unknown += 1;
        continue;
      }
      if (i === capacity) {
        b.length = i;
        sink.onTicks(b);
        b.reset(origin);
        i = 0;
      }
      const token = v.getUint32(p);
      const segment = token & SEGMENT_MASK;
      const divisor = segment === SEGMENT_CDS ? DIVISOR_CDS : segment === SEGMENT_BCD ? DIVISOR_BCD : DIVISOR_DEFAULT;
      const depthBase = i * DEPTH_SLOTS;
      const depthEnd = depthBase + DEPTH_SLOTS;
      tokens[i] = token;
      lastPrice[i] = v.getUint32(p + 4) / divisor;
      if (length === PACKET_BYTES.full) {
        kind[i] = PacketKind.Full;
        lastQuantity[i] = v.getUint32(p + 8);
        averagePrice[i] = v.getUint32(p + 12) / divisor;
        volume[i] = v.getUint32(p + 16);
        totalBuyQuantity[i] = v.getUint32(p + 20);
        totalSellQuantity[i] = v.getUint32(p + 24);
        open[i] = v.getUint32(p + 28) / divisor;
        high[i] = v.getUint32(p + 32) / divisor;
        low[i] = v.getUint32(p + 36) / divisor;
        close[i] = v.getUint32(p + 40) / divisor;
        change[i] = NaN;
        lastTradeTimeMs[i] = v.getUint32(p + 44) * MS_PER_SECOND;
        oi[i] = v.getUint32(p + 48);
        oiDayHigh[i] = v.getUint32(p + 52);
        oiDayLow[i] = v.getUint32(p + 56);
        exchangeTimeMs[i] = v.getUint32(p + 60) * MS_PER_SECOND;
        // Buy levels (bytes 64–124) then sell (124–184): slot = level for buy, 5 + level for sell.
        let at = p + DEPTH_OFFSET;
        for (let slot = depthBase; slot < depthEnd; slot++) {
          depthQuantity[slot] = v.getUint32(at);
          depthPrice[slot] = v.getUint32(at + 4) / divisor;
          depthOrders[slot] = v.getUint16(at + 8);
          at += DEPTH_ENTRY_BYTES;
        }
        i += 1;
        total += 1;
        continue;
      }
      if (length === PACKET_BYTES.quote) {
        kind[i] = PacketKind.Quote;
        lastQuantity[i] = v.getUint32(p + 8);
        averagePrice[i] = v.getUint32(p + 12) / divisor;
        volume[i] = v.getUint32(p + 16);
        totalBuyQuantity[i] = v.getUint32(p + 20);
        totalSellQuantity[i] = v.getUint32(p + 24);
        open[i] = v.getUint32(p + 28) / divisor;
        high[i] = v.getUint32(p + 32) / divisor;
        low[i] = v.getUint32(p + 36) / divisor;
        close[i] = v.getUint32(p + 40) / divisor;
        change[i] = NaN;
        exchangeTimeMs[i] = 0;
      } else if (length === PACKET_BYTES.ltp) {
        kind[i] = PacketKind.Ltp;
        lastQuantity[i] = 0;
        averagePrice[i] = NaN;
        volume[i] = 0;
        totalBuyQuantity[i] = 0;
        totalSellQuantity[i] = 0;
        open[i] = NaN;
        high[i] = NaN;
        low[i] = NaN;
        close[i] = NaN;
        change[i] = NaN;
        exchangeTimeMs[i] = 0;
      } else {
        // Index packets order OHLC as high, low, open, close (kite-protocol.md §2.3); change is signed.
        const indexFull = length === PACKET_BYTES.indexFull;
        kind[i] = indexFull ? PacketKind.IndexFull : PacketKind.IndexQuote;
        lastQuantity[i] = 0;
        averagePrice[i] = NaN;
        volume[i] = 0;
        totalBuyQuantity[i] = 0;
        totalSellQuantity[i] = 0;
        high[i] = v.getUint32(p + 8) / divisor;
        low[i] = v.getUint32(p + 12) / divisor;
        open[i] = v.getUint32(p + 16) / divisor;
        close[i] = v.getUint32(p + 20) / divisor;
        change[i] = v.getInt32(p + 24) / divisor;
        exchangeTimeMs[i] = indexFull ? v.getUint32(p + 28) * MS_PER_SECOND : 0;
      }
      lastTradeTimeMs[i] = 0;
      oi[i] = 0;
      oiDayHigh[i] = 0;
      oiDayLow[i] = 0;
      for (let slot = depthBase; slot < depthEnd; slot++) {
        depthQuantity[slot] = 0;
        depthPrice[slot] = NaN;
        depthOrders[slot] = 0;
      }
      i += 1;
      total += 1;
    }
    if (offset !== size) {
      b.length = 0;
      return this.malformed('trailing');
    }
    if (unknown > 0) {
      this.errors.packet_length += unknown;
      this.lastError = 'packet_length';
    }
    b.length = i;
    if (i > 0) {
      sink.onTicks(b);
    }
    return total;
  }
}

/** The count and length prefixes of a frame must account for its bytes exactly. */
const frameProblem = (frame: Uint8Array, size: number): DecodeErrorKind | undefined => {
  const count = (frame[0]! << 8) | frame[1]!;
  let offset = HEADER_BYTES;
  for (let packet = 0; packet < count; packet++) {
    if (offset + LENGTH_PREFIX_BYTES > size) {
      return 'overrun';
    }
    offset += LENGTH_PREFIX_BYTES + ((frame[offset]! << 8) | frame[offset + 1]!);
    if (offset > size) {
      return 'overrun';
    }
  }
  return offset === size ? undefined : 'trailing';
};

const isPacketLength = (length: number): boolean =>
  length === PACKET_BYTES.full ||
  length === PACKET_BYTES.quote ||
  length === PACKET_BYTES.ltp ||
  length === PACKET_BYTES.indexQuote ||
  length === PACKET_BYTES.indexFull;
