import { describe, expect, it } from 'vitest';
import { DEPTH_SLOTS, PacketKind, TickBatch, type TickBatchOrigin } from '../../../common/market-data/index.js';
import { randomFrame, SeededRandom } from '../../../simulator/ticker/index.js';
import { HEARTBEAT_FRAME, MALFORMED_FRAME, TickDecoder } from './tick-decoder.js';
import { createOfficialParser, expectSameTicks, toArrayBuffer } from '../../../../test/support/tick-comparison.js';

const ORIGIN: TickBatchOrigin = {
  source: 'live',
  accountId: 'acc',
  connectionId: 'acc#1',
  receivedAtMonoMs: 1,
  receivedAtMs: 2,
  frameSeq: 3,
};
const ALL_LENGTHS = [8, 28, 32, 44, 184];
const DIFFERENTIAL_PACKETS = 100_000;

/** Collects a copy of every batch handed off (the decoder reuses its batch). */
const collect = (capacity = 4096) => {
  const batch = new TickBatch(capacity);
  const decoder = new TickDecoder(batch);
  const handed: { length: number; frameSeq: number; tokens: number[] }[] = [];
  const sink = {
    onTicks: (b: TickBatch) =>
      handed.push({ length: b.length, frameSeq: b.origin.frameSeq, tokens: [...b.token.subarray(0, b.length)] }),
  };
  return { batch, decoder, handed, decode: (frame: Buffer) => decoder.decode(frame, ORIGIN, sink) };
};

