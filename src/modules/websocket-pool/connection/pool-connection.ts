import { Logger } from '@nestjs/common';
import { performance } from 'node:perf_hooks';
import { WebSocket, type RawData } from 'ws';
import type { TaskReporter } from '../../../infra/supervisor/index.js';
import type { TickerSession } from '../../accounts/index.js';
import { MALFORMED_FRAME } from '../decoder/tick-decoder.js';
import { TICK_MODES, type TickMode } from '../planning/tick-mode.js';
import { FrameReceiver } from './frame-receiver.js';
import type { ConnectionEnvironment } from './connection-environment.js';
import { reconnectDelayMs } from './reconnect-backoff.js';
import { SubscriptionSync } from './subscription-sync.js';

export const CONNECTION_STATES = ['idle', 'connecting', 'open', 'backoff', 'stopped'] as const;
/**
 * idle: nothing to stream, no socket; connecting: handshake in flight; open: streaming; backoff: waiting to
 * redial after a failure; stopped: the account has no usable session (needs_login) or the pool shut down.
 */
export type ConnectionState = (typeof CONNECTION_STATES)[number];

export const RECONNECT_REASONS = [
  'dropped',
  'closed',
  'stale',
  'no_ticks',
  'refused',
  'rejected',
  'handshake_failed',
  'timeout',
  'too_large',
] as const;
export type ReconnectReason = (typeof RECONNECT_REASONS)[number];

const KITE_VERSION_HEADER = { 'X-Kite-Version': '3' };
const ABNORMAL_CLOSURE = 1006;
const MESSAGE_TOO_BIG = 1009;
const HTTP_FORBIDDEN = 403;
const HTTP_TOO_MANY_REQUESTS = 429;
const HTTP_SERVER_ERROR = 500;
const UNEXPECTED_RESPONSE = /Unexpected server response: (\d{3})/;

const rawToBuffer = (data: RawData): Buffer =>
  Array.isArray(data) ? Buffer.concat(data) : data instanceof ArrayBuffer ? Buffer.from(data) : data;

/** Kite's ticker URL: `root?api_key=…&access_token=…`. Contains the access token: never log it. */
const tickerUrl = (root: string, session: TickerSession): string => {
  const url = new URL(root);
  url.searchParams.set('api_key', session.apiKey);
  url.searchParams.set('access_token', session.accessToken);
  return url.toString();
};

/**
 * One Kite ticker socket of an account (slot 0..connectionsPerAccount−1). Holds its share of the plan
 * (`desired`: token → mode) and what it has sent on the current socket (`sent`), and converges the two by
 * sending only differences. Every (re)connect starts from nothing sent, so the whole assignment is replayed
 * with its modes. Reconnects with capped exponential backoff and jitter; never gives up while it has
 * something to stream (or is probing after being declared down).
 */
export class PoolConnection {
  private readonly logger = new Logger('WebSocketPool');
  readonly id: string;
  readonly receiver: FrameReceiver;
  state: ConnectionState = 'idle';
  reconnects = 0;
  lastError: string | null = null;
  /** Monotonic ms since which this connection has failed to stream (drop or failed dial); cleared on open. */
  failingSinceMs: number | undefined;
  /** Declared down by the watchdog (failing for failoverAfterMs): its tokens were moved; it keeps probing. */
  down = false;
  /** Monotonic ms of the last subscribe sent: the no-ticks watchdog measures from here at the earliest. */
  lastSubscribedAtMs = 0;
  openedAtMs: number | undefined;
  private readonly sync = new SubscriptionSync();
  private socket: WebSocket | undefined;
  private attempt = 0;
  private timer: NodeJS.Timeout | undefined;
  private pendingReason: ReconnectReason | undefined;
  private reporter: TaskReporter | undefined;
  /** The current socket has delivered a frame (see confirm()). */
  private confirmed = false;

