import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TickBatch, type TickBatchOrigin } from '../../../src/common/market-data/index.js';
import { TickDecoder } from '../../../src/modules/websocket-pool/decoder/tick-decoder.js';
import { startTickerHarness, tickerUrl, type TickerHarness } from '../simulator-ticker/support/ticker-harness.js';
import { TestClient } from '../simulator-ticker/support/test-client.js';
import { createOfficialParser, expectSameTicks } from '../../support/tick-comparison.js';

const ORIGIN: TickBatchOrigin = {
  source: 'live',
  accountId: 'recorded',
  connectionId: 'recorded#1',
  receivedAtMonoMs: 0,
  receivedAtMs: 0,
  frameSeq: 0,
};
const PACKETS_WANTED = 30_000;

/** Frames recorded from the simulator's WebSocket (what Kite would send), decoded by ours and by kiteconnect's parser. */
describe('Tick decoder on simulator-recorded frames', () => {
  let harness: TickerHarness;
  let client: TestClient;

  beforeAll(async () => {
    harness = await startTickerHarness({
      ticksPerSecondPerInstrument: 20,
      frameIntervalMs: 20,
      heartbeatIntervalMs: 200,
    });
    client = await TestClient.connect(tickerUrl(harness.url));
    const instruments = harness.model.instruments();
    const indices = instruments.filter((i) => i.kind === 'INDEX').map((i) => i.instrumentToken);
    const derivatives = instruments.filter((i) => i.kind !== 'INDEX').map((i) => i.instrumentToken);
    const third = Math.floor(derivatives.length / 3);
    client.send({ a: 'subscribe', v: [...indices, ...derivatives] });
    client.send({ a: 'mode', v: ['ltp', [indices[0]!, ...derivatives.slice(0, third)]] });
    client.send({ a: 'mode', v: ['quote', [indices[1]!, ...derivatives.slice(third, 2 * third)]] });
    client.send({ a: 'mode', v: ['full', [...indices.slice(2), ...derivatives.slice(2 * third)]] });
  });

  afterAll(async () => {
    client?.socket.terminate();
    await harness?.close();
  });

  it('should decode every recorded packet (LTP, quote, full; index quote and full; heartbeats) as parseBinary does', async () => {
    const packetsIn = () =>
      client.received.reduce(
        (sum, r) => sum + (r.kind === 'binary' && r.data.byteLength > 2 ? new DataView(r.data).getUint16(0) : 0),
        0,
      );
    await expect.poll(packetsIn, { timeout: 60_000, interval: 250 }).toBeGreaterThanOrEqual(PACKETS_WANTED);
    const parse = createOfficialParser();
    const decoder = new TickDecoder(new TickBatch(4096));
    const kinds = new Set<number>();
    let compared = 0;
    let heartbeats = 0;
    for (const message of client.received) {
      if (message.kind !== 'binary') {
        continue;
      }
      const expected = message.data.byteLength > 2 ? parse(message.data) : [];
      let decoded = 0;
      const outcome = decoder.decode(new Uint8Array(message.data), ORIGIN, {
        onTicks: (batch) => {
          expectSameTicks(batch, expected, decoded);
          for (let i = 0; i < batch.length; i++) {
            kinds.add(batch.kind[i]!);
          }
          decoded += batch.length;
        },
      });
      heartbeats += outcome === -1 ? 1 : 0;
      expect(decoded).toBe(expected.length);
      compared += decoded;
    }
    expect(compared).toBeGreaterThanOrEqual(PACKETS_WANTED);
    expect([...kinds].sort()).toEqual([1, 2, 3, 4, 5]);
    expect(heartbeats).toBeGreaterThan(0);
    expect(decoder.errors).toEqual({ empty: 0, overrun: 0, trailing: 0, packet_length: 0 });
  });
});
