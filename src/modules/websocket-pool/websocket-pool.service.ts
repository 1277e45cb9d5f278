import { type BeforeApplicationShutdown, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { Mutex } from 'async-mutex';
import { performance } from 'node:perf_hooks';
import { TickBatch, type TickSink } from '../../common/market-data/index.js';
import { Clock } from '../../common/time/index.js';
import { AppConfig } from '../../config/index.js';
import type { WebSocketPoolConfig } from '../../config/sections/websocket-pool.config.js';
import { OrderUpdateBus } from '../../infra/events/index.js';
import { TaskSupervisor } from '../../infra/supervisor/index.js';
import { type AccountSessionChange, SessionOrchestrator } from '../accounts/index.js';
import type { ConnectionEnvironment } from './connection/connection-environment.js';
import { ConnectionLog } from './connection/connection-log.js';
import { HandOff } from './connection/frame-receiver.js';
import { LogThrottle } from './connection/log-throttle.js';
import { PoolConnection } from './connection/pool-connection.js';
import { TextFrameRouter } from './connection/text-frames.js';
import { TickDecoder } from './decoder/tick-decoder.js';
import { AssignmentPlanner, type PlannableAccount } from './planning/assignment-planner.js';
import { SubscriptionBook } from './planning/subscription-book.js';
import type { TickMode } from './planning/tick-mode.js';
import { changeResult } from './pool-change-result.js';
import { ownerOf, validMode, validTokens } from './pool-input.js';
import { PoolMetricsPublisher } from './pool-metrics-publisher.js';
import { capacityView, isEligible, planView, poolView, type AccountLink, type ViewInputs } from './pool-views.js';
import { MarketHoursProbe } from './watchdog/market-hours.js';
import { PoolWatchdog } from './watchdog/pool-watchdog.js';
import { WebSocketPoolMetrics } from './websocket-pool.metrics.js';
import type {
  CapacityView,
  ConnectionPlan,
  PoolChangeResult,
  PoolView,
  SubscriptionOwner,
  SyncStatus,
} from './websocket-pool.types.js';

const WATCHDOG_TASK = 'websocket-pool.watchdog';
const REBALANCE_TASK = 'websocket-pool.rebalance';

/**
 * The Kite ticker connections of every account and the plan of what each streams. Subscription changes
 * are planned under one async lock with in-memory work only (the book, distribute(), the per-connection
 * plan); sockets are written after the lock is released, and each connection sends only what differs
 * from what it already sent, so concurrent changes cannot reorder or lose one another.
 */
@Injectable()
export class WebSocketPoolService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('WebSocketPool');
  private readonly settings: WebSocketPoolConfig;
  private readonly mutex = new Mutex();
  private readonly book: SubscriptionBook;
  private readonly planner: AssignmentPlanner;
  private readonly links: AccountLink[];
  private readonly handOff = new HandOff();
  private readonly decoder: TickDecoder;
  private readonly throttle: LogThrottle;
  private readonly text: TextFrameRouter;
  private readonly publisher: PoolMetricsPublisher;
  private readonly connectionLog: ConnectionLog;
  private readonly watchdog: PoolWatchdog;
  private readonly unsubscribeSessions: () => void;
  private stopping = false;

  constructor(
    config: AppConfig,
    private readonly clock: Clock,
    private readonly orchestrator: SessionOrchestrator,
    private readonly supervisor: TaskSupervisor,
    private readonly metrics: WebSocketPoolMetrics,
    bus: OrderUpdateBus,
    marketHours: MarketHoursProbe,
  ) {
    this.settings = config.get('websocketPool');
    this.book = new SubscriptionBook({
      maxTokens: this.settings.maxDesiredTokens,
      maxOwnersPerToken: this.settings.maxOwnersPerToken,
    });
    this.planner = new AssignmentPlanner(
      {
        connectionsPerAccount: this.settings.connectionsPerAccount,
        instrumentsPerConnection: this.settings.instrumentsPerConnection,
        maxMoves: this.settings.rebalance.maxMoves,
      },
      (tokens, limits) => this.orchestrator.distribute(tokens, limits),
    );
    this.decoder = new TickDecoder(new TickBatch(this.settings.batchCapacity));
    this.handOff.timing = (seconds) => this.metrics.handOffSeconds.observe(seconds);
    this.throttle = new LogThrottle(this.settings.logIntervalMs);
    this.text = new TextFrameRouter(bus, clock, this.throttle);
    this.publisher = new PoolMetricsPublisher(metrics);
    this.connectionLog = new ConnectionLog(metrics, this.throttle, this.decoder);
    const env = this.environment();
    this.links = orchestrator.accountStatuses().map(({ accountId, status }) => ({
      accountId,
      status,
      connections: Array.from(
        { length: this.settings.connectionsPerAccount },
        (_, slot) => new PoolConnection(accountId, slot, env),
      ),
    }));
    this.watchdog = new PoolWatchdog(this.settings, clock, marketHours, metrics, () => this.connections());
    this.unsubscribeSessions = orchestrator.onSessionChange((change) => this.sessionChanged(change));
  }

  onApplicationBootstrap(): void {
    if (this.links.length === 0) {
      return; // no account configured (accounts come from configuration): no connection to watch or rebalance
    }
    this.supervisor.every(
      WATCHDOG_TASK,
      'Ticker connections: reconnects silent or tickless sockets, fails over connections that stay down, publishes pool metrics',
      this.settings.watchdogIntervalMs,
      () => this.watchdogRound(),
    );
    this.supervisor.every(
      REBALANCE_TASK,
      'Ticker plan: moves instruments back, a few at a time, onto accounts and connections that came back',
      this.settings.rebalance.intervalMs,
      () => this.rebalanceRound(),
    );
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    this.unsubscribeSessions();
    await this.mutex.runExclusive(() => {
      for (const connection of this.connections()) {
        connection.stop();
      }
    });
  }

  /** The tick pipeline attaches here; until then decoded batches are counted and discarded. */
  attachSink(sink: TickSink): void {
    this.handOff.attach(sink);
  }

  /** Streams `tokens` at `mode` (or higher, if another owner asked for more) until this owner unsubscribes them. */
  async subscribe(tokens: readonly number[], mode: TickMode, options?: SubscriptionOwner): Promise<PoolChangeResult> {
    const wanted = validTokens(tokens);
    const asked = validMode(mode);
    const owner = ownerOf(options);
    return this.exclusive(() => {
      const change = this.book.add(wanted, asked, owner);
      if (change.added.length > 0) {
        this.planner.replan(this.book, this.plannable());
      } else {
        change.modeChanged.forEach((token) => this.planner.changeMode(token, this.book));
      }
      return this.result(wanted, change.refused, 0);
    });
  }

  /** This owner no longer needs `tokens`; each stops streaming once no owner holds it. */
  async unsubscribe(tokens: readonly number[], options?: SubscriptionOwner): Promise<PoolChangeResult> {
    const wanted = validTokens(tokens);
    const owner = ownerOf(options);
    return this.exclusive(() => {
      const change = this.book.remove(wanted, owner);
      change.removed.forEach((token) => this.planner.remove(token));
      change.modeChanged.forEach((token) => this.planner.changeMode(token, this.book));
      if (change.removed.length > 0 && this.planner.unplaced.size > 0) {
        this.planner.replan(this.book, this.plannable()); // room was freed for tokens waiting for it
      }
      return this.result(wanted, [], change.notHeld.length);
    });
  }

  /** Changes the mode this owner holds `tokens` at (tokens it does not hold are reported, not subscribed). */
  async setMode(tokens: readonly number[], mode: TickMode, options?: SubscriptionOwner): Promise<PoolChangeResult> {
    const wanted = validTokens(tokens);
    const asked = validMode(mode);
    const owner = ownerOf(options);
    return this.exclusive(() => {
      const change = this.book.setMode(wanted, asked, owner);
      change.modeChanged.forEach((token) => this.planner.changeMode(token, this.book));
      return this.result(wanted, [], change.notHeld.length);
    });
  }

  snapshot(): PoolView {
    return poolView(this.viewInputs());
  }

  capacity(): CapacityView {
    return capacityView(this.viewInputs());
  }

  /**
   * Where `tokens` stand now: streaming (placed on a connection whose socket is open and was sent its whole
   * assignment), pending (placed, socket connecting or messages not yet sent), unplaced, or not desired at all.
   * For callers that report when a change took effect (the Subscriptions module's reload status).
   */
  syncStatus(tokens: readonly number[]): SyncStatus {
    const status: SyncStatus = { streaming: 0, pending: 0, unplaced: 0, notDesired: 0 };
    for (const token of tokens) {
      const connection = this.planner.connectionOf(token);
      if (connection !== undefined) {
        status[connection.synced ? 'streaming' : 'pending'] += 1;
      } else if (this.planner.unplaced.has(token)) {
        status.unplaced += 1;
      } else {
        status.notDesired += 1;
      }
    }
    return status;
  }

  /** Every connection's share of the plan with its state (what Kite must show once each is synced). */
  plan(): ConnectionPlan[] {
    return planView(this.links);
  }

  private result(requested: number[], refused: number[], notHeld: number): PoolChangeResult {
    return changeResult({
      requested,
      refused,
      notHeld,
      placedOf: (token) => this.planner.connectionOf(token) !== undefined,
      unplaced: this.planner.unplaced,
      links: this.links,
      settings: this.settings,
    });
  }

  /** Runs in-memory planning under the lock (wait measured), then lets connections dial and send. */
  private async exclusive<T>(work: () => T): Promise<T> {
    const waitStarted = performance.now();
    const result = await this.mutex.runExclusive(() => {
      this.metrics.lockWait.observe((performance.now() - waitStarted) / 1000);
      this.refreshStatuses();
      return work();
    });
    this.converge();
    return result;
  }

  /** After the lock: connections of active accounts dial if needed and send their differences; others stop. */
  private converge(): void {
    if (this.stopping) {
      return;
    }
    for (const link of this.links) {
      for (const connection of link.connections) {
        if (link.status === 'active') {
          connection.ensureRunning();
          connection.flush();
        } else if (connection.state !== 'stopped') {
          connection.stop();
        }
      }
    }
  }

  private refreshStatuses(): void {
    const statuses = new Map(this.orchestrator.accountStatuses().map((a) => [a.accountId, a.status]));
    for (const link of this.links) {
      link.status = statuses.get(link.accountId) ?? 'disabled';
    }
  }

  private plannable(): PlannableAccount[] {
    return this.links.map((link) => ({
      accountId: link.accountId,
      eligible: isEligible(link),
      connections: link.connections,
    }));
  }

  private sessionChanged(change: AccountSessionChange): void {
    if (change.status !== 'active') {
      const moving = this.links
        .find((l) => l.accountId === change.accountId)
        ?.connections.reduce((sum, c) => sum + c.desired.size, 0);
      this.logger.warn(
        { account: change.accountId, status: change.status, reason: change.reason, instruments: moving },
        'Ticker account lost its session: its instruments move to other accounts until a new token arrives',
      );
    } else if (change.previous !== 'active') {
      this.logger.log({ account: change.accountId }, 'Ticker account has a session again: dialling');
    }
    this.replanInBackground(false);
  }

  private replanInBackground(rebalance: boolean): void {
    this.exclusive(() => this.planner.replan(this.book, this.plannable(), rebalance)).catch((error: unknown) =>
      this.logger.error({ err: error }, 'Ticker plan update failed'),
    );
  }

  private async watchdogRound(): Promise<void> {
    const healthChanged = this.watchdog.check();
    if (healthChanged) {
      await this.exclusive(() => this.planner.replan(this.book, this.plannable()));
    }
    this.publisher.publish(this.links, this.settings.instrumentsPerConnection, this.book.size, this.planner.unplaced, {
      decoder: this.decoder,
      text: this.text,
      handOff: this.handOff,
    });
    this.watchdog.warnOnCapacity(this.capacity());
  }

  private async rebalanceRound(): Promise<void> {
    if (this.planner.needsRebalance(this.plannable()) || this.planner.unplaced.size > 0) {
      await this.exclusive(() => this.planner.replan(this.book, this.plannable(), true));
    }
  }

  private connections(): PoolConnection[] {
    return this.links.flatMap((link) => link.connections);
  }

  private viewInputs(): ViewInputs {
    return {
      links: this.links,
      instrumentsPerConnection: this.settings.instrumentsPerConnection,
      connectionsPerAccount: this.settings.connectionsPerAccount,
      warningRatio: this.settings.capacityWarningRatio,
      desired: this.book.size,
      placed: this.planner.placedCount,
      unplaced: this.planner.unplaced,
      handOff: this.handOff,
      decoder: this.decoder,
    };
  }

  private environment(): ConnectionEnvironment {
    return {
      config: this.settings,
      clock: this.clock,
      decoder: this.decoder,
      handOff: this.handOff,
      sessions: { tickerSession: (accountId) => this.orchestrator.tickerSession(accountId) },
      reporterFor: (connection) =>
        this.supervisor.external(`websocket-pool.${connection.id}`, `Kite ticker connection ${connection.id}`),
      malformedFrame: (connection) => this.connectionLog.malformedFrame(connection),
      textFrame: (connection, text) => this.text.route(text, connection.accountId, connection.id),
      connectionUp: (connection, recoveredAfterMs, wasDown) => {
        if (recoveredAfterMs !== undefined) {
          this.connectionLog.recovered(connection, recoveredAfterMs);
        }
        if (wasDown) {
          this.replanInBackground(false); // instruments waiting for room can go to it at once
        }
      },
      connectionLost: (connection, reason) => this.connectionLog.lost(connection, reason),
    };
  }
}
