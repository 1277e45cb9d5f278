/**
 * `npm run bench:sim`: how many quote-mode and full-mode packets per second the simulator's WebSocket ticker
 * emits on one core over real WebSocket connections.
 *
 * The simulator (startKiteSimulator(): market model, clock, REST and ticker on one http.Server) runs in this
 * process, whose event loop is a single thread: that is the "one core". The client runs in a forked child
 * process so that reading and counting frames does not steal the server's core. The child counts packets from
 * each frame's uint16 header (it does not decode them); the server-side figure comes from the ticker's own
 * counters, and the CPU figure is this process's user+system time over the same window. The offered rate
 * (connections x instruments x rate) is set above what one core can encode, so the figure is the capacity;
 * the frame interval is shorter than the tick period, so no instrument is sent twice in one pass and every
 * packet is a fresh model state.
 *
 * Flags: --seconds N (measurement window per mode, default 8), --connections N (default 3),
 * --instruments N (per connection, default 3000), --rate N (ticks/s per instrument, default 100).
 */
import { fork } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { WebSocket } from 'ws';
import { DEFAULT_UNDERLYINGS } from '../src/simulator/market/index.js';
import type { SimUser } from '../src/simulator/session/session-store.js';
import { startKiteSimulator } from '../src/simulator/simulator.js';
import type { TickMode } from '../src/simulator/ticker/index.js';

const WARM_UP_MS = 1500;
const FRAME_INTERVAL_MS = 5;
/** Chains wide enough to list more than connections × instruments distinct tokens. */
const STRIKES_EACH_SIDE = 300;
/** A trading day inside market hours (Wednesday 2026-11-25 11:00 IST). */
const MARKET_OPEN_MS = Date.UTC(2026, 10, 25, 5, 30);
const API_KEY_PREFIX = 'bench-key-';
const ACCESS_TOKEN = 'bench-token';
const CONNECTIONS_PER_KEY = 3;
const SEED = 7;
/** A slow reader would otherwise queue without bound; beyond this the ticker drops (and counts) its ticks. */
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;
const TARGET_PACKETS_PER_SECOND = 200_000;
const MODES: readonly TickMode[] = ['quote', 'full'];

interface ClientPlan {
  url: string;
  connections: { apiKey: string; tokens: number[] }[];
}
type ToClient =
  { kind: 'plan'; plan: ClientPlan } | { kind: 'mode'; mode: TickMode } | { kind: 'report' } | { kind: 'stop' };
type FromClient = { kind: 'ready' } | { kind: 'report'; packets: number; frames: number; bytes: number };

const { values: flags } = parseArgs({
  options: {
    client: { type: 'boolean', default: false },
    seconds: { type: 'string', default: '8' },
    connections: { type: 'string', default: '3' },
    instruments: { type: 'string', default: '3000' },
    rate: { type: 'string', default: '100' },
  },
});

const runClient = (): void => {
  process.once('message', (message: ToClient) => {
    if (message.kind === 'plan') {
      openConnections(message.plan);
    }
  });
};

