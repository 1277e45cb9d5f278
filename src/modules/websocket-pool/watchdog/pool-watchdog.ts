import { Logger } from '@nestjs/common';
import { performance } from 'node:perf_hooks';
import type { Clock } from '../../../common/time/index.js';
import type { WebSocketPoolConfig } from '../../../config/sections/websocket-pool.config.js';
import type { PoolConnection } from '../connection/pool-connection.js';
import type { WebSocketPoolMetrics } from '../websocket-pool.metrics.js';
import type { CapacityView } from '../websocket-pool.types.js';
import type { MarketHoursProbe } from './market-hours.js';

/** Hysteresis: a capacity warning re-arms once utilisation falls this far below the warning ratio. */
const WARNING_REARM_MARGIN = 0.05;
/** Account ids start with a letter or digit, so this scope cannot collide with one. */
const TOTAL_SCOPE = '_total';

/**
 * Per round: reconnects sockets that went silent (no frame at all for staleAfterMs, heartbeats included) or,
 * during market hours, kept sending heartbeats but no tick for any of their instruments for noTicksAfterMs
 * (the "silent-dead" socket of pykiteconnect #229); declares down a connection that failed to stream for
 * failoverAfterMs, so the plan moves its instruments; and warns once when capacity passes the warning ratio.
 */
export class PoolWatchdog {
  private readonly logger = new Logger('WebSocketPool');
  private readonly warned = new Set<string>();

  constructor(
    private readonly settings: WebSocketPoolConfig,
    private readonly clock: Clock,
    private readonly marketHours: MarketHoursProbe,
    private readonly metrics: WebSocketPoolMetrics,
    private readonly connections: () => readonly PoolConnection[],
  ) {}

  /** Returns true when a connection was declared down (the plan must change). */
  check(): boolean {
    const now = performance.now();
    const marketOpen = this.marketHours.isOpen(this.clock.now());
    let healthChanged = false;
    for (const connection of this.connections()) {
      if (connection.state === 'open') {
        this.checkStall(connection, now, marketOpen);
      }
      const failingSince = connection.failingSinceMs;
      if (!connection.down && failingSince !== undefined && now - failingSince >= this.settings.failoverAfterMs) {
        connection.down = true;
        healthChanged = true;
        this.logger.warn(
          {
            account: connection.accountId,
            connection: connection.id,
            failingForMs: Math.round(now - failingSince),
            tokens: connection.desired.size,
            error: connection.lastError,
          },
          'Ticker connection down: moving its instruments to connections with room (it keeps retrying)',
        );
      }
    }
    return healthChanged;
  }

  warnOnCapacity(capacity: CapacityView): void {
    const ratio = this.settings.capacityWarningRatio;
    for (const account of capacity.accounts) {
      this.flag(account.accountId, account.utilisation, ratio, account);
    }
    this.flag(TOTAL_SCOPE, capacity.total.utilisation, ratio, capacity.total);
  }

  private checkStall(connection: PoolConnection, now: number, marketOpen: boolean): void {
    const { lastFrameAtMs, lastTickAtMs } = connection.receiver;
    if (now - lastFrameAtMs >= this.settings.staleAfterMs) {
      this.stalled(connection, 'silent', 'stale', now - lastFrameAtMs);
      return;
    }
    const quietSince = Math.max(lastTickAtMs, connection.lastSubscribedAtMs);
    if (
      marketOpen &&
      connection.subscribedCount >= this.settings.noTicksMinInstruments &&
      now - quietSince >= this.settings.noTicksAfterMs
    ) {
      this.stalled(connection, 'no_ticks', 'no_ticks', now - quietSince);
    }
  }

  private stalled(
    connection: PoolConnection,
    kind: 'silent' | 'no_ticks',
    reason: 'stale' | 'no_ticks',
    forMs: number,
  ) {
    this.metrics.stalls.inc({ account: connection.accountId, kind });
    this.logger.warn(
      {
        account: connection.accountId,
        connection: connection.id,
        kind,
        quietForMs: Math.round(forMs),
        tokens: connection.subscribedCount,
      },
      kind === 'silent'
        ? 'Ticker connection silent (not even heartbeats): reconnecting'
        : 'Ticker connection sends heartbeats but no ticks during market hours: reconnecting',
    );
    connection.forceReconnect(reason);
  }

  private flag(scope: string, utilisation: number, ratio: number, figures: { used: number; capacity: number }): void {
    const over = figures.capacity > 0 && utilisation >= ratio;
    this.metrics.capacityWarning.set({ scope }, over ? 1 : 0);
    if (over && !this.warned.has(scope)) {
      this.warned.add(scope);
      this.logger.warn(
        { scope, used: figures.used, capacity: figures.capacity, utilisation, warningRatio: ratio },
        'Ticker capacity nearly used up: add an account or subscribe fewer instruments',
      );
    } else if (!over && utilisation < ratio - WARNING_REARM_MARGIN) {
      this.warned.delete(scope);
    }
  }
}