  constructor(
    readonly accountId: string,
    readonly slot: number,
    private readonly env: ConnectionEnvironment,
  ) {
    this.id = `${accountId}#${slot + 1}`;
    this.receiver = new FrameReceiver(accountId, this.id, env.decoder, env.handOff, env.clock);
  }

  /** This connection's share of the plan: token → mode. */
  get desired(): ReadonlyMap<number, TickMode> {
    return this.sync.desired;
  }

  /** Tokens subscribed on the current socket (what Kite streams to us now). */
  get subscribedCount(): number {
    return this.sync.sentCount;
  }

  /** Nothing left to send: the socket is open and Kite was sent the whole assignment. */
  get synced(): boolean {
    return this.state === 'open' && !this.sync.pending;
  }

  assign(token: number, mode: TickMode): void {
    this.sync.assign(token, mode);
  }

  unassign(token: number): void {
    this.sync.unassign(token);
  }

  /** Dials when there is something to stream (or a probe to run) and no socket yet. Called after planning. */
  ensureRunning(): void {
    if (this.state === 'stopped') {
      this.state = 'idle';
    }
    if (this.state === 'idle' && (this.desired.size > 0 || this.down)) {
      this.dial();
    }
  }

  /** Sends what changed since the last flush: unsubscribes first (frees room under Kite's cap), then subscribes, then modes. */
  flush(): void {
    const socket = this.socket;
    if (this.state !== 'open' || socket === undefined || !this.sync.pending) {
      return;
    }
    const diff = this.sync.takeDiff();
    this.sendChunked(socket, 'unsubscribe', diff.unsubscribe);
    this.sendChunked(socket, 'subscribe', diff.subscribe);
    for (const mode of TICK_MODES) {
      this.sendChunked(socket, 'mode', diff.modes[mode], mode);
    }
    if (diff.subscribe.length > 0) {
      this.lastSubscribedAtMs = performance.now();
    }
  }

  /** Drops the socket now and reconnects (watchdog: silent socket, or no ticks during market hours). */
  forceReconnect(reason: ReconnectReason): void {
    if (this.socket !== undefined) {
      this.pendingReason = reason;
      this.socket.terminate();
    }
  }

  /** No session (needs_login) or shutdown: closes the socket, forgets what was sent, stops redialling. */
  stop(): void {
    this.state = 'stopped';
    this.clearTimer();
    this.failingSinceMs = undefined;
    this.down = false;
    this.attempt = 0;
    this.confirmed = false;
    this.forgetSent();
    const socket = this.socket;
    this.socket = undefined;
    socket?.terminate();
  }

  private dial(): void {
    const session = this.env.sessions.tickerSession(this.accountId);
    if (session === undefined) {
      // The session event that made the account inactive stops this connection; until then, wait.
      this.state = 'stopped';
      return;
    }
    this.reporter ??= this.env.reporterFor(this);
    this.state = 'connecting';
    const socket = new WebSocket(tickerUrl(this.env.config.root, session), {
      headers: KITE_VERSION_HEADER,
      handshakeTimeout: this.env.config.connectTimeoutMs,
      maxPayload: this.env.config.maxFrameBytes,
      perMessageDeflate: false,
    });
    this.socket = socket;
    socket.on('open', () => socket === this.socket && this.onOpen());
    socket.on('message', (data, isBinary) => socket === this.socket && this.onMessage(data, isBinary));
    socket.on('error', (error) => socket === this.socket && this.onError(error, session));
    socket.on('close', (code) => socket === this.socket && this.onClose(code));
  }

  private onOpen(): void {
    this.state = 'open';
    this.openedAtMs = performance.now();
    this.confirmed = false;
    this.receiver.restart();
    this.forgetSent();
    this.flush();
  }

  /**
   * The first frame on a new socket (a heartbeat or the replay's snapshot ticks) is what makes it healthy: a
   * server that accepts and drops at once stays backed off, keeps failing, and is eventually declared down.
   */
  private confirm(): void {
    const failingSince = this.failingSinceMs;
    const wasDown = this.down;
    this.confirmed = true;
    this.attempt = 0;
    this.lastError = null;
    this.failingSinceMs = undefined;
    this.down = false;
    this.reporter?.succeeded();
    this.env.connectionUp(this, failingSince === undefined ? undefined : performance.now() - failingSince, wasDown);
  }

