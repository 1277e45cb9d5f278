import { randomBytes } from 'node:crypto';
import { expect, vi } from 'vitest';
import type { RawEnv } from '../../../src/config/index.js';
import { DEFAULT_UNDERLYINGS } from '../../../src/simulator/market/index.js';
import type { SimUser } from '../../../src/simulator/session/session-store.js';
import { type KiteSimulator, type KiteSimulatorOptions, startKiteSimulator } from '../../../src/simulator/simulator.js';
import type { TickerOptions } from '../../../src/simulator/ticker/index.js';
import { WebSocketPoolService } from '../../../src/modules/websocket-pool/index.js';
import type { ConnectionPlan, TickMode } from '../../../src/modules/websocket-pool/index.js';
import { ControllableClock } from '../../../src/common/time/index.js';
import { bootTestApp, type TestApp } from '../../support/test-app.js';

/** Wednesday 2026-11-25 11:00 IST: a trading day, market open. */
export const MARKET_OPEN_MS = Date.UTC(2026, 10, 25, 5, 30);

export const ALPHA = {
  id: 'alpha',
  apiKey: 'alphakey',
  apiSecret: 'alpha-secret-51c2',
  accessToken: 'alphatoken0001',
  userId: 'AL0001',
};
export const BETA = {
  id: 'beta',
  apiKey: 'betakey',
  apiSecret: 'beta-secret-88d1',
  accessToken: 'betatoken0001',
  userId: 'BE0001',
};
export const ACCOUNTS = [ALPHA, BETA];

const simUser = (a: typeof ALPHA): SimUser => ({
  userId: a.userId,
  userName: a.id,
  email: `${a.id}@example.com`,
  apiKey: a.apiKey,
  apiSecret: a.apiSecret,
  accessToken: a.accessToken,
});

export interface PoolSimulatorOptions {
  ticker?: Partial<TickerOptions>;
  /** Strikes listed on each side per expiry (the default universe has about 1,350 instruments). */
  strikesEachSide?: number;
  /** Weekly and monthly expiries listed per underlying (to widen the universe further). */
  expiries?: { weekly: number; monthly: number };
  clock?: KiteSimulatorOptions['clock'];
}

/** The simulator with both accounts' users, the market open, frequent heartbeats and a gentle tick rate. */
export const startPoolSimulator = (options: PoolSimulatorOptions = {}): Promise<KiteSimulator> =>
  startKiteSimulator({
    users: ACCOUNTS.map(simUser),
    clock: options.clock ?? { mode: 'shifted', offsetMs: MARKET_OPEN_MS - Date.now(), phaseOverride: 'open' },
    market:
      options.strikesEachSide === undefined && options.expiries === undefined
        ? undefined
        : {
            underlyings: DEFAULT_UNDERLYINGS.map((spec) => ({
              ...spec,
              strikesEachSide: options.strikesEachSide ?? spec.strikesEachSide,
              weeklyExpiries:
                options.expiries && spec.weeklyExpiries > 0 ? options.expiries.weekly : spec.weeklyExpiries,
              monthlyExpiries: options.expiries?.monthly ?? spec.monthlyExpiries,
            })),
          },
    ticker: { heartbeatIntervalMs: 300, ticksPerSecondPerInstrument: 1, frameIntervalMs: 100, ...options.ticker },
  });

/** Service settings for fast fault detection against the simulator. */
export const poolEnv = (sim: KiteSimulator, overrides: RawEnv = {}): RawEnv => ({
  KITE_ACCOUNTS: JSON.stringify(
    ACCOUNTS.map((a) => ({
      id: a.id,
      api_key: a.apiKey,
      api_secret: a.apiSecret,
      access_token: a.accessToken,
      user_id: a.userId,
    })),
  ),
  KITE_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
  KITE_API_ROOT: sim.restUrl,
  KITE_LOGIN_URL: sim.loginUrl,
  KITE_WS_ROOT: sim.wsUrl,
  INSTRUMENT_SYNC_ON_START: 'false',
  WS_POOL_RECONNECT_INITIAL_DELAY_MS: '100',
  WS_POOL_RECONNECT_MAX_DELAY_MS: '1000',
  WS_POOL_STALE_AFTER_MS: '2000',
  WS_POOL_NO_TICKS_AFTER_MS: '60000',
  WS_POOL_WATCHDOG_INTERVAL_MS: '250',
  WS_POOL_FAILOVER_AFTER_MS: '3000',
  WS_POOL_REBALANCE_INTERVAL_MS: '500',
  WS_POOL_LOG_INTERVAL_MS: '60000',
  ...overrides,
});

