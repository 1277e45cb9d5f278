import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { istDayNumber, istTimeOnDay } from '../common/time/ist.js';
import { OPEN_START_MINUTE } from '../common/time/market-calendar.js';
import { SimClock, type SimClockOptions } from './clock/sim-clock.js';
import { ControlApi } from './control/control-api.js';
import { FaultInjector } from './control/rest-faults.js';
import {
  DEFAULT_EQUITIES,
  DEFAULT_RATE,
  DEFAULT_UNDERLYINGS,
  type MarketModelOptions,
} from './market/market-config.js';
import { MarketModel } from './market/market-model.js';
import { DEFAULT_GTT_OPTIONS, GttBook, type GttOptions } from './gtt/gtt-book.js';
import { DEFAULT_MF_HOLDINGS, MfBook } from './mf/mf-book.js';
import { DEFAULT_FUNDS, MfCatalogue, type MutualFund } from './mf/mf-catalogue.js';
import { MfSips } from './mf/mf-sips.js';
import type { MfHolding } from './mf/mf-types.js';
import { DEFAULT_HOLDINGS, HoldingsBook, type SeedHolding } from './orders/holdings.js';
import { DEFAULT_ORDER_OPTIONS, OrderBook, type OrderOptions } from './orders/order-book.js';
import { KiteRouter } from './rest/kite-router.js';
import { DEFAULT_RATE_LIMITS, RateLimiter, type RateLimits } from './rest/rate-limiter.js';
import { DEFAULT_REST_OPTIONS, MAX_HELD_REQUESTS, type RestContext, type RestOptions } from './rest/rest-context.js';
import { DEFAULT_USERS, SessionStore, type SimUser } from './session/session-store.js';
import { KiteTickerServer, type TickerOptions } from './ticker/index.js';

export interface KiteSimulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  seed?: number;
  /** The market clock; `{ instance }` shares an existing ControllableClock (with a test and the service). */
  clock?: SimClockOptions;
  market?: Partial<Omit<MarketModelOptions, 'seed'>>;
  users?: readonly SimUser[];
  rateLimits?: Partial<RateLimits>;
  rest?: Partial<RestOptions>;
  orders?: Partial<OrderOptions>;
  /** Demat holdings every user starts with (NSE equities of the market). */
  holdings?: readonly SeedHolding[];
  gtt?: Partial<GttOptions>;
  /** Mutual fund schemes listed by /mf/instruments, and the units every user starts with. */
  funds?: readonly MutualFund[];
  mfHoldings?: readonly MfHolding[];
  /** Ticker options, or false to run REST only. */
  ticker?: Partial<TickerOptions> | false;
  /** How often working orders are re-checked against the market (real ms). */
  orderMatchIntervalMs?: number;
  /**
   * Monotonic milliseconds for rate-limit windows and ticker pacing, refusals and stalls (durations, not
   * dates). Default: performance.now; a test drives it by hand to make windows deterministic.
   */
  monotonicNow?: () => number;
}

export interface KiteSimulatorHandle {
  stop(): Promise<void>;
  /** Runs order matching, GTT evaluation and MF allotment now (also on a timer and on every clock change). */
  processOrders(): void;
}

export interface KiteSimulator {
  restUrl: string;
  wsUrl: string;
  controlUrl: string;
  loginUrl: string;
  port: number;
  model: MarketModel;
  clock: SimClock;
  sessions: SessionStore;
  orders: OrderBook;
  holdings: HoldingsBook;
  gtts: GttBook;
  funds: MfCatalogue;
  mf: MfBook;
  sips: MfSips;
  faults: FaultInjector;
  limiter: RateLimiter;
  ticker: KiteTickerServer | undefined;
  handle: KiteSimulatorHandle;
}

export const DEFAULT_SEED = 1;
const DEFAULT_HOST = '127.0.0.1';
const DEFAULT_ORDER_MATCH_INTERVAL_MS = 250;
const DEFAULT_REPRICE_INTERVAL_MS = 0;
const DEFAULT_HALF_SPREAD_FRACTION = 0.002;