describe(TickDecoder.name, () => {
  it(
    'should decode 100,000 random packets of every kind and segment exactly as kiteconnect parseBinary does',
    { timeout: 120_000 },
    () => {
      const parse = createOfficialParser();
      const random = new SeededRandom(2026);
      const batch = new TickBatch(4096);
      const decoder = new TickDecoder(batch);
      let compared = 0;
      const kinds = new Set<number>();
      const segments = new Set<number>();
      while (compared < DIFFERENTIAL_PACKETS) {
        const frame = randomFrame(random, { minPackets: 1, maxPackets: 100, lengths: ALL_LENGTHS });
        const expected = parse(toArrayBuffer(frame));
        let decoded = 0;
        decoder.decode(frame, ORIGIN, {
          onTicks: (b) => {
            expectSameTicks(b, expected, decoded);
            for (let i = 0; i < b.length; i++) {
              kinds.add(b.kind[i]!);
              segments.add(b.token[i]! & 0xff);
            }
            decoded += b.length;
          },
        });
        expect(decoded).toBe(expected.length);
        compared += decoded;
      }
      expect([...kinds].sort()).toEqual([1, 2, 3, 4, 5]);
      expect([...segments].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    },
  );

  it('should read 4-byte fields unsigned where kiteconnect reads them signed (values of 2^31 and above)', () => {
    const parse = createOfficialParser();
    const frame = Buffer.alloc(2 + 2 + 44);
    frame.writeUInt16BE(1, 0);
    frame.writeUInt16BE(44, 2);
    frame.writeUInt32BE((12_345 << 8) | 2, 4);
    frame.writeUInt32BE(0x8000_0064, 8); // last price: 2^31 + 100 paise
    frame.writeUInt32BE(0xffff_ffff, 20); // volume
    const { batch, decode } = collect();
    decode(frame);
    const [official] = parse(toArrayBuffer(frame));
    expect(batch.lastPrice[0]).toBe((0x8000_0064 >>> 0) / 100);
    expect(official!.last_price).toBe((0x8000_0064 | 0) / 100);
    expect(batch.volume[0]).toBe(4_294_967_295);
    expect(official!.volume_traded).toBe(-1);
  });

  it('should keep the index change field as the signed price difference sent, where kiteconnect recomputes a percentage', () => {
    const frame = Buffer.alloc(2 + 2 + 28);
    frame.writeUInt16BE(1, 0);
    frame.writeUInt16BE(28, 2);
    frame.writeUInt32BE((1001 << 8) | 9, 4);
    frame.writeUInt32BE(2_600_000, 8); // last 26,000.00
    frame.writeUInt32BE(2_650_000, 24); // close 26,500.00
    frame.writeInt32BE(-50_000, 28); // change −500.00
    const { batch, decode } = collect();
    decode(frame);
    const [official] = createOfficialParser()(toArrayBuffer(frame));
    expect(batch.change[0]).toBe(-500);
    expect(official!.change).toBeCloseTo(((26_000 - 26_500) * 100) / 26_500, 12);
    expect(batch.kind[0]).toBe(PacketKind.IndexQuote);
  });

  it('should apply the CDS 1e7 and BCD 1e4 divisors', () => {
    const frame = Buffer.alloc(2 + 2 * (2 + 8));
    frame.writeUInt16BE(2, 0);
    frame.writeUInt16BE(8, 2);
    frame.writeUInt32BE((1234 << 8) | 3, 4);
    frame.writeUInt32BE(832_512_345, 8);
    frame.writeUInt16BE(8, 12);
    frame.writeUInt32BE((1234 << 8) | 6, 14);
    frame.writeUInt32BE(832_512, 18);
    const { batch, decode } = collect();
    expect(decode(frame)).toBe(2);
    expect(batch.lastPrice[0]).toBe(83.2512345);
    expect(batch.lastPrice[1]).toBe(83.2512);
  });

  it('should leave fields a packet kind does not carry as NaN (prices) and 0 (counts, times), even in a reused slot', () => {
    const full = randomFrame(new SeededRandom(1), { minPackets: 1, maxPackets: 1, lengths: [184] });
    const ltp = randomFrame(new SeededRandom(2), { minPackets: 1, maxPackets: 1, lengths: [8] });
    const { batch, decode } = collect();
    decode(full);
    decode(ltp);
    expect(batch.kind[0]).toBe(PacketKind.Ltp);
    for (const price of [batch.averagePrice, batch.open, batch.high, batch.low, batch.close, batch.change]) {
      expect(price[0]).toBeNaN();
    }
    for (const count of [batch.lastQuantity, batch.volume, batch.oi, batch.lastTradeTimeMs, batch.exchangeTimeMs]) {
      expect(count[0]).toBe(0);
    }
    expect([...batch.depthQuantity.subarray(0, DEPTH_SLOTS)]).toEqual(new Array(DEPTH_SLOTS).fill(0));
    expect([...batch.depthPrice.subarray(0, DEPTH_SLOTS)].every(Number.isNaN)).toBe(true);
  });

  it('should treat any 1-byte frame as a heartbeat and hand nothing off', () => {
    const { decode, handed } = collect();
    expect(decode(Buffer.from([0]))).toBe(HEARTBEAT_FRAME);
    expect(decode(Buffer.from([0x7f]))).toBe(HEARTBEAT_FRAME);
    expect(handed).toHaveLength(0);
  });

  it('should skip malformed frames whole, count them by kind, and keep decoding the next frame', () => {
    const { decoder, decode, handed } = collect();
    const good = randomFrame(new SeededRandom(3), { minPackets: 3, maxPackets: 3, lengths: [44] });
    const truncated = good.subarray(0, good.length - 10);
    const trailing = Buffer.concat([good, Buffer.from([1, 2, 3])]);
    const overrunPrefix = Buffer.from(good);
    overrunPrefix.writeUInt16BE(4, 0); // claims a 4th packet whose length prefix is missing
    expect(decode(Buffer.alloc(0))).toBe(MALFORMED_FRAME);
    expect(decode(truncated)).toBe(MALFORMED_FRAME);
    expect(decode(trailing)).toBe(MALFORMED_FRAME);
    expect(decode(overrunPrefix)).toBe(MALFORMED_FRAME);
    expect(handed).toHaveLength(0);
    expect(decoder.errors).toEqual({ empty: 1, overrun: 2, trailing: 1, packet_length: 0 });
    expect(decode(good)).toBe(3);
    expect(handed).toHaveLength(1);
  });

  it('should skip a packet of a length no mode uses and decode the rest of its frame', () => {
    const frame = Buffer.alloc(2 + (2 + 8) + (2 + 5) + (2 + 8));
    frame.writeUInt16BE(3, 0);
    frame.writeUInt16BE(8, 2);
    frame.writeUInt32BE((1 << 8) | 2, 4);
    frame.writeUInt16BE(5, 12);
    frame.writeUInt16BE(8, 19);
    frame.writeUInt32BE((2 << 8) | 2, 21);
    const { decoder, decode, handed } = collect();
    expect(decode(frame)).toBe(2);
    expect(handed[0]!.tokens).toEqual([(1 << 8) | 2, (2 << 8) | 2]);
    expect(decoder.errors.packet_length).toBe(1);
  });

  it('should hand a frame larger than the batch off as several batches of the same frame, in order', () => {
    const random = new SeededRandom(4);
    const frame = randomFrame(random, { minPackets: 10, maxPackets: 10, lengths: [8, 44, 184] });
    const { decode, handed } = collect(4);
    expect(decode(frame)).toBe(10);
    expect(handed.map((h) => h.length)).toEqual([4, 4, 2]);
    expect(new Set(handed.map((h) => h.frameSeq))).toEqual(new Set([ORIGIN.frameSeq]));
    const official = createOfficialParser()(toArrayBuffer(frame));
    expect(handed.flatMap((h) => h.tokens)).toEqual(official.map((t) => t.instrument_token >>> 0));
  });

  it('should refuse a frame larger than the batch whose lengths do not add up, before handing any of it off', () => {
    const frame = randomFrame(new SeededRandom(5), { minPackets: 10, maxPackets: 10, lengths: [44] });
    const { decode, handed } = collect(4);
    expect(decode(frame.subarray(0, frame.length - 1))).toBe(MALFORMED_FRAME);
    expect(handed).toHaveLength(0);
  });
});
