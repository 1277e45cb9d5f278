import { Logger } from '@nestjs/common';
import { performance } from 'node:perf_hooks';
import { Counter, Gauge, Registry } from 'prom-client';
import { beforeAll, describe, expect, it } from 'vitest';
import { ControllableClock } from '../../../common/time/index.js';
import { loadConfig } from '../../../config/load-config.js';
import type { PoolConnection, ReconnectReason } from '../connection/pool-connection.js';
import type { WebSocketPoolMetrics } from '../websocket-pool.metrics.js';
import { MarketHoursProbe } from './market-hours.js';
import { PoolWatchdog } from './pool-watchdog.js';

const settings = loadConfig({
  WS_POOL_STALE_AFTER_MS: '5000',
  WS_POOL_NO_TICKS_AFTER_MS: '30000',
  WS_POOL_NO_TICKS_MIN_INSTRUMENTS: '10',
  WS_POOL_FAILOVER_AFTER_MS: '15000',
}).websocketPool;

class FixedHours extends MarketHoursProbe {
  constructor(public open: boolean) {
    super();
  }
  isOpen(): boolean {
    return this.open;
  }
}

/** The fields the watchdog reads of a connection, with ages given in ms before now. */
const connection = (state: { frameAgeMs: number; tickAgeMs: number; subscribed: number; failingForMs?: number }) => {
  const now = performance.now();
  const forced: ReconnectReason[] = [];
  return {
    id: 'acc#1',
    accountId: 'acc',
    state: 'open',
    down: false,
    desired: new Map(),
    subscribedCount: state.subscribed,
    lastSubscribedAtMs: now - 60_000,
    failingSinceMs: state.failingForMs === undefined ? undefined : now - state.failingForMs,
    lastError: null,
    receiver: { lastFrameAtMs: now - state.frameAgeMs, lastTickAtMs: now - state.tickAgeMs },
    forceReconnect: (reason: ReconnectReason) => forced.push(reason),
    forced,
  } as unknown as PoolConnection & { forced: ReconnectReason[] };
};

const metrics = () => {
  const registry = new Registry();
  return {
    stalls: new Counter({ name: 'stalls', help: 'h', labelNames: ['account', 'kind'], registers: [registry] }),
    capacityWarning: new Gauge({ name: 'warning', help: 'h', labelNames: ['scope'], registers: [registry] }),
  } as unknown as WebSocketPoolMetrics;
};

const watchdogFor = (connections: PoolConnection[], marketOpen = true) =>
  new PoolWatchdog(settings, ControllableClock.fixedAt(0), new FixedHours(marketOpen), metrics(), () => connections);

describe(PoolWatchdog.name, () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('should reconnect a socket silent for longer than staleAfterMs, market open or not', () => {
    const silent = connection({ frameAgeMs: 6_000, tickAgeMs: 6_000, subscribed: 50 });
    watchdogFor([silent], false).check();
    expect(silent.forced).toEqual(['stale']);
  });

  it('should reconnect a socket with heartbeats but no ticks only during market hours and with enough instruments', () => {
    const quiet = () => connection({ frameAgeMs: 500, tickAgeMs: 31_000, subscribed: 50 });
    const open = quiet();
    watchdogFor([open], true).check();
    expect(open.forced).toEqual(['no_ticks']);
    const closed = quiet();
    watchdogFor([closed], false).check();
    expect(closed.forced).toEqual([]);
    const few = connection({ frameAgeMs: 500, tickAgeMs: 31_000, subscribed: 3 });
    watchdogFor([few], true).check();
    expect(few.forced).toEqual([]);
    const ticking = connection({ frameAgeMs: 500, tickAgeMs: 1_000, subscribed: 50 });
    watchdogFor([ticking], true).check();
    expect(ticking.forced).toEqual([]);
  });

  it('should declare a connection down once it has failed for failoverAfterMs, and say the plan must change', () => {
    const failing = connection({ frameAgeMs: 0, tickAgeMs: 0, subscribed: 0, failingForMs: 16_000 });
    (failing as { state: string }).state = 'backoff';
    const recent = connection({ frameAgeMs: 0, tickAgeMs: 0, subscribed: 0, failingForMs: 2_000 });
    (recent as { state: string }).state = 'backoff';
    const sut = watchdogFor([failing, recent]);
    expect(sut.check()).toBe(true);
    expect([failing.down, recent.down]).toEqual([true, false]);
    expect(sut.check()).toBe(false);
  });
});