  private onMessage(data: RawData, isBinary: boolean): void {
    if (!this.confirmed) {
      this.confirm();
    }
    if (isBinary) {
      if (this.receiver.onBinary(rawToBuffer(data)) === MALFORMED_FRAME) {
        this.env.malformedFrame(this);
      }
      return;
    }
    this.receiver.onText();
    this.env.textFrame(this, rawToBuffer(data).toString('utf8'));
  }

  private onError(error: Error, session: TickerSession): void {
    this.lastError = error.message;
    const status = UNEXPECTED_RESPONSE.exec(error.message)?.[1];
    if (status === undefined) {
      this.pendingReason ??= /handshake has timed out/i.test(error.message) ? 'timeout' : undefined;
      return;
    }
    const code = Number(status);
    if (code === HTTP_FORBIDDEN) {
      this.pendingReason = 'rejected';
      // needs_login through Accounts' lifecycle (a no-op if a newer session already replaced this one).
      session.reject('Kite refused the ticker WebSocket upgrade (403): the access token is invalid or expired');
      return;
    }
    this.pendingReason = code === HTTP_TOO_MANY_REQUESTS || code >= HTTP_SERVER_ERROR ? 'refused' : 'handshake_failed';
  }

  private onClose(code: number): void {
    const wasOpen = this.state === 'open';
    this.socket = undefined;
    const reason =
      this.pendingReason ??
      (code === MESSAGE_TOO_BIG
        ? 'too_large'
        : !wasOpen
          ? 'handshake_failed'
          : code === ABNORMAL_CLOSURE
            ? 'dropped'
            : 'closed');
    this.pendingReason = undefined;
    this.forgetSent();
    if (this.state === 'stopped') {
      return;
    }
    this.reconnects += 1;
    this.failingSinceMs ??= performance.now();
    this.lastError ??= `closed with code ${code}`;
    if (!this.confirmed) {
      // A drop of a healthy socket is routine (logged, counted, redialled); a redial that fails (refused, or
      // dropped before a single frame) is what the supervisor tracks, so a connection Kite keeps refusing
      // turns degraded in /health/details.
      this.reporter?.failed(new Error(`${this.id} ${reason}: ${this.lastError}`));
    }
    this.confirmed = false;
    this.env.connectionLost(this, reason);
    this.scheduleRedial();
  }

  private scheduleRedial(): void {
    if (this.state === 'stopped') {
      return;
    }
    if (this.desired.size === 0 && !this.down) {
      this.state = 'idle';
      this.failingSinceMs = undefined;
      return;
    }
    const delay = reconnectDelayMs(this.env.config.reconnect, this.attempt);
    this.attempt += 1;
    this.state = 'backoff';
    this.clearTimer();
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.state === 'backoff') {
        this.state = 'idle';
        this.ensureRunning();
      }
    }, delay);
    this.timer.unref();
  }

  private forgetSent(): void {
    this.sync.forgetSent();
  }

  private clearTimer(): void {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
  }

  private sendChunked(
    socket: WebSocket,
    action: 'subscribe' | 'unsubscribe' | 'mode',
    tokens: number[],
    mode?: TickMode,
  ) {
    const size = this.env.config.tokensPerMessage;
    for (let start = 0; start < tokens.length; start += size) {
      const chunk = tokens.slice(start, start + size);
      socket.send(JSON.stringify({ a: action, v: mode === undefined ? chunk : [mode, chunk] }), (error) => {
        if (error) {
          // The socket died mid-send; its close event replays everything on the next socket.
          this.logger.debug({ connection: this.id, err: error.message }, 'A subscription message was not sent');
        }
      });
    }
  }
}