/** Starts the Kite simulator in-process: REST, control API and the WebSocket ticker on one HTTP server. */
export const startKiteSimulator = async (options: KiteSimulatorOptions = {}): Promise<KiteSimulator> => {
  const seed = options.seed ?? DEFAULT_SEED;
  const clock = new SimClock(options.clock);
  const model = new MarketModel(
    {
      seed,
      rate: DEFAULT_RATE,
      underlyings: DEFAULT_UNDERLYINGS,
      equities: DEFAULT_EQUITIES,
      // 09:15 IST of the clock's day: the same seed gives the same prices whenever on that day it starts.
      anchorMs: istTimeOnDay(istDayNumber(clock.now()), 0, OPEN_START_MINUTE),
      moveOutsideSession: false,
      repriceIntervalMs: DEFAULT_REPRICE_INTERVAL_MS,
      halfSpreadFraction: DEFAULT_HALF_SPREAD_FRACTION,
      ...options.market,
    },
    clock.calendar,
  );
  const sessions = new SessionStore(options.users ?? DEFAULT_USERS, () => clock.now());
  // The default demo holdings cover the default equities; a custom equity list keeps those it still lists.
  const seedHoldings =
    options.holdings ?? DEFAULT_HOLDINGS.filter((h) => model.findBySymbol(`NSE:${h.tradingsymbol}`) !== undefined);
  const holdings = new HoldingsBook(seedHoldings, model.options.equities ?? [], model);
  const orders = new OrderBook({
    market: model,
    clock,
    holdings,
    options: { ...DEFAULT_ORDER_OPTIONS, ...options.orders },
  });
  const gtts = new GttBook({ market: model, clock, orders, options: { ...DEFAULT_GTT_OPTIONS, ...options.gtt } });
  const funds = new MfCatalogue(options.funds ?? DEFAULT_FUNDS, seed, model.options.anchorMs, clock.calendar);
  const mf = new MfBook(funds, clock, options.mfHoldings ?? DEFAULT_MF_HOLDINGS);
  const sips = new MfSips(mf, clock);
  // Orders first: a GTT that fires places an order, which the next pass matches.
  const processAll = (): void => {
    orders.process();
    gtts.process();
    sips.process();
    mf.process();
  };
  const monotonicNow = options.monotonicNow ?? (() => performance.now());
  const limiter = new RateLimiter({ ...DEFAULT_RATE_LIMITS, ...options.rateLimits }, monotonicNow);
  const faults = new FaultInjector(seed);
  const restOptions: RestOptions = { ...DEFAULT_REST_OPTIONS, ...options.rest };
  const held = new Set<ServerResponse>();
  const sockets = new Set<Socket>();
  let baseUrl = '';
  let ticker: KiteTickerServer | undefined;

  const ctx: RestContext = {
    market: model,
    clock,
    sessions,
    orders,
    holdings,
    gtts,
    funds,
    mf,
    sips,
    limiter,
    faults,
    options: restOptions,
    baseUrl: () => baseUrl,
    hold: (res) => {
      if (held.size >= MAX_HELD_REQUESTS) {
        const oldest = held.values().next().value;
        if (oldest) {
          held.delete(oldest);
          oldest.destroy();
        }
      }
      held.add(res);
      res.on('close', () => held.delete(res));
    },
  };
  const control = new ControlApi({
    market: model,
    clock,
    sessions,
    orders,
    holdings,
    gtts,
    mf,
    processAll,
    limiter,
    faults,
    restOptions,
    ticker: () => ticker,
  });
  const router = new KiteRouter(ctx, control);
  const server = createServer((req, res) => void router.handle(req, res));
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  if (options.ticker !== false) {
    ticker = new KiteTickerServer({
      server,
      market: model,
      sessions,
      clock,
      options: { seed, ...options.ticker },
      monotonicNow,
    });
    orders.sink = ticker;
  }
  clock.onChange(processAll);
  const matchTimer = setInterval(processAll, options.orderMatchIntervalMs ?? DEFAULT_ORDER_MATCH_INTERVAL_MS);
  matchTimer.unref();

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? DEFAULT_HOST, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port, address } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;
  baseUrl = `http://${host}:${port}`;

  const stop = async (): Promise<void> => {
    clearInterval(matchTimer);
    clock.detach();
    await ticker?.close();
    for (const res of held) {
      res.destroy();
    }
    held.clear();
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      for (const socket of sockets) {
        socket.destroy();
      }
    });
  };

  return {
    restUrl: baseUrl,
    wsUrl: `ws://${host}:${port}/`,
    controlUrl: `${baseUrl}/__sim`,
    loginUrl: `${baseUrl}/connect/login`,
    port,
    model,
    clock,
    sessions,
    orders,
    holdings,
    gtts,
    funds,
    mf,
    sips,
    faults,
    limiter,
    ticker,
    handle: { stop, processOrders: processAll },
  };
};