const openConnections = (plan: ClientPlan): void => {
  const counts = { packets: 0, frames: 0, bytes: 0 };
  const sockets: { socket: WebSocket; tokens: number[] }[] = [];
  const send = (message: FromClient): void => void process.send?.(message);
  let open = 0;
  for (const { apiKey, tokens } of plan.connections) {
    const socket = new WebSocket(`${plan.url}?api_key=${apiKey}&access_token=${ACCESS_TOKEN}&uid=${Date.now()}`);
    sockets.push({ socket, tokens });
    socket.on('message', (data: Buffer, isBinary) => {
      if (isBinary && data.length > 2) {
        counts.packets += data.readUInt16BE(0);
        counts.frames += 1;
        counts.bytes += data.length;
      }
    });
    socket.on('open', () => {
      socket.send(JSON.stringify({ a: 'subscribe', v: tokens }));
      open += 1;
      if (open === plan.connections.length) {
        send({ kind: 'ready' });
      }
    });
    socket.on('error', (error) => {
      console.error(`client: ${error.message}`);
      process.exit(1);
    });
  }
  process.on('message', (message: ToClient) => {
    switch (message.kind) {
      case 'mode':
        sockets.forEach(({ socket, tokens }) => socket.send(JSON.stringify({ a: 'mode', v: [message.mode, tokens] })));
        return;
      case 'report':
        send({ kind: 'report', ...counts });
        return;
      case 'stop':
        sockets.forEach(({ socket }) => socket.terminate());
        process.exit(0);
        return;
      case 'plan':
        return;
    }
  });
};

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const runServer = async (): Promise<void> => {
  const seconds = Number(flags.seconds);
  const connectionCount = Number(flags.connections);
  const perConnection = Number(flags.instruments);
  const rate = Number(flags.rate);

  const keys = Math.ceil(connectionCount / CONNECTIONS_PER_KEY);
  const users: SimUser[] = Array.from({ length: keys }, (_, k) => ({
    userId: `BENCH${k}`,
    userName: `Bench ${k}`,
    email: `bench${k}@example.com`,
    apiKey: `${API_KEY_PREFIX}${k}`,
    apiSecret: `bench-secret-${k}`,
    accessToken: ACCESS_TOKEN,
  }));
  const sim = await startKiteSimulator({
    seed: SEED,
    users,
    clock: { mode: 'shifted', offsetMs: MARKET_OPEN_MS - Date.now(), phaseOverride: 'open' },
    market: { underlyings: DEFAULT_UNDERLYINGS.map((spec) => ({ ...spec, strikesEachSide: STRIKES_EACH_SIDE })) },
    ticker: {
      ticksPerSecondPerInstrument: rate,
      tickJitter: 0.1,
      frameIntervalMs: FRAME_INTERVAL_MS,
      maxInstrumentsPerConnection: perConnection,
      maxBufferedBytes: MAX_BUFFERED_BYTES,
      slowConsumerPolicy: 'drop-ticks',
    },
  });
  const ticker = sim.ticker!;
  const market = sim.model;

  const tokens = market.instruments().map((i) => i.instrumentToken);
  const plan: ClientPlan = {
    url: sim.wsUrl,
    connections: Array.from({ length: connectionCount }, (_, c) => ({
      apiKey: `${API_KEY_PREFIX}${Math.floor(c / CONNECTIONS_PER_KEY)}`,
      tokens: Array.from({ length: perConnection }, (_, i) => tokens[(c * perConnection + i) % tokens.length]!),
    })),
  };
  // The plan travels over IPC: 9000 tokens would come close to the kernel's limit for one argv string.
  const child = fork(fileURLToPath(import.meta.url), ['--client'], { stdio: 'inherit' });
  child.send({ kind: 'plan', plan } satisfies ToClient);
  const nextMessage = (kind: FromClient['kind']): Promise<FromClient> =>
    new Promise((resolve) => {
      const listener = (message: FromClient): void => {
        if (message.kind === kind) {
          child.off('message', listener);
          resolve(message);
        }
      };
      child.on('message', listener);
    });
  const clientReport = async () => {
    const reply = nextMessage('report');
    child.send({ kind: 'report' } satisfies ToClient);
    return (await reply) as Extract<FromClient, { kind: 'report' }>;
  };
  await nextMessage('ready');

  const offered = connectionCount * perConnection * rate;
  console.log('Kite simulator ticker benchmark (server: this process, one event-loop thread; client: child process)');
  console.log(
    `${connectionCount} connections x ${perConnection} instruments, ${rate} ticks/s per instrument ` +
      `(offered ${offered.toLocaleString('en-US')} packets/s), frame interval ${FRAME_INTERVAL_MS} ms, ` +
      `${tokens.length} instruments listed, ${seconds} s per mode`,
  );
  const results: Record<string, number> = {};
  for (const mode of MODES) {
    child.send({ kind: 'mode', mode } satisfies ToClient);
    await sleep(WARM_UP_MS);
    const before = { stats: ticker.stats(), client: await clientReport(), cpu: process.cpuUsage() };
    const startedAt = performance.now();
    await sleep(seconds * 1000);
    const elapsedS = (performance.now() - startedAt) / 1000;
    const after = { stats: ticker.stats(), client: await clientReport(), cpu: process.cpuUsage(before.cpu) };
    const emitted = (after.stats.packetsSent - before.stats.packetsSent) / elapsedS;
    const received = (after.client.packets - before.client.packets) / elapsedS;
    const frames = (after.stats.framesSent - before.stats.framesSent) / elapsedS;
    const dropped = (after.stats.ticksDropped - before.stats.ticksDropped) / elapsedS;
    const cpu = (after.cpu.user + after.cpu.system) / 1e6 / elapsedS;
    const mbps = (after.client.bytes - before.client.bytes) / elapsedS / 1e6;
    results[mode] = emitted;
    console.log(
      `${mode.padEnd(5)} mode: ${Math.round(emitted).toLocaleString('en-US')} packets/s emitted ` +
        `(${Math.round(frames).toLocaleString('en-US')} frames/s, server CPU ${(cpu * 100).toFixed(0)}% of one core, ` +
        `${Math.round(emitted / cpu).toLocaleString('en-US')} packets per CPU-second); ` +
        `client received ${Math.round(received).toLocaleString('en-US')} packets/s (${mbps.toFixed(1)} MB/s); ` +
        `dropped for backpressure ${Math.round(dropped).toLocaleString('en-US')}/s`,
    );
  }
  const worst = Math.min(...Object.values(results));
  console.log(
    `target >= ${TARGET_PACKETS_PER_SECOND.toLocaleString('en-US')} packets/s: ${worst >= TARGET_PACKETS_PER_SECOND ? 'met' : 'NOT met'}`,
  );
  child.send({ kind: 'stop' } satisfies ToClient);
  await sim.handle.stop();
};

if (flags.client) {
  runClient();
} else {
  await runServer();
}
