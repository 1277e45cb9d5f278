/**
 * npm run bench:decode — our Kite tick decoder against kiteconnect's parseBinary, in one process, on the same
 * recorded frames: frames the simulator's own encoder produced from its market model (what its WebSocket
 * sends, byte for byte), a mix of full, quote and index packets with 1–100 packets per frame. Prints
 * packets/s and ns/packet for each, the ratio, ours with the pool's hand-off (origin stamping, counters and
 * a counting TickSink) included, the same on full packets only, GCs during each one's rounds and heap bytes
 * allocated per packet.
 */
import { loadavg } from 'node:os';
import { PerformanceObserver, performance } from 'node:perf_hooks';
import { KiteTicker } from 'kiteconnect';
import { TickBatch, type TickBatchOrigin, type TickSink } from '../src/common/market-data/index.js';
import { SystemClock } from '../src/common/time/index.js';
import { FrameReceiver, HandOff } from '../src/modules/websocket-pool/connection/frame-receiver.js';
import { TickDecoder } from '../src/modules/websocket-pool/decoder/tick-decoder.js';
import { SimClock } from '../src/simulator/clock/index.js';
import { DEFAULT_RATE, DEFAULT_UNDERLYINGS } from '../src/simulator/market/market-config.js';
import { MarketModel } from '../src/simulator/market/market-model.js';
import { FrameEncoder, SeededRandom, type TickMode } from '../src/simulator/ticker/index.js';

/** Wednesday 2026-11-25 11:00 IST: market open. */
const MARKET_OPEN_MS = Date.UTC(2026, 10, 25, 5, 30);
const FRAMES = Number(process.env.DECODE_BENCH_FRAMES ?? 4_000);
const ORACLE_FRAMES = Number(process.env.DECODE_BENCH_ORACLE_FRAMES ?? 600);
const MAX_PACKETS_PER_FRAME = 100;
const STRIKES_EACH_SIDE = 60;
const FRAME_STEP_MS = 50;
const ROUNDS = 5;
const ROUND_SECONDS = 0.5;
const BATCH_CAPACITY = 4_096;
const SEED = 7;
const GC_ENTRY_DELIVERY_MS = 50;
const NS_PER_MS = 1e6;
const MS_PER_S = 1e3;

type Mix = 'mixed' | 'full';

/** Frames as the simulator's ticker builds them: its market model ticking, its FrameEncoder framing. */
const recordFrames = (count: number, mix: Mix): Buffer[] => {
  const clock = new SimClock({ mode: 'fixed', fixedMs: MARKET_OPEN_MS, phaseOverride: 'open' });
  const model = new MarketModel(
    {
      seed: SEED,
      rate: DEFAULT_RATE,
      underlyings: DEFAULT_UNDERLYINGS.map((spec) => ({ ...spec, strikesEachSide: STRIKES_EACH_SIDE })),
      anchorMs: MARKET_OPEN_MS,
      moveOutsideSession: false,
      repriceIntervalMs: 0,
      halfSpreadFraction: 0.002,
    },
    clock.calendar,
  );
  const instruments = model.instruments();
  const indices = instruments.filter((i) => i.kind === 'INDEX').map((i) => i.instrumentToken);
  const derivatives = instruments.filter((i) => i.kind !== 'INDEX').map((i) => i.instrumentToken);
  const random = new SeededRandom(SEED);
  const encoder = new FrameEncoder(MAX_PACKETS_PER_FRAME);
  const frames: Buffer[] = [];
  let nowMs = MARKET_OPEN_MS;
  for (let f = 0; f < count; f++) {
    nowMs += FRAME_STEP_MS;
    const packets = 1 + Math.floor(random.next() * MAX_PACKETS_PER_FRAME);
    for (let p = 0; p < packets; p++) {
      const draw = random.next();
      const index = mix === 'mixed' && draw < 0.1;
      const pool = index ? indices : derivatives;
      const token = pool[Math.floor(random.next() * pool.length)]!;
      const mode: TickMode = mix === 'full' || draw < 0.05 || draw >= 0.4 ? 'full' : 'quote';
      encoder.add(model.tick(token, nowMs)!, mode);
    }
    frames.push(encoder.finish()!);
  }
  return frames;
};

const packetCount = (frames: readonly Buffer[]): number => frames.reduce((sum, f) => sum + f.readUInt16BE(0), 0);

interface Result {
  name: string;
  packets: number;
  seconds: number;
  gcs?: number;
  /** Heap bytes allocated per packet, from GC-free samples (see allocatedPerPacket). */
  bytesPerPacket?: number;
}

const ALLOCATION_SAMPLE_FRAMES = 20;
const ALLOCATION_SAMPLES = 40;
const ALLOCATION_MAX_ATTEMPTS = 400;

