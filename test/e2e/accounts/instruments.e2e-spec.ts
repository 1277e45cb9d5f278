import { DataSource } from 'typeorm';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { ControllableClock, MS_PER_DAY, istDate, parseIstDateTime } from '../../../src/common/time/index.js';
import { InstrumentSyncService } from '../../../src/modules/instruments/sync/instrument-sync.service.js';
import type { SimInstrument } from '../../../src/simulator/contracts/simulator.contracts.js';
import { DEFAULT_UNDERLYINGS } from '../../../src/simulator/market/market-config.js';
import type { KiteSimulator, KiteSimulatorOptions } from '../../../src/simulator/simulator.js';
import { CALENDAR_SWEEP, sweepInstant, type SweepCase } from '../../support/calendar-sweep.js';
import { POLL } from '../../support/polling.js';
import type { TestApp } from '../../support/test-app.js';
import { bootWithSimulator, control, encryptionKey, getJson, startSimulator } from './support.js';

interface SyncResult {
  exchange: string;
  outcome: string;
  reason?: string;
  rows: number;
  inserted: number;
  updated: number;
  retired: number;
  recycled: number;
  junk: number;
  skipped: number;
  expired: number;
}
interface Page {
  items: { instrumentToken: number; tradingsymbol: string; expiry: string | null; active: boolean; lotSize: number }[];
  total: number;
}
interface Chain {
  underlying: string;
  expiry: string;
  lotSize: number;
  tickSize: number;
  strikes: {
    strike: number;
    ce: { instrumentToken: number; tradingsymbol: string } | null;
    pe: { instrumentToken: number } | null;
  }[];
}

/**
 * The rule, stated independently of the product: an NFO contract trades until 15:30 IST on its expiry date.
 * The simulator lists its universe as of its start, like Kite's morning dump, so once the clock passes a
 * close the dump still carries contracts the service must leave out.
 */
const isLive = (instrument: SimInstrument, nowMs: number): boolean =>
  instrument.expiry === null || parseIstDateTime(`${instrument.expiry} 15:30`)! > nowMs;

const listed = (sim: KiteSimulator, exchange: 'NSE' | 'NFO'): SimInstrument[] =>
  sim.model.instruments().filter((i) => i.exchange === exchange);

/** What our sync keeps: NSE indices (not the NSE equities, a segment it skips) and live NFO contracts. */
const expectedLive = (sim: KiteSimulator, exchange: 'NSE' | 'NFO'): SimInstrument[] =>
  listed(sim, exchange).filter((i) => i.segment !== 'NSE' && isLive(i, sim.clock.now()));

const niftyExpiries = (sim: KiteSimulator): string[] =>
  [
    ...new Set(
      expectedLive(sim, 'NFO')
        .filter((i) => i.name === 'NIFTY' && (i.kind === 'CE' || i.kind === 'PE'))
        .map((i) => i.expiry!),
    ),
  ].sort();

/** One simulator and one service on a shared, pinned clock; each test starts from an empty master. */
const harness = (at: () => number, simOptions: KiteSimulatorOptions = {}) => {
  const state = {} as { sim: KiteSimulator; app: TestApp; clock: ControllableClock; port: number };

  /** (Re)starts the simulator on the same port: its listing is the universe of the clock's day. */
  const restartSim = async (options: KiteSimulatorOptions = simOptions): Promise<KiteSimulator> => {
    await state.sim?.handle.stop();
    state.sim = await startSimulator({ ...options, port: state.port, clock: { instance: state.clock } });
    return state.sim;
  };

  const sync = async (query = ''): Promise<Record<string, SyncResult>> => {
    const response = await getJson<SyncResult[]>(`${state.app.url}/instrument-sync${query}`, { method: 'POST' });
    expect(response.status).toBe(200);
    return Object.fromEntries(response.body.map((r) => [r.exchange, r]));
  };

  const liveTotal = async (exchange: string): Promise<number> =>
    (await getJson<Page>(`${state.app.url}/instruments?exchange=${exchange}&limit=1`)).body.total;

  beforeAll(async () => {
    state.clock = ControllableClock.fixedAt(at());
    state.sim = await startSimulator({ ...simOptions, clock: { instance: state.clock } });
    state.port = state.sim.port;
    state.app = await bootWithSimulator(state.sim, encryptionKey(), { INSTRUMENT_UPSERT_CHUNK_SIZE: '250' });
  });

  afterAll(async () => {
    await state.app?.close();
    await state.sim?.handle.stop();
  });

  beforeEach(async () => {
    state.clock.setFixed(at());
    await restartSim();
    await state.app.service.app.get(DataSource).query('TRUNCATE instrument');
  });

  return { state, restartSim, sync, liveTotal };
};

