import type { IncomingMessage, Server } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type {
  FaultScope,
  MalformedFrameKind,
  MarketView,
  OrderUpdateSink,
  SessionView,
  SimClockView,
  TickerConnectionInfo,
  TickerFaults,
} from '../contracts/simulator.contracts.js';
import { ConnectionRegistry } from './connection-registry.js';
import { buildMalformedFrame } from './malformed-frames.js';
import { SeededRandom } from './seeded-random.js';
import { handleClientText, type SubscriptionDeps } from './subscription-handler.js';
import { TickScheduler } from './tick-scheduler.js';
import { TickerConnection, isSendableCloseCode, rawDataToText, type ConnectionCounters } from './ticker-connection.js';
import { resolveTickerOptions, type TickerOptions } from './ticker-options.js';
import { HANDSHAKE_REJECTION, readCredentials, rejectUpgrade } from './upgrade-gate.js';

export interface KiteTickerServerDeps {
  /** The simulator's HTTP server; the ticker takes over its `upgrade` event. */
  server: Server;
  market: MarketView;
  sessions: SessionView;
  clock: SimClockView;
  options?: Partial<TickerOptions>;
  /** Monotonic ms for refusal and stall windows and tick pacing; performance.now unless a test drives it. */
  monotonicNow?: () => number;
}

export interface TickerStats extends ConnectionCounters {
  connections: number;
  slowConsumerDisconnects: number;
}

const NORMAL_CLOSURE = 1000;

/** Kite's WebSocket ticker (kite-protocol.md §2): handshake checks, subscriptions, binary ticks, order updates, faults. */
export class KiteTickerServer implements TickerFaults, OrderUpdateSink {
  readonly options: TickerOptions;
  private readonly wss: WebSocketServer;
  private readonly registry = new ConnectionRegistry();
  private readonly scheduler: TickScheduler;
  private readonly subscriptionDeps: SubscriptionDeps;
  private readonly random: SeededRandom;
  private readonly retired: ConnectionCounters = { packetsSent: 0, framesSent: 0, ticksDropped: 0 };
  private closed = false;
  private readonly monotonicNow: () => number;

  constructor(private readonly deps: KiteTickerServerDeps) {
    this.monotonicNow = deps.monotonicNow ?? (() => performance.now());
    this.options = resolveTickerOptions(deps.options);
    this.random = new SeededRandom(this.options.seed);
    this.wss = new WebSocketServer({
      noServer: true,
      clientTracking: false,
      perMessageDeflate: false,
      maxPayload: this.options.maxClientMessageBytes,
    });
    this.scheduler = new TickScheduler({
      market: deps.market,
      clock: deps.clock,
      options: this.options,
      connections: () => this.registry.all(),
      monotonicNow: this.monotonicNow,
    });
    this.subscriptionDeps = { market: deps.market, scheduler: this.scheduler, options: this.options };
    deps.server.on('upgrade', this.onUpgrade);
    this.scheduler.start();
  }

  stats(): TickerStats {
    const totals: TickerStats = {
      ...this.retired,
      connections: this.registry.size,
      slowConsumerDisconnects: this.scheduler.totals.slowConsumerDisconnects,
    };
    for (const connection of this.registry.all()) {
      totals.packetsSent += connection.counters.packetsSent;
      totals.framesSent += connection.counters.framesSent;
      totals.ticksDropped += connection.counters.ticksDropped;
    }
    return totals;
  }

  connections(withSubscriptions = false): TickerConnectionInfo[] {
    return [...this.registry.all()].map((connection) => connection.info(withSubscriptions));
  }

  drop(scope: FaultScope): number {
    return this.forEach(scope, (connection) => connection.socket.terminate());
  }

  /** `close()` shuts the ticker down; `close(scope, code?, reason?)` is the clean-close fault (TickerFaults). */
  close(): Promise<void>;
  close(scope: FaultScope, code?: number, reason?: string): number;
  close(scope?: FaultScope, code: number = NORMAL_CLOSURE, reason = ''): number | Promise<void> {
    if (scope === undefined) {
      return this.shutdown();
    }
    if (!isSendableCloseCode(code)) {
      throw new RangeError(`${code} is not a close code a server may send`);
    }
    return this.forEach(scope, (connection) => connection.socket.close(code, reason));
  }

