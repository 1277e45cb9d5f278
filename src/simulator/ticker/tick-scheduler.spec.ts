import { WebSocket } from 'ws';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type {
  InstrumentState,
  MarketPhase,
  MarketView,
  SimClockView,
  SimInstrument,
} from '../contracts/simulator.contracts.js';
import { TickScheduler } from './tick-scheduler.js';
import { TickerConnection } from './ticker-connection.js';
import { DEFAULT_TICKER_OPTIONS, resolveTickerOptions, type TickerOptions } from './ticker-options.js';

const TOKENS = [12073986, 12074242, 256265];

/** A market of fixed states: enough for the scheduler, which only needs something to encode. */
const fixedMarket = (): MarketView & { ticks: number } => {
  const states = new Map<number, InstrumentState>(
    TOKENS.map((token) => [
      token,
      {
        instrumentToken: token,
        lastPrice: 100,
        lastQuantity: 1,
        averagePrice: 100,
        volume: 1,
        buyQuantity: 1,
        sellQuantity: 1,
        open: 100,
        high: 100,
        low: 100,
        close: 100,
        lastTradeTime: 1,
        oi: 1,
        oiDayHigh: 1,
        oiDayLow: 1,
        exchangeTimestamp: 1,
        depth: { buy: [], sell: [] },
      },
    ]),
  );
  const market = {
    ticks: 0,
    instruments: () => [] as SimInstrument[],
    instrument: () => undefined,
    state: (token: number) => states.get(token),
    tick: (token: number) => {
      market.ticks += 1;
      return states.get(token);
    },
  };
  return market;
};

/** A socket that is always open and records what is sent, with a settable send backlog. */
const recordingSocket = () => {
  const frames: Buffer[] = [];
  const socket = {
    readyState: WebSocket.OPEN as number,
    bufferedAmount: 0,
    send: (data: Buffer) => frames.push(data),
    terminate: () => {
      socket.readyState = WebSocket.CLOSED;
    },
  };
  return { socket, frames };
};

const packetsIn = (frames: Buffer[]): number =>
  frames.filter((f) => f.length > 1).reduce((sum, f) => sum + f.readUInt16BE(0), 0);

const setUp = (overrides: Partial<TickerOptions>, phase: MarketPhase = 'open') => {
  let now = 0;
  const options = resolveTickerOptions({ tickJitter: 0, frameIntervalMs: 50, ...overrides });
  const market = fixedMarket();
  const clock: SimClockView = { now: () => 0, phase: () => phase };
  const { socket, frames } = recordingSocket();
  const connection = new TickerConnection('c1', 'key', 'user', socket as unknown as WebSocket, 0);
  const scheduler = new TickScheduler({
    market,
    clock,
    options,
    connections: () => [connection],
    monotonicNow: () => now,
  });
  for (const token of TOKENS) {
    connection.subscriptions.set(token, { token, mode: 'full', nextDueMs: scheduler.firstDueMs() });
  }
  const runFor = (ms: number): void => {
    for (const end = now + ms; now < end;) {
      now += options.frameIntervalMs;
      scheduler.runPass();
    }
  };
  return { scheduler, connection, socket, frames, market, runFor, jump: (ms: number) => (now += ms) };
};