describe.each(CALENDAR_SWEEP)('Instrument master at $ist IST ($name)', (sweepCase: SweepCase) => {
  const { state, restartSim, sync, liveTotal } = harness(() => sweepInstant(sweepCase));

  it('should store exactly the contracts still trading, tokens as numbers, and rewrite nothing on a second sync', async () => {
    const { sim, app } = state;
    const first = await sync();
    const nfo = expectedLive(sim, 'NFO');
    expect(first.NSE).toMatchObject({ outcome: 'ok', rows: expectedLive(sim, 'NSE').length, junk: 1 });
    expect(first.NFO).toMatchObject({
      outcome: 'ok',
      rows: nfo.length,
      inserted: nfo.length,
      expired: listed(sim, 'NFO').length - nfo.length,
      retired: 0,
      recycled: 0,
    });
    // The NSE dump also lists equities; the default INSTRUMENT_SEGMENTS skip them.
    const equities = listed(sim, 'NSE').filter((i) => i.segment === 'NSE').length;
    expect(equities).toBeGreaterThan(0);
    expect(first.NSE!.skipped).toBe(equities);
    for (const exchange of ['NSE', 'NFO'] as const) {
      expect(await liveTotal(exchange)).toBe(expectedLive(sim, exchange).length);
    }
    const nifty = await getJson<Record<string, unknown>>(`${app.url}/instruments/256265`);
    expect(nifty.body).toMatchObject({ instrumentToken: 256265, exchangeToken: 1001, tradingsymbol: 'NIFTY 50' });
    const option = nfo.find((i) => i.kind === 'CE' && i.name === 'NIFTY')!;
    const bySymbol = await getJson<Page>(`${app.url}/instruments?exchange=NFO&tradingsymbol=${option.tradingsymbol}`);
    expect(bySymbol.body.items).toEqual([
      expect.objectContaining({ instrumentToken: option.instrumentToken, expiry: option.expiry, active: true }),
    ]);

    const second = await sync();
    expect(second.NFO).toMatchObject({ outcome: 'ok', inserted: 0, updated: 0, retired: 0, recycled: 0 });
  });

  it("should serve the nearest expiry's chain until its 15:30 close and the next one after it", async () => {
    const { sim, app, clock } = state;
    await sync();
    const liveAtSync = expectedLive(sim, 'NFO').length;
    for (const step of [0, 2 * 60_000]) {
      clock.advance(step); // two minutes on: at 15:29 this crosses the close
      const expiries = niftyExpiries(sim);
      const chain = await getJson<Chain>(`${app.url}/option-chains/NIFTY`);
      expect(chain.status).toBe(200);
      expect(chain.body).toMatchObject({ underlying: 'NIFTY', expiry: expiries[0], lotSize: 65, tickSize: 0.05 });
      const legs = expectedLive(sim, 'NFO').filter(
        (i) => i.name === 'NIFTY' && i.expiry === expiries[0] && (i.kind === 'CE' || i.kind === 'PE'),
      );
      expect(chain.body.strikes.map((s) => s.strike)).toEqual(
        [...new Set(legs.map((i) => i.strike))].sort((a, b) => a - b),
      );
      for (const row of chain.body.strikes) {
        expect(row.ce?.instrumentToken).toBe(
          legs.find((i) => i.kind === 'CE' && i.strike === row.strike)!.instrumentToken,
        );
        expect(row.pe?.instrumentToken).toBe(
          legs.find((i) => i.kind === 'PE' && i.strike === row.strike)!.instrumentToken,
        );
      }
      const next = await getJson<{ expiries: string[] }>(`${app.url}/option-chains/NIFTY/expiries?limit=3`);
      expect(next.body.expiries).toEqual(expiries.slice(0, 3));
    }
    // A sync after the close drops what expired meanwhile, though the dump still lists it.
    const resynced = await sync();
    const live = expectedLive(sim, 'NFO').length;
    expect(resynced.NFO).toMatchObject({ outcome: 'ok', retired: liveAtSync - live, recycled: 0 });
    expect(await liveTotal('NFO')).toBe(live);
  });

  it('should retire contracts gone from the dump a week later and count reissued tokens as recycled', async () => {
    const { app, clock } = state;
    await sync();
    const before = new Map(expectedLive(state.sim, 'NFO').map((i) => [i.instrumentToken, i.tradingsymbol]));
    clock.advance(7 * MS_PER_DAY);
    const sim = await restartSim();
    expect(istDate(sim.clock.now())).toBe(istDate(sweepInstant(sweepCase) + 7 * MS_PER_DAY));
    const after = expectedLive(sim, 'NFO');
    const afterTokens = new Set(after.map((i) => i.instrumentToken));
    const retired = [...before.keys()].filter((token) => !afterTokens.has(token));
    const recycled = after.filter(
      (i) => before.has(i.instrumentToken) && before.get(i.instrumentToken) !== i.tradingsymbol,
    );
    const inserted = after.filter((i) => !before.has(i.instrumentToken));
    // Contracts that left the listing (none when the week ahead lists the same expiries, e.g. around Holi).
    const gone = [...before.values()].filter((symbol) => !after.some((i) => i.tradingsymbol === symbol));

    const results = await sync();
    expect(results.NFO).toMatchObject({
      outcome: 'ok',
      rows: after.length,
      inserted: inserted.length,
      updated: 0,
      retired: retired.length,
      recycled: recycled.length,
    });
    expect(await liveTotal('NFO')).toBe(after.length);
    for (const symbol of gone.slice(0, 5)) {
      expect((await getJson<Page>(`${app.url}/instruments?exchange=NFO&tradingsymbol=${symbol}`)).body.total).toBe(0);
    }
    for (const instrument of after.slice(0, 5)) {
      const stored = await getJson<{ tradingsymbol: string; active: boolean }>(
        `${app.url}/instruments/${instrument.instrumentToken}`,
      );
      expect(stored.body).toMatchObject({ tradingsymbol: instrument.tradingsymbol, active: true });
    }
    // A recycled token's row now holds its new contract: only tokens gone altogether remain as retired rows.
    const all = await getJson<Page>(`${app.url}/instruments?exchange=NFO&includeRetired=true&limit=1`);
    expect(all.body.total).toBe(after.length + retired.length);
  });
});