  stallTicks(scope: FaultScope, durationMs: number): number {
    const until = this.monotonicNow() + durationMs;
    return this.forEach(scope, (connection) => (connection.ticksStalledUntilMs = until));
  }

  stallAll(scope: FaultScope, durationMs: number): number {
    const until = this.monotonicNow() + durationMs;
    return this.forEach(scope, (connection) => (connection.allStalledUntilMs = until));
  }

  sendMalformed(scope: FaultScope, kind: MalformedFrameKind, count = 1): number {
    return this.forEach(scope, (connection) => {
      const firstToken = connection.subscriptions.keys().next();
      const token = firstToken.done === true ? 0 : firstToken.value;
      for (let i = 0; i < count; i++) {
        connection.sendRaw(buildMalformedFrame(kind, token, this.random));
      }
    });
  }

  refuseConnections(apiKey: string, durationMs: number): void {
    const now = this.monotonicNow();
    this.registry.refuse(apiKey, now + durationMs, now);
  }

  dropSession(apiKey: string, accessToken?: string): number {
    const selected = this.registry
      .select({ apiKey })
      .filter((connection) => accessToken === undefined || connection.accessToken === accessToken);
    selected.forEach((connection) => connection.socket.terminate());
    return selected.length;
  }

  clear(): void {
    this.registry.clearRefusals();
    for (const connection of this.registry.all()) {
      connection.ticksStalledUntilMs = 0;
      connection.allStalledUntilMs = 0;
    }
  }

  publishOrderUpdate(userId: string, order: Record<string, unknown>): void {
    for (const connection of this.registry.forUser(userId)) {
      connection.sendText('order', order);
    }
  }

  private async shutdown(): Promise<void> {
    if (this.closed) {
      return;
    }
    this.closed = true;
    this.deps.server.off('upgrade', this.onUpgrade);
    this.scheduler.stop();
    for (const connection of this.registry.all()) {
      connection.socket.terminate();
    }
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private forEach(scope: FaultScope, apply: (connection: TickerConnection) => void): number {
    const selected = this.registry.select(scope);
    selected.forEach(apply);
    return selected.length;
  }

  private readonly onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    socket.on('error', () => socket.destroy());
    const { apiKey, accessToken } = readCredentials(request);
    if (this.closed || this.registry.isRefused(apiKey, this.monotonicNow())) {
      rejectUpgrade(socket, HANDSHAKE_REJECTION.refused);
      return;
    }
    const userId = apiKey && accessToken ? this.deps.sessions.authenticate(apiKey, accessToken) : undefined;
    if (userId === undefined) {
      rejectUpgrade(socket, HANDSHAKE_REJECTION.forbidden);
      return;
    }
    if (this.registry.countForApiKey(apiKey) >= this.options.maxConnectionsPerApiKey) {
      rejectUpgrade(socket, HANDSHAKE_REJECTION.tooManyConnections);
      return;
    }
    if (this.registry.size >= this.options.maxTotalConnections) {
      rejectUpgrade(socket, HANDSHAKE_REJECTION.serverFull);
      return;
    }
    this.wss.handleUpgrade(request, socket, head, (ws) => this.accept(ws, apiKey, userId, accessToken));
  };

  private accept(socket: WebSocket, apiKey: string, userId: string, accessToken: string): void {
    const connection = new TickerConnection(
      this.registry.nextConnectionId(),
      apiKey,
      userId,
      socket,
      this.deps.clock.now(),
      this.monotonicNow,
      accessToken,
    );
    this.registry.add(connection);
    socket.on('error', () => socket.terminate());
    socket.on('close', () => this.retire(connection));
    socket.on('message', (data, isBinary) => {
      if (isBinary) {
        connection.sendText('error', 'Invalid message: binary messages are not accepted');
        return;
      }
      handleClientText(connection, rawDataToText(data), this.subscriptionDeps);
    });
  }

  private retire(connection: TickerConnection): void {
    this.registry.remove(connection);
    this.retired.packetsSent += connection.counters.packetsSent;
    this.retired.framesSent += connection.counters.framesSent;
    this.retired.ticksDropped += connection.counters.ticksDropped;
  }
}
