import { PACKET_BYTES } from './packet-encoder.js';
import type { SeededRandom } from './seeded-random.js';

const UINT31_RANGE = 0x8000_0000;
const UINT32_RANGE = 0x1_0000_0000;
const UINT16_RANGE = 0x1_0000;
const SEGMENT_INDICES = 9;
/** Kite segment ids 1..9 (NSE, NFO, CDS, BSE, BFO, BCD, MCX, MCXSX, INDICES). */
const SEGMENTS = 9;
const ZERO_FIELD_SHARE = 0.05;
const INDEX_CHANGE_OFFSET = 24;
const DEPTH_OFFSET = 64;
const DEPTH_ENTRIES = 10;
const DEPTH_ENTRY_BYTES = 12;
const DEPTH_ORDERS_OFFSET = 8;
const HEADER_BYTES = 2;
const LENGTH_PREFIX_BYTES = 2;

export interface RandomFrameOptions {
  minPackets: number;
  maxPackets: number;
  /** Packet lengths to draw from (8, 28, 32, 44, 184); index lengths get segment-9 tokens, others not. */
  lengths: readonly number[];
  /** Let 4-byte fields use all 32 bits (values ≥ 2^31 decode differently in kiteconnect's JS parser). */
  fullUint32?: boolean;
}

const isIndexLength = (length: number): boolean =>
  length === PACKET_BYTES.indexQuote || length === PACKET_BYTES.indexFull;

/**
 * Kite-shaped binary frames with random field values (valid framing, every segment, every packet kind), for
 * decoder differential tests and benchmarks. Deterministic for a given SeededRandom.
 */
export const randomFrame = (random: SeededRandom, options: RandomFrameOptions): Buffer => {
  const span = options.maxPackets - options.minPackets + 1;
  const count = options.minPackets + Math.floor(random.next() * span);
  const lengths: number[] = [];
  let size = HEADER_BYTES;
  for (let i = 0; i < count; i++) {
    const length = options.lengths[Math.floor(random.next() * options.lengths.length)]!;
    lengths.push(length);
    size += LENGTH_PREFIX_BYTES + length;
  }
  const frame = Buffer.alloc(size);
  frame.writeUInt16BE(count, 0);
  let offset = HEADER_BYTES;
  for (const length of lengths) {
    frame.writeUInt16BE(length, offset);
    writeRandomPacket(frame, offset + LENGTH_PREFIX_BYTES, length, random, options.fullUint32 === true);
    offset += LENGTH_PREFIX_BYTES + length;
  }
  return frame;
};

const randomField = (random: SeededRandom, fullUint32: boolean): number =>
  random.next() < ZERO_FIELD_SHARE ? 0 : Math.floor(random.next() * (fullUint32 ? UINT32_RANGE : UINT31_RANGE));

const randomToken = (random: SeededRandom, index: boolean): number => {
  const segment = index ? SEGMENT_INDICES : 1 + Math.floor(random.next() * (SEGMENTS - 1));
  const exchangeToken = 1 + Math.floor(random.next() * (UINT31_RANGE / 256 - 1));
  return exchangeToken * 256 + segment;
};

const writeRandomPacket = (
  frame: Buffer,
  start: number,
  length: number,
  random: SeededRandom,
  fullUint32: boolean,
): void => {
  const index = isIndexLength(length) || (length === PACKET_BYTES.ltp && random.next() < 1 / SEGMENTS);
  frame.writeUInt32BE(randomToken(random, index), start);
  for (let at = start + 4; at < start + Math.min(length, DEPTH_OFFSET); at += 4) {
    frame.writeUInt32BE(randomField(random, fullUint32), at);
  }
  if (isIndexLength(length)) {
    // The index "change" field is signed: last price minus close.
    frame.writeInt32BE(Math.floor((random.next() - 0.5) * UINT31_RANGE), start + INDEX_CHANGE_OFFSET);
  }
  if (length === PACKET_BYTES.full) {
    for (let level = 0; level < DEPTH_ENTRIES; level++) {
      const at = start + DEPTH_OFFSET + level * DEPTH_ENTRY_BYTES;
      frame.writeUInt32BE(randomField(random, fullUint32), at);
      frame.writeUInt32BE(randomField(random, fullUint32), at + 4);
      frame.writeUInt16BE(Math.floor(random.next() * UINT16_RANGE), at + DEPTH_ORDERS_OFFSET);
    }
  }
};
