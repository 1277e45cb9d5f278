import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ControllableClock } from '../../../../src/common/time/index.js';
import { SimClock } from '../../../../src/simulator/clock/index.js';
import type { InstrumentState, MarketView } from '../../../../src/simulator/contracts/simulator.contracts.js';
import { DEFAULT_RATE, DEFAULT_UNDERLYINGS } from '../../../../src/simulator/market/market-config.js';
import { MarketModel } from '../../../../src/simulator/market/market-model.js';
import { SessionStore, type SimUser } from '../../../../src/simulator/session/session-store.js';
import { KiteTickerServer, type TickerOptions } from '../../../../src/simulator/ticker/index.js';

/** Wednesday 2026-11-25 11:00 IST: a trading day, market open. */
export const MARKET_OPEN_MS = Date.UTC(2026, 10, 25, 5, 30);
export const API_KEY = 'ticker-test-key';
export const ACCESS_TOKEN = 'ticker-test-token';
export const USER_ID = 'TT0001';
export const OTHER = { apiKey: 'ticker-other-key', accessToken: 'ticker-other-token', userId: 'TT0002' };

const user = (apiKey: string, accessToken: string, userId: string): SimUser => ({
  userId,
  userName: userId,
  email: `${userId.toLowerCase()}@example.com`,
  apiKey,
  apiSecret: `${apiKey}-secret`,
  accessToken,
});
const MODEL_SEED = 42;
const HALF_SPREAD_FRACTION = 0.002;
const RECORDED_STATES_PER_TOKEN = 10_000;

/**
 * Passes every call to the real market model and keeps a copy of each state it hands the ticker, in order,
 * so a test can compare what arrived on the wire with what the model said at send time.
 */
export class RecordingMarket implements MarketView {
  private readonly recorded = new Map<number, InstrumentState[]>();

  constructor(readonly model: MarketView) {}

  instruments = () => this.model.instruments();
  instrument = (token: number) => this.model.instrument(token);
  state = (token: number) => this.record(this.model.state(token));
  tick = (token: number, nowMs: number) => this.record(this.model.tick(token, nowMs));

  /** States handed out for `token`, oldest first. */
  statesOf(token: number): readonly InstrumentState[] {
    return this.recorded.get(token) ?? [];
  }

  private record(state: InstrumentState | undefined): InstrumentState | undefined {
    if (state !== undefined) {
      const list = this.recorded.get(state.instrumentToken) ?? [];
      if (list.length < RECORDED_STATES_PER_TOKEN) {
        list.push(structuredClone(state));
      }
      this.recorded.set(state.instrumentToken, list);
    }
    return state;
  }
}

export interface TickerHarness {
  url: string;
  server: Server;
  ticker: KiteTickerServer;
  sessions: SessionStore;
  market: RecordingMarket;
  model: MarketModel;
  clock: SimClock;
  close(): Promise<void>;
}

/**
 * `strikesPerSide` widens every chain, e.g. to list more than 3000 instruments; `monotonicNow` drives the
 * ticker's refusal and stall windows by hand.
 */
export const startTickerHarness = async (
  options: Partial<TickerOptions> = {},
  strikesPerSide?: number,
  monotonicNow?: () => number,
): Promise<TickerHarness> => {
  const clock = new SimClock({
    instance: ControllableClock.startingAt(MARKET_OPEN_MS),
    phaseOverride: 'open',
  });
  const model = new MarketModel(
    {
      seed: MODEL_SEED,
      rate: DEFAULT_RATE,
      underlyings: DEFAULT_UNDERLYINGS.map((spec) => ({
        ...spec,
        strikesEachSide: strikesPerSide ?? spec.strikesEachSide,
      })),
      anchorMs: MARKET_OPEN_MS,
      moveOutsideSession: false,
      repriceIntervalMs: 0,
      halfSpreadFraction: HALF_SPREAD_FRACTION,
    },
    clock.calendar,
  );
  const market = new RecordingMarket(model);
  const sessions = new SessionStore(
    [user(API_KEY, ACCESS_TOKEN, USER_ID), user(OTHER.apiKey, OTHER.accessToken, OTHER.userId)],
    () => clock.now(),
  );
  const server = createServer((_request, response) => response.writeHead(404).end());
  const ticker = new KiteTickerServer({ server, market, sessions, clock, options, monotonicNow });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}/`,
    server,
    ticker,
    sessions,
    market,
    model,
    clock,
    close: async () => {
      await ticker.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
};

let uid = 0;

/** The URL the official JS client builds (kite-protocol.md §1.3): unencoded values plus a uid. */
export const tickerUrl = (root: string, apiKey = API_KEY, accessToken = ACCESS_TOKEN): string =>
  `${root}?api_key=${apiKey}&access_token=${accessToken}&uid=${(uid += 1)}`;
