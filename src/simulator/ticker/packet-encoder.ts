import { SEGMENT_INDICES, type DepthLevel, type InstrumentState } from '../contracts/simulator.contracts.js';

export type TickMode = 'ltp' | 'quote' | 'full';
export const TICK_MODES: readonly TickMode[] = ['ltp', 'quote', 'full'];

/** Packet sizes of Kite's binary protocol (kite-protocol.md §2.3). */
export const PACKET_BYTES = Object.freeze({ ltp: 8, quote: 44, full: 184, indexQuote: 28, indexFull: 32 });
const FRAME_HEADER_BYTES = 2;
const PACKET_LENGTH_BYTES = 2;
const DEPTH_LEVELS = 5;
const DEPTH_ENTRY_BYTES = 12;
const DEPTH_OFFSET = 64;
const SEGMENT_MASK = 0xff;
const SEGMENT_CDS = 3;
const SEGMENT_BCD = 6;
const DIVISOR_CDS = 10_000_000;
const DIVISOR_BCD = 10_000;
const DIVISOR_DEFAULT = 100;
const INT32_MAX = 0x7fffffff;
const INT32_MIN = -0x80000000;
const UINT16_MAX = 0xffff;
const BIG_ENDIAN = false;

/** Kite's price divisor for a token's segment (§2.2): 1e7 for CDS, 1e4 for BCD, 100 for everything else. */
export const priceDivisor = (token: number): number => {
  const segment = token & SEGMENT_MASK;
  if (segment === SEGMENT_CDS) {
    return DIVISOR_CDS;
  }
  return segment === SEGMENT_BCD ? DIVISOR_BCD : DIVISOR_DEFAULT;
};

export const isIndexToken = (token: number): boolean => (token & SEGMENT_MASK) === SEGMENT_INDICES;

export const packetLength = (token: number, mode: TickMode): number => {
  if (mode === 'ltp') {
    return PACKET_BYTES.ltp;
  }
  if (isIndexToken(token)) {
    return mode === 'full' ? PACKET_BYTES.indexFull : PACKET_BYTES.indexQuote;
  }
  return mode === 'full' ? PACKET_BYTES.full : PACKET_BYTES.quote;
};

/** Non-negative int32 (Python and Go read these fields unsigned, so negatives would decode as huge numbers). */
const clampNonNegative = (value: number): number => {
  if (!(value > 0)) {
    return 0;
  }
  return value >= INT32_MAX ? INT32_MAX : Math.round(value);
};

const clampSigned = (value: number): number => {
  if (Number.isNaN(value)) {
    return 0;
  }
  return Math.min(Math.max(Math.round(value), INT32_MIN), INT32_MAX);
};

const clampUint16 = (value: number): number => {
  if (!(value > 0)) {
    return 0;
  }
  return value >= UINT16_MAX ? UINT16_MAX : Math.round(value);
};

/**
 * Builds one binary frame (`[uint16 count]([uint16 length][packet])*`) in a buffer allocated once, so encoding
 * allocates nothing per packet. `finish()` copies the frame out because `ws` keeps a reference to queued data.
 */
export class FrameEncoder {
  private readonly buffer: Buffer;
  private readonly view: DataView;
  private offset = FRAME_HEADER_BYTES;
  private packets = 0;

  constructor(readonly maxPackets: number) {
    this.buffer = Buffer.alloc(FRAME_HEADER_BYTES + maxPackets * (PACKET_LENGTH_BYTES + PACKET_BYTES.full));
    this.view = new DataView(this.buffer.buffer, this.buffer.byteOffset, this.buffer.byteLength);
  }

  get packetCount(): number {
    return this.packets;
  }

  get isFull(): boolean {
    return this.packets >= this.maxPackets;
  }

  reset(): void {
    this.offset = FRAME_HEADER_BYTES;
    this.packets = 0;
  }

  /** Appends one packet; returns false (and writes nothing) when the frame already holds `maxPackets`. */
  add(state: InstrumentState, mode: TickMode): boolean {
    if (this.packets >= this.maxPackets) {
      return false;
    }
    const token = state.instrumentToken;
    const length = packetLength(token, mode);
    const view = this.view;
    const start = this.offset + PACKET_LENGTH_BYTES;
    view.setUint16(this.offset, length, BIG_ENDIAN);
    if (length === PACKET_BYTES.ltp) {
      this.writeLtp(start, state);
    } else if (length === PACKET_BYTES.indexQuote || length === PACKET_BYTES.indexFull) {
      this.writeIndex(start, state, length === PACKET_BYTES.indexFull);
    } else {
      this.writeTradable(start, state, length === PACKET_BYTES.full);
    }
    this.offset = start + length;
    this.packets += 1;
    return true;
  }