describe('Instrument sync refusals and failures', () => {
  const { state, restartSim, sync, liveTotal } = harness(() => parseIstDateTime('2026-12-02 10:30:00')!);

  it('should refuse a dump that would retire most of the master, unless forced', async () => {
    await sync();
    const liveBefore = await liveTotal('NFO');
    const finniftyOnly = DEFAULT_UNDERLYINGS.filter((u) => u.name === 'FINNIFTY');
    const sim = await restartSim({ market: { underlyings: finniftyOnly } });
    const refused = await sync();
    expect(refused.NFO).toMatchObject({ outcome: 'refused', inserted: 0, updated: 0, retired: 0 });
    expect(await liveTotal('NFO')).toBe(liveBefore);
    const forced = await sync('?force=true');
    expect(forced.NFO?.outcome).toBe('ok');
    expect(await liveTotal('NFO')).toBe(expectedLive(sim, 'NFO').length);
  });

  it('should leave the master untouched when the download fails', async () => {
    await sync();
    const liveBefore = await liveTotal('NFO');
    await control(state.sim, 'POST', '/faults/rest', {
      pathPrefix: '/instruments/NFO',
      status: 502,
      body: 'html',
      count: 10,
    });
    const failed = await sync();
    expect(failed.NFO).toMatchObject({ outcome: 'failed', inserted: 0, retired: 0 });
    expect(await liveTotal('NFO')).toBe(liveBefore);
  });

  describe('bad input', () => {
    it.each([
      ['/instruments/abc', 400],
      ['/instruments/0', 400],
      ['/instruments/99999999999', 400],
      ['/instruments/12345', 404],
      ['/instruments?limit=0', 400],
      ['/instruments?limit=5000', 400],
      ['/instruments?offset=-1', 400],
      ['/instruments?exchange=XYZ', 400],
      ['/instruments?instrumentType=OPT', 400],
      ['/instruments?expiry=2026-13-01', 400],
      ['/instruments?includeRetired=maybe', 400],
      ['/instruments?tradingsymbol=nifty', 400],
      ['/instruments?unknown=1', 400],
      ['/option-chains/nifty', 400],
      ['/option-chains/NIFTY?expiry=tomorrow', 400],
      ['/option-chains/NIFTY?expiry=2020-01-07', 404],
      ['/option-chains/NOSUCH', 404],
      ['/option-chains/NIFTY/expiries?limit=0', 400],
      ['/instrument-sync?force=perhaps', 400],
    ])('should answer %s with %i', async (path, status) => {
      const method = path.startsWith('/instrument-sync') ? 'POST' : 'GET';
      const response = await getJson<{ code: string; message: string }>(`${state.app.url}${path}`, { method });
      expect(response.status).toBe(status);
      expect(response.body.message.length).toBeGreaterThan(0);
    });
  });
});