describe('TickScheduler (time driven by hand)', () => {
  it('sends each instrument at the configured rate, all due instruments batched into one frame per pass', () => {
    const { frames, runFor } = setUp({ ticksPerSecondPerInstrument: 10 });
    runFor(10_000);
    expect(packetsIn(frames)).toBeGreaterThanOrEqual(TOKENS.length * 99);
    expect(packetsIn(frames)).toBeLessThanOrEqual(TOKENS.length * 101);
    expect(frames.length).toBeLessThanOrEqual(10 * 101);
  });

  it('keeps the average rate with jitter', () => {
    const { frames, runFor } = setUp({ ticksPerSecondPerInstrument: 2, tickJitter: 0.5 });
    runFor(100_000);
    expect(packetsIn(frames) / TOKENS.length / 100).toBeCloseTo(2, 1);
  });

  it('sends several packets per instrument per pass at rates above the frame rate', () => {
    const { frames, runFor } = setUp({ ticksPerSecondPerInstrument: 1000, frameIntervalMs: 10 });
    runFor(1000);
    expect(packetsIn(frames)).toBeGreaterThanOrEqual(TOKENS.length * 990);
    expect(Math.max(...frames.map((f) => f.readUInt16BE(0)))).toBe(TOKENS.length * 10);
  });

  it('skips the backlog after a long pause instead of bursting it', () => {
    const { frames, runFor, jump } = setUp({ ticksPerSecondPerInstrument: 10 });
    runFor(1000);
    const before = packetsIn(frames);
    jump(60_000);
    runFor(50);
    expect(packetsIn(frames) - before).toBeLessThanOrEqual(TOKENS.length);
  });

  it('sends nothing while the market is closed unless ticksWhenClosed', () => {
    expect(packetsIn(setUpAndRun({ ticksPerSecondPerInstrument: 10 }, 'closed'))).toBe(0);
    expect(packetsIn(setUpAndRun({ ticksPerSecondPerInstrument: 10 }, 'holiday'))).toBe(0);
    expect(packetsIn(setUpAndRun({ ticksPerSecondPerInstrument: 10, ticksWhenClosed: true }, 'closed'))).toBe(30);
    expect(packetsIn(setUpAndRun({ ticksPerSecondPerInstrument: 10 }, 'pre-open'))).toBe(30);
  });

  it('drops and counts due ticks while the socket backlog is over the bound, then resumes', () => {
    const { frames, runFor, socket, connection } = setUp({ ticksPerSecondPerInstrument: 10, maxBufferedBytes: 1000 });
    socket.bufferedAmount = 5000;
    runFor(1000);
    expect(packetsIn(frames)).toBe(0);
    expect(connection.counters.ticksDropped).toBeGreaterThanOrEqual(TOKENS.length * 9);
    socket.bufferedAmount = 0;
    runFor(1000);
    expect(packetsIn(frames)).toBeGreaterThanOrEqual(TOKENS.length * 9);
  });

  it('disconnects a slow consumer under the disconnect policy', () => {
    const { runFor, socket, scheduler } = setUp({ maxBufferedBytes: 1000, slowConsumerPolicy: 'disconnect' });
    socket.bufferedAmount = 5000;
    runFor(2000);
    expect(socket.readyState).toBe(WebSocket.CLOSED);
    expect(scheduler.totals.slowConsumerDisconnects).toBe(1);
  });

  it('splits a pass into several frames when it exceeds maxPacketsPerFrame', () => {
    const { frames, runFor } = setUp({ ticksPerSecondPerInstrument: 20, maxPacketsPerFrame: 2 });
    runFor(1000);
    expect(Math.max(...frames.map((f) => f.readUInt16BE(0)))).toBe(2);
    expect(packetsIn(frames)).toBeGreaterThanOrEqual(TOKENS.length * 19);
  });
});

const setUpAndRun = (overrides: Partial<TickerOptions>, phase: MarketPhase): Buffer[] => {
  const { frames, runFor } = setUp(overrides, phase);
  runFor(1000);
  return frames;
};

/** The official client drops a connection that has been silent for 5 s (kite-protocol.md §1.5). */
const CLIENT_READ_TIMEOUT_MS = 5_000;

describe('TickScheduler heartbeats (fake timers)', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("should send a 1-byte heartbeat every heartbeatIntervalMs by default, inside the client's 5 s read timeout", async () => {
    vi.useFakeTimers();
    const { scheduler, frames, connection } = setUp({ ticksPerSecondPerInstrument: 0 }, 'closed');
    connection.subscriptions.clear();
    scheduler.start();
    const interval = DEFAULT_TICKER_OPTIONS.heartbeatIntervalMs;
    expect(interval).toBeLessThan(CLIENT_READ_TIMEOUT_MS);
    await vi.advanceTimersByTimeAsync(interval - 1);
    expect(frames).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    await vi.advanceTimersByTimeAsync(2 * interval);
    scheduler.stop();
    expect(frames.map((frame) => [...frame])).toEqual([[0], [0], [0]]);
  });
});
