import { performance } from 'node:perf_hooks';
import { WebSocket, type RawData } from 'ws';
import type { TickerConnectionInfo } from '../contracts/simulator.contracts.js';
import type { TickMode } from './packet-encoder.js';

/** Close codes a server may put in a close frame (RFC 6455 §7.4; 1004–1006 and 1015 are reserved). */
const SENDABLE_CLOSE_CODE_RANGES: readonly (readonly [number, number])[] = [
  [1000, 1003],
  [1007, 1014],
  [3000, 4999],
];

export const isSendableCloseCode = (code: number): boolean =>
  Number.isInteger(code) && SENDABLE_CLOSE_CODE_RANGES.some(([low, high]) => code >= low && code <= high);

export const rawDataToText = (data: RawData): string => {
  if (Array.isArray(data)) {
    return Buffer.concat(data).toString('utf8');
  }
  return data instanceof ArrayBuffer ? Buffer.from(data).toString('utf8') : data.toString('utf8');
};

export interface Subscription {
  readonly token: number;
  mode: TickMode;
  /** Monotonic ms (performance.now) at which this instrument's next tick is due. */
  nextDueMs: number;
}

export interface ConnectionCounters {
  packetsSent: number;
  framesSent: number;
  /** Ticks not sent because the connection's send buffer was over the backpressure bound. */
  ticksDropped: number;
}

/** One client WebSocket: its subscriptions (bounded by the per-connection instrument cap) and fault state. */
export class TickerConnection {
  readonly subscriptions = new Map<number, Subscription>();
  readonly counters: ConnectionCounters = { packetsSent: 0, framesSent: 0, ticksDropped: 0 };
  /** Monotonic ms until which no ticks are sent (heartbeats continue). */
  ticksStalledUntilMs = 0;
  /** Monotonic ms until which nothing at all is sent. */
  allStalledUntilMs = 0;

  constructor(
    readonly connectionId: string,
    readonly apiKey: string,
    readonly userId: string,
    readonly socket: WebSocket,
    readonly connectedAtMs: number,
    /** The monotonic source the stall windows were set with. */
    private readonly monotonicNow: () => number = () => performance.now(),
    /** The access token it was opened with (token expiry mid-stream drops exactly these); never reported. */
    readonly accessToken = '',
  ) {}

  get isOpen(): boolean {
    return this.socket.readyState === WebSocket.OPEN;
  }

  get bufferedBytes(): number {
    return this.socket.bufferedAmount;
  }

  isSilenced(nowMs: number): boolean {
    return nowMs < this.allStalledUntilMs;
  }

  ticksStalled(nowMs: number): boolean {
    return nowMs < this.ticksStalledUntilMs || nowMs < this.allStalledUntilMs;
  }

  sendBinary(frame: Buffer, packets: number): void {
    if (!this.isOpen) {
      return;
    }
    this.socket.send(frame, { binary: true });
    this.counters.framesSent += 1;
    this.counters.packetsSent += packets;
  }

  /** Raw bytes, e.g. heartbeats and deliberately malformed frames; not counted as tick packets. */
  sendRaw(frame: Buffer): void {
    if (this.isOpen) {
      this.socket.send(frame, { binary: true });
    }
  }

  /** Dropped while the connection is silenced (stallAll), as a hung server would lose them. */
  sendText(type: 'error' | 'order' | 'message', data: unknown): void {
    if (this.isOpen && !this.isSilenced(this.monotonicNow())) {
      this.socket.send(JSON.stringify({ type, data }), { binary: false });
    }
  }

  info(withSubscriptions = false): TickerConnectionInfo {
    return {
      connectionId: this.connectionId,
      apiKey: this.apiKey,
      userId: this.userId,
      subscribedCount: this.subscriptions.size,
      connectedAtMs: this.connectedAtMs,
      ...(withSubscriptions
        ? {
            subscriptions: [...this.subscriptions.values()]
              .map((s): [number, TickMode] => [s.token, s.mode])
              .sort((a, b) => a[0] - b[0]),
          }
        : {}),
    };
  }
}
