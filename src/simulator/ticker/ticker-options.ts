import type { TickMode } from './packet-encoder.js';

/** What to do with a connection whose unsent WebSocket buffer exceeds `maxBufferedBytes`. */
export type SlowConsumerPolicy = 'drop-ticks' | 'disconnect';

export interface TickerOptions {
  /** Mode given to tokens subscribed without an explicit `mode` message (Kite: quote). */
  defaultMode: TickMode;
  /** Kite allows 3 WebSocket connections per api key. */
  maxConnectionsPerApiKey: number;
  /** Kite allows 3000 instruments per connection; the excess is answered with an error text frame. */
  maxInstrumentsPerConnection: number;
  /** Kite sends a 1-byte heartbeat "every couple of seconds"; the official client gives up after 5 s. */
  heartbeatIntervalMs: number;
  /** Average ticks per second per subscribed instrument (1–2 is realistic; thousands for benchmarks). */
  ticksPerSecondPerInstrument: number;
  /** ± fraction of the tick period applied at random to each instrument's next tick (0 = metronome). */
  tickJitter: number;
  /** The scheduler batches every instrument due within this interval into one frame per connection. */
  frameIntervalMs: number;
  /**
   * Upper bound of packets in one frame (at most 65535: the header is a uint16 count). More due packets go out
   * as further frames. The encoder preallocates room for this many full packets (186 bytes each).
   */
  maxPacketsPerFrame: number;
  /** Send ticks while the clock says 'closed' or 'holiday'. Snapshots on subscribe/mode are always sent (the model
   * holds closed-market prices at the last close). */
  ticksWhenClosed: boolean;
  /** Backpressure bound: unsent bytes queued on one connection before the slow-consumer policy applies. */
  maxBufferedBytes: number;
  slowConsumerPolicy: SlowConsumerPolicy;
  /** Bound on connections across all api keys; upgrades beyond it get HTTP 503. */
  maxTotalConnections: number;
  /** Largest accepted client message; a bigger one closes the connection with 1009 (message too big). */
  maxClientMessageBytes: number;
  /** Seed of the jitter generator, so tick timing is reproducible. */
  seed: number;
}

const KITE_MAX_CONNECTIONS_PER_API_KEY = 3;
const KITE_MAX_INSTRUMENTS_PER_CONNECTION = 3000;
const HEARTBEAT_INTERVAL_MS = 1500;
const REALISTIC_TICKS_PER_SECOND = 1.5;
const REALISTIC_TICK_JITTER = 0.3;
const FRAME_INTERVAL_MS = 50;
const UINT16_MAX = 0xffff;
const MAX_PACKETS_PER_FRAME = 4096;
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;
const MAX_CLIENT_MESSAGE_BYTES = 256 * 1024;
const DEFAULT_SEED = 1;
const MAX_TOTAL_CONNECTIONS = 1000;
/** Below 1 so an instrument's next tick is always strictly later than its last. */
const MAX_TICK_JITTER = 0.9;

export const DEFAULT_TICKER_OPTIONS: Readonly<TickerOptions> = Object.freeze({
  defaultMode: 'quote',
  maxConnectionsPerApiKey: KITE_MAX_CONNECTIONS_PER_API_KEY,
  maxInstrumentsPerConnection: KITE_MAX_INSTRUMENTS_PER_CONNECTION,
  heartbeatIntervalMs: HEARTBEAT_INTERVAL_MS,
  ticksPerSecondPerInstrument: REALISTIC_TICKS_PER_SECOND,
  tickJitter: REALISTIC_TICK_JITTER,
  frameIntervalMs: FRAME_INTERVAL_MS,
  maxPacketsPerFrame: MAX_PACKETS_PER_FRAME,
  ticksWhenClosed: false,
  maxBufferedBytes: MAX_BUFFERED_BYTES,
  slowConsumerPolicy: 'drop-ticks',
  maxTotalConnections: MAX_TOTAL_CONNECTIONS,
  maxClientMessageBytes: MAX_CLIENT_MESSAGE_BYTES,
  seed: DEFAULT_SEED,
});

export const resolveTickerOptions = (options: Partial<TickerOptions> = {}): TickerOptions => {
  const resolved: TickerOptions = { ...DEFAULT_TICKER_OPTIONS, ...stripUndefined(options) };
  resolved.maxPacketsPerFrame = Math.min(Math.max(1, Math.floor(resolved.maxPacketsPerFrame)), UINT16_MAX);
  resolved.tickJitter = Math.min(Math.max(0, resolved.tickJitter), MAX_TICK_JITTER);
  resolved.frameIntervalMs = Math.max(1, resolved.frameIntervalMs);
  return resolved;
};

const stripUndefined = <T extends object>(value: T): Partial<T> =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