  /** A copy of the frame built so far, or undefined when it holds no packet. Resets the encoder. */
  finish(): Buffer | undefined {
    if (this.packets === 0) {
      return undefined;
    }
    this.view.setUint16(0, this.packets, BIG_ENDIAN);
    const frame = Buffer.allocUnsafe(this.offset);
    this.buffer.copy(frame, 0, 0, this.offset);
    this.reset();
    return frame;
  }

  private writeLtp(start: number, state: InstrumentState): void {
    const divisor = priceDivisor(state.instrumentToken);
    this.view.setUint32(start, state.instrumentToken >>> 0, BIG_ENDIAN);
    this.view.setInt32(start + 4, clampNonNegative(state.lastPrice * divisor), BIG_ENDIAN);
  }

  private writeIndex(start: number, state: InstrumentState, full: boolean): void {
    const view = this.view;
    const divisor = priceDivisor(state.instrumentToken);
    this.writeLtp(start, state);
    // Index packets order OHLC as high, low, open, close (§2.3).
    view.setInt32(start + 8, clampNonNegative(state.high * divisor), BIG_ENDIAN);
    view.setInt32(start + 12, clampNonNegative(state.low * divisor), BIG_ENDIAN);
    view.setInt32(start + 16, clampNonNegative(state.open * divisor), BIG_ENDIAN);
    view.setInt32(start + 20, clampNonNegative(state.close * divisor), BIG_ENDIAN);
    view.setInt32(start + 24, clampSigned((state.lastPrice - state.close) * divisor), BIG_ENDIAN);
    if (full) {
      view.setInt32(start + 28, clampNonNegative(state.exchangeTimestamp), BIG_ENDIAN);
    }
  }

  private writeTradable(start: number, state: InstrumentState, full: boolean): void {
    const view = this.view;
    const divisor = priceDivisor(state.instrumentToken);
    this.writeLtp(start, state);
    view.setInt32(start + 8, clampNonNegative(state.lastQuantity), BIG_ENDIAN);
    view.setInt32(start + 12, clampNonNegative(state.averagePrice * divisor), BIG_ENDIAN);
    view.setInt32(start + 16, clampNonNegative(state.volume), BIG_ENDIAN);
    view.setInt32(start + 20, clampNonNegative(state.buyQuantity), BIG_ENDIAN);
    view.setInt32(start + 24, clampNonNegative(state.sellQuantity), BIG_ENDIAN);
    view.setInt32(start + 28, clampNonNegative(state.open * divisor), BIG_ENDIAN);
    view.setInt32(start + 32, clampNonNegative(state.high * divisor), BIG_ENDIAN);
    view.setInt32(start + 36, clampNonNegative(state.low * divisor), BIG_ENDIAN);
    view.setInt32(start + 40, clampNonNegative(state.close * divisor), BIG_ENDIAN);
    if (!full) {
      return;
    }
    view.setInt32(start + 44, clampNonNegative(state.lastTradeTime), BIG_ENDIAN);
    view.setInt32(start + 48, clampNonNegative(state.oi), BIG_ENDIAN);
    view.setInt32(start + 52, clampNonNegative(state.oiDayHigh), BIG_ENDIAN);
    view.setInt32(start + 56, clampNonNegative(state.oiDayLow), BIG_ENDIAN);
    view.setInt32(start + 60, clampNonNegative(state.exchangeTimestamp), BIG_ENDIAN);
    this.writeDepthSide(start + DEPTH_OFFSET, state.depth.buy, divisor);
    this.writeDepthSide(start + DEPTH_OFFSET + DEPTH_LEVELS * DEPTH_ENTRY_BYTES, state.depth.sell, divisor);
  }

  private writeDepthSide(start: number, levels: readonly DepthLevel[], divisor: number): void {
    const view = this.view;
    for (let i = 0; i < DEPTH_LEVELS; i++) {
      const at = start + i * DEPTH_ENTRY_BYTES;
      const level = levels[i];
      if (level === undefined) {
        view.setInt32(at, 0, BIG_ENDIAN);
        view.setInt32(at + 4, 0, BIG_ENDIAN);
        view.setUint32(at + 8, 0, BIG_ENDIAN);
        continue;
      }
      view.setInt32(at, clampNonNegative(level.quantity), BIG_ENDIAN);
      view.setInt32(at + 4, clampNonNegative(level.price * divisor), BIG_ENDIAN);
      view.setUint16(at + 8, clampUint16(level.orders), BIG_ENDIAN);
      view.setUint16(at + 10, 0, BIG_ENDIAN);
    }
  }
}