/**
 * Heap bytes one pass allocates per packet. heapUsed counts new-space bytes up to the allocation top, so its
 * difference across a short synchronous pass is what the pass allocated, unless a scavenge ran in between
 * (then the difference goes negative and the sample is dropped). An empty pass measures memoryUsage's own cost.
 */
const allocatedPerPacket = (frames: readonly Buffer[], pass: (frames: readonly Buffer[]) => void): number => {
  const empty: Buffer[] = [];
  const samples: number[] = [];
  for (let attempt = 0; attempt < ALLOCATION_MAX_ATTEMPTS && samples.length < ALLOCATION_SAMPLES; attempt++) {
    const start = (attempt * ALLOCATION_SAMPLE_FRAMES) % (frames.length - ALLOCATION_SAMPLE_FRAMES);
    const slice = frames.slice(start, start + ALLOCATION_SAMPLE_FRAMES);
    const packets = packetCount(slice);
    let before = process.memoryUsage().heapUsed;
    pass(empty);
    const overhead = process.memoryUsage().heapUsed - before;
    before = process.memoryUsage().heapUsed;
    pass(slice);
    const delta = process.memoryUsage().heapUsed - before;
    if (overhead >= 0 && delta >= overhead) {
      samples.push((delta - overhead) / packets);
    }
  }
  return samples.reduce((sum, v) => sum + v, 0) / Math.max(1, samples.length);
};

class CountingSink implements TickSink {
  ticks = 0;
  onTicks(batch: TickBatch): void {
    this.ticks += batch.length;
  }
}

interface Bench {
  name: string;
  frames: readonly Buffer[];
  pass: (frames: readonly Buffer[]) => void;
  /** parseBinary is ~1000x slower: it gets the same wall time on fewer frames. */
  roundSeconds: number;
}

/**
 * Interleaved rounds (every implementation once per round, ROUNDS times) so that load from other processes on
 * a shared machine hits all of them alike; the median round rate is reported. GCs are attributed to the
 * implementation whose round they started in.
 */
/** With node --expose-gc (npm run bench:decode passes it). */
const collectGarbage = (globalThis as { gc?: () => void }).gc;

const runRounds = async (benches: readonly Bench[]): Promise<Result[]> => {
  const rates = benches.map(() => [] as number[]);
  const totals = benches.map(() => ({ packets: 0, seconds: 0 }));
  const intervals: { bench: number; from: number; to: number }[] = [];
  const gcStarts: number[] = [];
  const observer = new PerformanceObserver((list) => gcStarts.push(...list.getEntries().map((e) => e.startTime)));
  observer.observe({ entryTypes: ['gc'] });
  benches.forEach((b) => b.pass(b.frames)); // warm-up: let the optimising compiler see each hot path
  for (let round = 0; round < ROUNDS; round++) {
    for (const [index, bench] of benches.entries()) {
      const perPass = packetCount(bench.frames);
      let packets = 0;
      const start = performance.now();
      do {
        bench.pass(bench.frames);
        packets += perPass;
      } while (performance.now() - start < bench.roundSeconds * MS_PER_S);
      const end = performance.now();
      intervals.push({ bench: index, from: start, to: end });
      // Collect each round's garbage before the next implementation runs (untimed), so parseBinary's ~8 KB per
      // packet is not collected during our rounds; this leaves parseBinary's final clean-up out of its own time,
      // which can only flatter it.
      collectGarbage?.();
      rates[index]!.push(packets / ((end - start) / MS_PER_S));
      totals[index]!.packets += packets;
      totals[index]!.seconds += (end - start) / MS_PER_S;
    }
  }
  await new Promise((resolve) => setTimeout(resolve, GC_ENTRY_DELIVERY_MS));
  observer.disconnect();
  return benches.map((bench, index) => {
    const median = [...rates[index]!].sort((a, b) => a - b)[Math.floor(ROUNDS / 2)]!;
    const gcs = gcStarts.filter((t) => intervals.some((i) => i.bench === index && t >= i.from && t <= i.to)).length;
    return {
      name: bench.name,
      packets: totals[index]!.packets,
      seconds: totals[index]!.packets / median,
      gcs,
      bytesPerPacket: allocatedPerPacket(bench.frames, bench.pass),
    };
  });
};

const decoderAlone = (): ((frames: readonly Buffer[]) => void) => {
  const decoder = new TickDecoder(new TickBatch(BATCH_CAPACITY));
  const sink = new CountingSink();
  const origin: TickBatchOrigin = {
    source: 'live',
    accountId: 'bench',
    connectionId: 'bench#1',
    receivedAtMonoMs: 0,
    receivedAtMs: 0,
    frameSeq: 0,
  };
  return (frames) => {
    for (let i = 0; i < frames.length; i++) {
      decoder.decode(frames[i]!, origin, sink);
    }
  };
};

