import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimInstrument } from '../../../src/simulator/contracts/simulator.contracts.js';
import { DEFAULT_UNDERLYINGS } from '../../../src/simulator/market/market-config.js';
import type { KiteSimulator } from '../../../src/simulator/simulator.js';
import type { TestApp } from '../../support/test-app.js';
import { bootWithSimulator, control, encryptionKey, getJson, startSimulator, waitFor } from './support.js';

interface SyncResult {
  exchange: string;
  outcome: string;
  rows: number;
  inserted: number;
  updated: number;
  retired: number;
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

const DAY_MS = 86_400_000;
const IST_OFFSET_MS = 330 * 60_000;
const istToday = () => new Date(Date.now() + IST_OFFSET_MS).toISOString().slice(0, 10);

/** What the simulator lists and our sync keeps: NSE indices and NFO contracts not yet expired (IST). */
const expectedLive = (sim: KiteSimulator, exchange: 'NSE' | 'NFO'): SimInstrument[] =>
  sim.model.instruments().filter((i) => i.exchange === exchange && (i.expiry === null || i.expiry >= istToday()));

describe('Instrument master synced from the simulator through the guarded client', () => {
  let sim: KiteSimulator;
  let app: TestApp;
  let port: number;

  const sync = async () => {
    const response = await getJson<SyncResult[]>(`${app.url}/instrument-sync`, { method: 'POST' });
    expect(response.status).toBe(200);
    return Object.fromEntries(response.body.map((r) => [r.exchange, r]));
  };

  beforeAll(async () => {
    sim = await startSimulator();
    port = sim.port;
    app = await bootWithSimulator(sim, encryptionKey(), {
      INSTRUMENT_SYNC_ON_START: 'true',
      INSTRUMENT_UPSERT_CHUNK_SIZE: '250',
    });
  });

  afterAll(async () => {
    await app?.close();
    await sim?.handle.stop();
  });

  it('should sync at start-up in the background, dropping the junk row and non-index NSE rows', async () => {
    const results = await waitFor(async () => {
      const { body } = await getJson<SyncResult[]>(`${app.url}/instrument-sync`);
      return body.length === 2 ? body : undefined;
    });
    const byExchange = Object.fromEntries(results.map((r) => [r.exchange, r]));
    expect(byExchange.NSE).toMatchObject({ outcome: 'ok', rows: expectedLive(sim, 'NSE').length, junk: 1 });
    expect(byExchange.NFO).toMatchObject({ outcome: 'ok', rows: expectedLive(sim, 'NFO').length, junk: 1, retired: 0 });
    expect(byExchange.NFO!.inserted).toBe(expectedLive(sim, 'NFO').length);
  });

  it('should store exactly what Kite lists, tokens as numbers', async () => {
    for (const exchange of ['NSE', 'NFO'] as const) {
      const page = (await getJson<Page>(`${app.url}/instruments?exchange=${exchange}&limit=1000`)).body;
      expect(page.total).toBe(expectedLive(sim, exchange).length);
    }
    const nifty = await getJson<Record<string, unknown>>(`${app.url}/instruments/256265`);
    expect(nifty.status).toBe(200);
    expect(nifty.body).toMatchObject({
      instrumentToken: 256265,
      exchangeToken: 1001,
      tradingsymbol: 'NIFTY 50',
      segment: 'INDICES',
      expiry: null,
      active: true,
    });
    const option = sim.model.instruments().find((i) => i.kind === 'CE' && i.name === 'NIFTY')!;
    const bySymbol = (await getJson<Page>(`${app.url}/instruments?exchange=NFO&tradingsymbol=${option.tradingsymbol}`))
      .body;
    expect(bySymbol.items).toEqual([
      expect.objectContaining({
        instrumentToken: option.instrumentToken,
        expiry: option.expiry,
        lotSize: option.lotSize,
      }),
    ]);
  });

  it('should be idempotent: a second sync rewrites nothing', async () => {
    const results = await sync();
    expect(results.NFO).toMatchObject({ outcome: 'ok', inserted: 0, updated: 0, retired: 0 });
  });

  it("should serve the option chain of NIFTY's nearest expiry with CE and PE tokens for every strike", async () => {
    const options = expectedLive(sim, 'NFO').filter((i) => i.name === 'NIFTY' && (i.kind === 'CE' || i.kind === 'PE'));
    const expiries = [...new Set(options.map((i) => i.expiry!))].sort();
    const nearest = expiries[0]!;
    const { status, body } = await getJson<Chain>(`${app.url}/option-chains/NIFTY`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ underlying: 'NIFTY', expiry: nearest, lotSize: 65, tickSize: 0.05 });
    const listed = options.filter((i) => i.expiry === nearest);
    expect(body.strikes.map((s) => s.strike)).toEqual([...new Set(listed.map((i) => i.strike))].sort((a, b) => a - b));
    for (const row of body.strikes) {
      const ce = listed.find((i) => i.kind === 'CE' && i.strike === row.strike)!;
      const pe = listed.find((i) => i.kind === 'PE' && i.strike === row.strike)!;
      expect(row.ce?.instrumentToken).toBe(ce.instrumentToken);
      expect(row.ce?.tradingsymbol).toBe(ce.tradingsymbol);
      expect(row.pe?.instrumentToken).toBe(pe.instrumentToken);
    }
    const later = await getJson<Chain>(`${app.url}/option-chains/NIFTY?expiry=${expiries[1]}`);
    expect(later.body.expiry).toBe(expiries[1]);
    const nextExpiries = await getJson<{ expiries: string[] }>(`${app.url}/option-chains/NIFTY/expiries?limit=3`);
    expect(nextExpiries.body.expiries).toEqual(expiries.slice(0, 3));
  });

  it('should retire contracts that disappear from the next dump (the simulator a week later)', async () => {
    const before = expectedLive(sim, 'NFO');
    await sim.handle.stop();
    sim = await startSimulator({ port, clock: { mode: 'shifted', offsetMs: 7 * DAY_MS } });
    const after = expectedLive(sim, 'NFO');
    const afterSymbols = new Set(after.map((i) => i.tradingsymbol));
    const gone = before.filter((i) => !afterSymbols.has(i.tradingsymbol));
    expect(gone.length).toBeGreaterThan(0);

    const results = await sync();
    expect(results.NFO).toMatchObject({ outcome: 'ok', rows: after.length });
    expect(results.NFO!.retired).toBeGreaterThanOrEqual(gone.length);
    expect((await getJson<Page>(`${app.url}/instruments?exchange=NFO&limit=1`)).body.total).toBe(after.length);
    for (const instrument of gone.slice(0, 5)) {
      const live = await getJson<Page>(`${app.url}/instruments?exchange=NFO&tradingsymbol=${instrument.tradingsymbol}`);
      expect(live.body.total).toBe(0);
    }
    for (const instrument of after.slice(0, 5)) {
      const stored = await getJson<{ tradingsymbol: string; active: boolean }>(
        `${app.url}/instruments/${instrument.instrumentToken}`,
      );
      expect(stored.body).toMatchObject({ tradingsymbol: instrument.tradingsymbol, active: true });
    }
    const retired = await getJson<Page>(`${app.url}/instruments?exchange=NFO&includeRetired=true&limit=1`);
    expect(retired.body.total).toBeGreaterThan(after.length);
  });

  it('should refuse a dump that would retire most of the master, unless forced', async () => {
    await sim.handle.stop();
    const finniftyOnly = DEFAULT_UNDERLYINGS.filter((u) => u.name === 'FINNIFTY');
    sim = await startSimulator({
      port,
      clock: { mode: 'shifted', offsetMs: 7 * DAY_MS },
      market: { underlyings: finniftyOnly },
    });
    const liveBefore = (await getJson<Page>(`${app.url}/instruments?exchange=NFO&limit=1`)).body.total;
    const refused = await sync();
    expect(refused.NFO).toMatchObject({ outcome: 'refused', inserted: 0, updated: 0, retired: 0 });
    expect((await getJson<Page>(`${app.url}/instruments?exchange=NFO&limit=1`)).body.total).toBe(liveBefore);
    const forced = await getJson<SyncResult[]>(`${app.url}/instrument-sync?force=true`, { method: 'POST' });
    const nfo = forced.body.find((r) => r.exchange === 'NFO')!;
    expect(nfo.outcome).toBe('ok');
    expect((await getJson<Page>(`${app.url}/instruments?exchange=NFO&limit=1`)).body.total).toBe(
      expectedLive(sim, 'NFO').length,
    );
  });

  it('should leave the master untouched when the download fails', async () => {
    await control(sim, 'POST', '/faults/rest', {
      pathPrefix: '/instruments/NFO',
      status: 502,
      body: 'html',
      count: 10,
    });
    const failed = await sync();
    expect(failed.NFO).toMatchObject({ outcome: 'failed', inserted: 0, retired: 0 });
    await control(sim, 'DELETE', '/faults');
    expect((await getJson<Page>(`${app.url}/instruments?exchange=NFO&limit=1`)).body.total).toBeGreaterThan(0);
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
    ])('should answer GET %s with %i', async (path, status) => {
      const method = path.startsWith('/instrument-sync') ? 'POST' : 'GET';
      const response = await getJson<{ code: string; message: string }>(`${app.url}${path}`, { method });
      expect(response.status).toBe(status);
      expect(response.body.message.length).toBeGreaterThan(0);
    });
  });
});