describe('Instrument sync at start-up', () => {
  let sim: KiteSimulator;
  let app: TestApp;

  beforeAll(async () => {
    sim = await startSimulator({
      clock: { instance: ControllableClock.fixedAt(parseIstDateTime('2026-12-02 08:00:00')!) },
    });
    app = await bootWithSimulator(sim, encryptionKey(), { INSTRUMENT_SYNC_ON_START: 'true' });
  });

  afterAll(async () => {
    await app?.close();
    await sim?.handle.stop();
  });

  it('should sync in the background at start-up, dropping the junk row and non-index NSE rows', async () => {
    const results = await vi.waitFor(async () => {
      const { body } = await getJson<SyncResult[]>(`${app.url}/instrument-sync`);
      expect(body).toHaveLength(2);
      return Object.fromEntries(body.map((r) => [r.exchange, r]));
    }, POLL);
    expect(results.NSE).toMatchObject({ outcome: 'ok', rows: expectedLive(sim, 'NSE').length, junk: 1 });
    expect(results.NFO).toMatchObject({ outcome: 'ok', inserted: expectedLive(sim, 'NFO').length, junk: 1 });
  });

  it('should run the daily sync when the shared clock reaches INSTRUMENT_SYNC_TIME_IST (08:30)', async () => {
    await vi.waitFor(async () => {
      expect((await getJson<SyncResult[]>(`${app.url}/instrument-sync`)).body).toHaveLength(2);
    }, POLL);
    await app.service.app.get(InstrumentSyncService).idle();
    const finishedBefore = (await getJson<{ finishedAt: string }[]>(`${app.url}/instrument-sync`)).body[0]!.finishedAt;
    sim.clock.setFixed(parseIstDateTime('2026-12-02 08:30:00')!);
    await vi.waitFor(async () => {
      const { body } = await getJson<{ finishedAt: string }[]>(`${app.url}/instrument-sync`);
      expect(body[0]!.finishedAt).not.toBe(finishedBefore);
      expect(body[0]!.finishedAt).toBe(new Date(parseIstDateTime('2026-12-02 08:30:00')!).toISOString());
    }, POLL);
  });
});
