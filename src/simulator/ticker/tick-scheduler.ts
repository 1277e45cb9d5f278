import { performance } from 'node:perf_hooks';
import type { MarketPhase, MarketView, SimClockView } from '../contracts/simulator.contracts.js';
import { FrameEncoder } from './packet-encoder.js';
import { SeededRandom } from './seeded-random.js';
import type { TickerConnection } from './ticker-connection.js';
import type { TickerOptions } from './ticker-options.js';

/** An instrument may tick several times in one pass at high rates; this factor bounds the catch-up. */
const CATCH_UP_FACTOR = 2;
const HEARTBEAT_BYTE = 0;

const TICKING_PHASES: ReadonlySet<MarketPhase> = new Set<MarketPhase>(['open', 'pre-open']);

export interface SchedulerDeps {
  market: MarketView;
  clock: SimClockView;
  options: TickerOptions;
  connections: () => Iterable<TickerConnection>;
  /** Monotonic milliseconds; performance.now unless a test drives time by hand. */
  monotonicNow?: () => number;
}

/**
 * One shared timer for every connection: each pass collects, per connection, every subscribed instrument whose
 * next tick is due and sends them as one frame (several if a frame would exceed `maxPacketsPerFrame`).
 * A second timer sends heartbeats. Timing is in monotonic real milliseconds; prices come from the market at
 * the simulated clock's time.
 */
export class TickScheduler {
  readonly totals = { slowConsumerDisconnects: 0 };
  private readonly encoder: FrameEncoder;
  private readonly random: SeededRandom;
  private readonly periodMs: number;
  private readonly maxTicksPerInstrumentPerPass: number;
  private readonly now: () => number;
  private frameTimer: NodeJS.Timeout | undefined;
  private heartbeatTimer: NodeJS.Timeout | undefined;

  constructor(private readonly deps: SchedulerDeps) {
    const { options } = deps;
    this.encoder = new FrameEncoder(options.maxPacketsPerFrame);
    this.random = new SeededRandom(options.seed);
    this.now = deps.monotonicNow ?? (() => performance.now());
    this.periodMs = options.ticksPerSecondPerInstrument > 0 ? 1000 / options.ticksPerSecondPerInstrument : Infinity;
    this.maxTicksPerInstrumentPerPass = Math.max(
      1,
      Math.ceil((options.frameIntervalMs / this.periodMs) * CATCH_UP_FACTOR),
    );
  }

  start(): void {
    this.frameTimer ??= setInterval(() => this.runPass(), this.deps.options.frameIntervalMs);
    this.heartbeatTimer ??= setInterval(() => this.sendHeartbeats(), this.deps.options.heartbeatIntervalMs);
    this.frameTimer.unref();
    this.heartbeatTimer.unref();
  }

  stop(): void {
    clearInterval(this.frameTimer);
    clearInterval(this.heartbeatTimer);
    this.frameTimer = undefined;
    this.heartbeatTimer = undefined;
  }

  /** When a newly subscribed instrument first ticks: spread over one period so instruments don't tick in step. */
  firstDueMs(nowMs: number = this.now()): number {
    return nowMs + this.periodMs * this.random.next();
  }

  /** One packet per given subscribed token, sent immediately (Kite answers subscribe and mode with a snapshot). */
  sendSnapshot(connection: TickerConnection, tokens: readonly number[]): void {
    const now = this.now();
    if (!connection.isOpen || connection.ticksStalled(now)) {
      return;
    }
    const { market, clock } = this.deps;
    const simNow = clock.now();
    for (const token of tokens) {
      const subscription = connection.subscriptions.get(token);
      const state = market.tick(token, simNow);
      if (subscription === undefined || state === undefined) {
        continue;
      }
      if (this.encoder.isFull) {
        this.flush(connection);
      }
      this.encoder.add(state, subscription.mode);
    }
    this.flush(connection);
  }

  runPass(): void {
    const now = this.now();
    if (!this.isTicking()) {
      return;
    }
    const simNow = this.deps.clock.now();
    for (const connection of this.deps.connections()) {
      if (!connection.isOpen || connection.ticksStalled(now)) {
        continue;
      }
      if (connection.bufferedBytes > this.deps.options.maxBufferedBytes) {
        this.handleSlowConsumer(connection, now);
        continue;
      }
      this.emitDue(connection, now, simNow);
    }
  }

  /** The clock's current phase (called without a time so that a phase override applies). */
  private isTicking(): boolean {
    return this.deps.options.ticksWhenClosed || TICKING_PHASES.has(this.deps.clock.phase());
  }

  private emitDue(connection: TickerConnection, now: number, simNow: number): void {
    const { market } = this.deps;
    const encoder = this.encoder;
    const maxPerPass = this.maxTicksPerInstrumentPerPass;
    for (const subscription of connection.subscriptions.values()) {
      let emitted = 0;
      while (subscription.nextDueMs <= now && emitted < maxPerPass) {
        const state = market.tick(subscription.token, simNow);
        if (state === undefined) {
          break;
        }
        if (encoder.isFull) {
          this.flush(connection);
        }
        encoder.add(state, subscription.mode);
        subscription.nextDueMs = this.nextDueAfter(subscription.nextDueMs);
        emitted += 1;
      }
      if (subscription.nextDueMs <= now) {
        // Too far behind (timer lag, a stall, a closed market): skip the backlog rather than burst it.
        subscription.nextDueMs = this.nextDueAfter(now);
      }
    }
    this.flush(connection);
  }

  private flush(connection: TickerConnection): void {
    const packets = this.encoder.packetCount;
    const frame = this.encoder.finish();
    if (frame !== undefined) {
      connection.sendBinary(frame, packets);
    }
  }

  private nextDueAfter(dueMs: number): number {
    const jitter = this.deps.options.tickJitter;
    return dueMs + this.periodMs * (1 + jitter * (2 * this.random.next() - 1));
  }

  /**
   * Backpressure: the client is not reading fast enough. 'drop-ticks' skips (and counts) every tick now due;
   * 'disconnect' drops the TCP connection (a close frame would only queue behind the backlog).
   */
  private handleSlowConsumer(connection: TickerConnection, now: number): void {
    if (this.deps.options.slowConsumerPolicy === 'disconnect') {
      this.totals.slowConsumerDisconnects += 1;
      connection.socket.terminate();
      return;
    }
    for (const subscription of connection.subscriptions.values()) {
      if (subscription.nextDueMs <= now) {
        connection.counters.ticksDropped += 1;
        subscription.nextDueMs = this.nextDueAfter(now);
      }
    }
  }

  private sendHeartbeats(): void {
    const now = this.now();
    for (const connection of this.deps.connections()) {
      if (!connection.isSilenced(now)) {
        connection.sendRaw(Buffer.from([HEARTBEAT_BYTE]));
      }
    }
  }
}