const withHandOff = (): ((frames: readonly Buffer[]) => void) => {
  const handOff = new HandOff();
  handOff.attach(new CountingSink());
  const receiver = new FrameReceiver(
    'bench',
    'bench#1',
    new TickDecoder(new TickBatch(BATCH_CAPACITY)),
    handOff,
    new SystemClock(),
  );
  return (frames) => {
    for (let i = 0; i < frames.length; i++) {
      receiver.onBinary(frames[i]!);
    }
  };
};

const officialParser = (): ((frames: readonly Buffer[]) => void) => {
  const ticker = new KiteTicker({ api_key: 'bench', access_token: 'bench', reconnect: false }) as unknown as {
    parseBinary(frame: ArrayBuffer): unknown[];
  };
  // parseBinary takes an ArrayBuffer (what the client's socket hands it); converting is not timed.
  const buffers = new WeakMap<Buffer, ArrayBuffer>();
  const asArrayBuffer = (frame: Buffer): ArrayBuffer => {
    let buffer = buffers.get(frame);
    if (buffer === undefined) {
      buffer = frame.buffer.slice(frame.byteOffset, frame.byteOffset + frame.byteLength) as ArrayBuffer;
      buffers.set(frame, buffer);
    }
    return buffer;
  };
  return (frames) => {
    for (let i = 0; i < frames.length; i++) {
      ticker.parseBinary(asArrayBuffer(frames[i]!));
    }
  };
};

const rate = (r: Result): number => r.packets / r.seconds;
const nsPerPacket = (r: Result): number => (r.seconds * MS_PER_S * NS_PER_MS) / r.packets;

const row = (r: Result): string => {
  const cells = [
    r.name,
    r.packets.toLocaleString('en-US'),
    Math.round(rate(r)).toLocaleString('en-US'),
    nsPerPacket(r).toFixed(1),
    String(r.gcs ?? '–'),
    r.bytesPerPacket === undefined ? '–' : r.bytesPerPacket.toFixed(2),
  ];
  return `| ${cells.join(' | ')} |`;
};

const main = async (): Promise<void> => {
  const [one, five] = loadavg();
  console.log(`load average before: ${one!.toFixed(2)} (1 min), ${five!.toFixed(2)} (5 min); node ${process.version}`);
  const mixed = recordFrames(FRAMES, 'mixed');
  const full = recordFrames(FRAMES, 'full');
  const oracleFrames = mixed.slice(0, ORACLE_FRAMES);
  console.log(
    `recorded ${mixed.length} mixed frames (${packetCount(mixed).toLocaleString('en-US')} packets: full, quote, index; ` +
      `1–${MAX_PACKETS_PER_FRAME} per frame) and ${full.length} full-only frames`,
  );
  const results = await runRounds([
    {
      name: 'kiteconnect parseBinary (mixed)',
      frames: oracleFrames,
      pass: officialParser(),
      roundSeconds: ROUND_SECONDS,
    },
    {
      name: 'ours, decoder alone (same frames as parseBinary)',
      frames: oracleFrames,
      pass: decoderAlone(),
      roundSeconds: ROUND_SECONDS,
    },
    { name: 'ours, decoder alone (mixed)', frames: mixed, pass: decoderAlone(), roundSeconds: ROUND_SECONDS },
    { name: 'ours, decode + hand-off (mixed)', frames: mixed, pass: withHandOff(), roundSeconds: ROUND_SECONDS },
    { name: 'ours, decode + hand-off (full only)', frames: full, pass: withHandOff(), roundSeconds: ROUND_SECONDS },
  ]);
  const [oracle, oursSame, ours, oursHandOff, oursFull] = results as [Result, Result, Result, Result, Result];
  console.log('');
  console.log(
    `| implementation | packets (all rounds) | packets/s (median of ${ROUNDS} rounds) | ns/packet | GCs in its rounds | heap bytes allocated/packet |`,
  );
  console.log('|---|---:|---:|---:|---:|---:|');
  for (const r of [oracle, oursSame, ours, oursHandOff, oursFull]) {
    console.log(row(r));
  }
  console.log('');
  console.log(`ratio (ours / parseBinary, same frames): ${(rate(oursSame) / rate(oracle)).toFixed(0)}x  (goal ≥ 300x)`);
  console.log(
    `decode + hand-off, full packets: ${Math.round(rate(oursFull)).toLocaleString('en-US')} packets/s  (goal ≥ 5,000,000)`,
  );
  const perFrame = (r: Result, frames: readonly Buffer[]) =>
    ((r.bytesPerPacket ?? 0) * packetCount(frames)) / frames.length;
  console.log(
    `allocation: about ${perFrame(ours, mixed).toFixed(0)} heap bytes per frame decoded (${perFrame(oursHandOff, mixed).toFixed(0)} with the hand-off), ` +
      `${(packetCount(mixed) / mixed.length).toFixed(1)} packets per frame on average: nothing per packet (goal: zero allocation per packet)`,
  );
  const [after] = loadavg();
  console.log(`load average after: ${after!.toFixed(2)} (1 min)`);
};

await main();
