import { performance } from 'node:perf_hooks';
import type { TickBatch, TickBatchOrigin, TickSink } from '../../../common/market-data/index.js';
import type { Clock } from '../../../common/time/index.js';
import { HEARTBEAT_FRAME, MALFORMED_FRAME, type TickDecoder } from '../decoder/tick-decoder.js';

const MS_PER_SECOND = 1000;

/**
 * Where decoded batches go: the attached TickSink (the TickPipeline), or nowhere (counted) until one is
 * attached. One per pool; the sink must not throw, but a throw is caught and counted so one bad batch
 * cannot take a socket down.
 */
export class HandOff implements TickSink {
  private target: TickSink | undefined;
  batches = 0;
  packets = 0;
  discardedBatches = 0;
  discardedPackets = 0;
  sinkErrors = 0;
  lastSinkError: unknown;
  /** Told how long each delivered batch took the sink, in seconds (a metric); unset in benchmarks. */
  timing: ((seconds: number) => void) | undefined;

  attach(sink: TickSink): void {
    this.target = sink;
  }

  get attached(): boolean {
    return this.target !== undefined;
  }

  onTicks(batch: TickBatch): void {
    const target = this.target;
    if (target === undefined) {
      this.discardedBatches += 1;
      this.discardedPackets += batch.length;
      return;
    }
    this.batches += 1;
    this.packets += batch.length;
    const started = this.timing === undefined ? 0 : performance.now();
    try {
      target.onTicks(batch);
    } catch (error) {
      this.sinkErrors += 1;
      this.lastSinkError = error;
    }
    if (this.timing !== undefined) {
      this.timing((performance.now() - started) / MS_PER_SECOND);
    }
  }
}

/** Per-connection counters, read by metrics and GET /websocket-pool (plain numbers: the hot path stays cheap). */
export interface ReceiveCounters {
  frames: number;
  heartbeats: number;
  packets: number;
  malformed: number;
  textFrames: number;
}

/**
 * The hot path of one connection: stamps each binary frame with its origin (account, connection, monotonic
 * and wall receive time, sequence), decodes it into the shared batch and hands it off synchronously, in
 * arrival order. Liveness times are monotonic (performance.now()).
 */
export class FrameReceiver {
  readonly counters: ReceiveCounters = { frames: 0, heartbeats: 0, packets: 0, malformed: 0, textFrames: 0 };
  /** Monotonic ms of the last frame of any kind (heartbeats and text included); 0 before the first. */
  lastFrameAtMs = 0;
  /** Monotonic ms of the last frame that carried at least one tick. */
  lastTickAtMs = 0;
  private readonly origin: TickBatchOrigin;
  private frameSeq = 0;

  constructor(
    accountId: string,
    connectionId: string,
    private readonly decoder: TickDecoder,
    private readonly handOff: HandOff,
    private readonly clock: Clock,
  ) {
    this.origin = {
      source: 'live',
      accountId,
      connectionId,
      receivedAtMonoMs: 0,
      receivedAtMs: 0,
      frameSeq: 0,
    };
  }

  /** Returns MALFORMED_FRAME when the frame was skipped, so the caller can log it (rate-limited). */
  onBinary(frame: Uint8Array): number {
    const now = performance.now();
    const counters = this.counters;
    this.lastFrameAtMs = now;
    counters.frames += 1;
    const origin = this.origin;
    origin.receivedAtMonoMs = now;
    origin.receivedAtMs = this.clock.now();
    origin.frameSeq = ++this.frameSeq;
    const packets = this.decoder.decode(frame, origin, this.handOff);
    if (packets > 0) {
      counters.packets += packets;
      this.lastTickAtMs = now;
    } else if (packets === HEARTBEAT_FRAME) {
      counters.heartbeats += 1;
    } else if (packets === MALFORMED_FRAME) {
      counters.malformed += 1;
    }
    return packets;
  }

  onText(): void {
    this.lastFrameAtMs = performance.now();
    this.counters.frames += 1;
    this.counters.textFrames += 1;
  }

  /** A fresh socket: nothing received on it yet, but the watchdog measures silence from now. */
  restart(): void {
    const now = performance.now();
    this.lastFrameAtMs = now;
    this.lastTickAtMs = now;
  }
}
