import type { MalformedFrameKind } from '../contracts/simulator.contracts.js';
import { PACKET_BYTES } from './packet-encoder.js';
import type { SeededRandom } from './seeded-random.js';

const GARBAGE_BYTES = 97;
const SHORT_PACKET_BYTES = 5;
const CLAIMED_PACKETS = 3;
const LENGTH_PREFIX_BYTES = 2;
const HEADER_BYTES = 2;
const BYTE_RANGE = 256;

/**
 * Frames a robust decoder must survive without crashing or emitting wrong ticks. `token` is written into the
 * packets so a decoder that ignores the damage would report an instrument the client actually subscribed.
 *  - truncated: header claims 3 quote packets, the frame ends in the middle of the first.
 *  - bad-length: one packet whose length prefix (184) is larger than the bytes that follow (44).
 *  - garbage: random bytes.
 *  - short-packet: one 5-byte packet, a length no Kite mode uses.
 */
export const buildMalformedFrame = (kind: MalformedFrameKind, token: number, random: SeededRandom): Buffer => {
  switch (kind) {
    case 'truncated': {
      const frame = Buffer.alloc(HEADER_BYTES + LENGTH_PREFIX_BYTES + PACKET_BYTES.quote / 2);
      frame.writeUInt16BE(CLAIMED_PACKETS, 0);
      frame.writeUInt16BE(PACKET_BYTES.quote, HEADER_BYTES);
      frame.writeUInt32BE(token >>> 0, HEADER_BYTES + LENGTH_PREFIX_BYTES);
      return frame;
    }
    case 'bad-length': {
      const frame = Buffer.alloc(HEADER_BYTES + LENGTH_PREFIX_BYTES + PACKET_BYTES.quote);
      frame.writeUInt16BE(1, 0);
      frame.writeUInt16BE(PACKET_BYTES.full, HEADER_BYTES);
      frame.writeUInt32BE(token >>> 0, HEADER_BYTES + LENGTH_PREFIX_BYTES);
      return frame;
    }
    case 'garbage': {
      const frame = Buffer.alloc(GARBAGE_BYTES);
      for (let i = 0; i < frame.length; i++) {
        frame[i] = Math.floor(random.next() * BYTE_RANGE);
      }
      return frame;
    }
    case 'short-packet': {
      const frame = Buffer.alloc(HEADER_BYTES + LENGTH_PREFIX_BYTES + SHORT_PACKET_BYTES);
      frame.writeUInt16BE(1, 0);
      frame.writeUInt16BE(SHORT_PACKET_BYTES, HEADER_BYTES);
      frame.writeUInt32BE(token >>> 0, HEADER_BYTES + LENGTH_PREFIX_BYTES);
      return frame;
    }
  }
};