export const bootPool = (sim: KiteSimulator, overrides: RawEnv = {}, clockAtMs = MARKET_OPEN_MS): Promise<TestApp> =>
  bootTestApp({ env: poolEnv(sim, overrides), clock: ControllableClock.startingAt(clockAtMs) });

export const poolOf = (app: TestApp): WebSocketPoolService => app.service.app.get(WebSocketPoolService);

/** Calls the simulator's control API and returns its `data`. */
export const control = async <T = unknown>(
  sim: KiteSimulator,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> => {
  const response = await fetch(`${sim.controlUrl}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const payload = (await response.json()) as { data?: T; message?: string };
  if (!response.ok) {
    throw new Error(`control ${method} ${path} failed: ${payload.message}`);
  }
  return payload.data as T;
};

interface SimConnection {
  connectionId: string;
  apiKey: string;
  subscriptions: [number, TickMode][];
}

export const simConnections = (sim: KiteSimulator): Promise<SimConnection[]> =>
  control<SimConnection[]>(sim, 'GET', '/ticker/connections?subscriptions=true');

const canonical = (entries: readonly [number, string][]): string => entries.map(([t, m]) => `${t}:${m}`).join(',');

/** Per api key: the sorted list of non-empty per-connection subscription sets. */
const bySimKey = (connections: readonly SimConnection[]): Record<string, string[]> => {
  const out: Record<string, string[]> = {};
  for (const key of ACCOUNTS.map((a) => a.apiKey)) {
    out[key] = connections
      .filter((c) => c.apiKey === key && c.subscriptions.length > 0)
      .map((c) => canonical(c.subscriptions))
      .sort();
  }
  return out;
};

const byPlanKey = (plan: readonly ConnectionPlan[]): Record<string, string[]> => {
  const out: Record<string, string[]> = {};
  for (const account of ACCOUNTS) {
    out[account.apiKey] = plan
      .filter((c) => c.accountId === account.id && c.entries.length > 0)
      .map((c) => canonical(c.entries))
      .sort();
  }
  return out;
};

/**
 * The invariant: the (token, mode) pairs subscribed at the simulator, connection by connection, equal the
 * pool's plan, every planned connection is synced, and no token is planned twice. Polled: convergence takes
 * a reconnect and a replay.
 */
export const expectInvariant = async (
  app: TestApp,
  sim: KiteSimulator,
  timeoutMs = 30_000,
  intervalMs = 200,
): Promise<void> => {
  const pool = poolOf(app);
  await vi.waitFor(
    async () => {
      const plan = pool.plan();
      const unsynced = plan.filter((c) => c.entries.length > 0 && !c.synced).map((c) => `${c.connectionId}:${c.state}`);
      expect(unsynced, 'planned connections not yet synced').toEqual([]);
      const atSimulator = bySimKey(await simConnections(sim));
      const planned = byPlanKey(plan);
      expect(JSON.stringify(atSimulator) === JSON.stringify(planned), 'simulator subscriptions equal the plan').toBe(
        true,
      );
    },
    { timeout: timeoutMs, interval: intervalMs },
  );
  const tokens = pool.plan().flatMap((c) => c.entries.map(([t]) => t));
  expect(new Set(tokens).size).toBe(tokens.length);
};

/** Tokens of the simulator's instruments (index first), for subscribing. */
export const instrumentTokens = (
  sim: KiteSimulator,
  count: number,
  kinds: readonly string[] = ['CE', 'PE', 'FUT', 'INDEX'],
): number[] => {
  const tokens = sim.model
    .instruments()
    .filter((i) => kinds.includes(i.kind))
    .map((i) => i.instrumentToken);
  if (tokens.length < count) {
    throw new Error(`the simulator lists ${tokens.length} instruments, ${count} wanted`);
  }
  return tokens.slice(0, count);
};
