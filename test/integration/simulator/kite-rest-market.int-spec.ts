import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GroundTruth } from '../../../src/simulator/market/market-model.js';
import type { KiteSimulator } from '../../../src/simulator/simulator.js';
import { NIFTY, control, kiteFor, rejectionOf, startSim } from './sim-test-kit.js';

describe('Kite simulator REST: market data through the official client', () => {
  let sim: KiteSimulator;

  beforeAll(async () => {
    sim = await startSim();
  });
  afterAll(async () => {
    await sim.handle.stop();
  });

  it('serves the instrument dump as text/csv that the client parses', async () => {
    const res = await fetch(`${sim.restUrl}/instruments`);
    expect(res.headers.get('content-type')).toBe('text/csv');
    const text = await res.text();
    expect(
      text.startsWith(
        'instrument_token,exchange_token,tradingsymbol,name,last_price,expiry,strike,tick_size,lot_size,instrument_type,segment,exchange\r\n',
      ),
    ).toBe(true);
    expect(text.endsWith('\r\n')).toBe(true);

    const rows = (await kiteFor(sim).getInstruments()) as unknown as Record<string, unknown>[];
    const junk = rows.at(-1)!;
    expect(junk.instrument_token).toBe('');
    const real = rows.filter((r) => r.instrument_token !== '');
    expect(real).toHaveLength(sim.model.instruments().length);
    const nifty = real.find((r) => r.tradingsymbol === 'NIFTY 50')!;
    expect(nifty).toMatchObject({
      instrument_token: '256265',
      exchange_token: '1001',
      segment: 'INDICES',
      exchange: 'NSE',
      instrument_type: 'EQ',
    });
    const option = real.find((r) => r.tradingsymbol === 'NIFTY25D0926000CE')!;
    expect(option).toMatchObject({
      name: 'NIFTY',
      strike: 26000,
      lot_size: 65,
      tick_size: 0.05,
      instrument_type: 'CE',
      segment: 'NFO-OPT',
      exchange: 'NFO',
    });
    expect((option.expiry as Date).toISOString()).toBe('2025-12-09T00:00:00.000Z');
    expect(Number(option.instrument_token)).toBe(Number(option.exchange_token) * 256 + 2);
  });

  it('filters the dump by exchange and can omit the trailing newline', async () => {
    const nse = (await kiteFor(sim).getInstruments('NSE')) as unknown as Record<string, unknown>[];
    expect(nse.filter((r) => r.instrument_token !== '').map((r) => r.tradingsymbol)).toEqual([
      'NIFTY 50',
      'NIFTY BANK',
      'NIFTY FIN SERVICE',
      'RELIANCE',
      'INFY',
      'HDFCBANK',
      'TCS',
      'SBIN',
    ]);
    const reliance = nse.find((r) => r.tradingsymbol === 'RELIANCE')!;
    expect(reliance).toMatchObject({
      instrument_token: '738561',
      exchange_token: '2885',
      instrument_type: 'EQ',
      segment: 'NSE',
      lot_size: 1,
      tick_size: 0.1,
    });
    await control(sim, 'POST', '/rest-options', { csvTrailingNewline: false });
    const nfo = (await kiteFor(sim).getInstruments('NFO')) as unknown as Record<string, unknown>[];
    expect(nfo.every((r) => r.instrument_token !== '' && r.exchange === 'NFO')).toBe(true);
    await control(sim, 'POST', '/rest-options', { csvTrailingNewline: true });
  });

  it('answers getQuote keyed by the requested strings, omitting unknown instruments', async () => {
    const kite = kiteFor(sim);
    const quotes = await kite.getQuote([
      'NSE:NIFTY 50',
      'NFO:NIFTY25DECFUT',
      'NFO:NIFTY25D0926000CE',
      'NSE:NOPE',
      String(NIFTY),
    ]);
    expect(Object.keys(quotes).sort()).toEqual([
      '256265',
      'NFO:NIFTY25D0926000CE',
      'NFO:NIFTY25DECFUT',
      'NSE:NIFTY 50',
    ]);
    const option = quotes['NFO:NIFTY25D0926000CE']!;
    expect(option).toMatchObject({
      instrument_token: sim.model.findBySymbol('NFO:NIFTY25D0926000CE')!.instrumentToken,
    });
    expect(option.depth.buy).toHaveLength(5);
    expect(option.depth.sell).toHaveLength(5);
    expect(option.depth.buy[0]!.price).toBeLessThan(option.depth.sell[0]!.price);
    expect(option.timestamp).toBeInstanceOf(Date);
    for (const field of [
      'last_price',
      'last_quantity',
      'buy_quantity',
      'sell_quantity',
      'volume',
      'average_price',
      'oi',
      'oi_day_high',
      'oi_day_low',
      'net_change',
      'lower_circuit_limit',
      'upper_circuit_limit',
    ]) {
      expect(typeof (option as unknown as Record<string, unknown>)[field]).toBe('number');
    }
    expect(option.ohlc).toEqual({
      open: expect.any(Number),
      high: expect.any(Number),
      low: expect.any(Number),
      close: expect.any(Number),
    });
    expect(quotes['256265']!.last_price).toBe(quotes['NSE:NIFTY 50']!.last_price);
  });

  it('answers getLTP and getOHLC with their smaller shapes', async () => {
    const kite = kiteFor(sim);
    const ltp = await kite.getLTP(['NSE:NIFTY BANK']);
    expect(ltp['NSE:NIFTY BANK']).toEqual({ instrument_token: 260105, last_price: expect.any(Number) });
    const ohlc = await kite.getOHLC(['NSE:NIFTY FIN SERVICE']);
    expect(ohlc['NSE:NIFTY FIN SERVICE']).toEqual({
      instrument_token: 257801,
      last_price: expect.any(Number),
      ohlc: { open: expect.any(Number), high: expect.any(Number), low: expect.any(Number), close: expect.any(Number) },
    });
  });

  it('caps quote batches at 500 and ltp/ohlc at 1000 with 400 InputException', async () => {
    const kite = kiteFor(sim);
    const many = (n: number): string[] => Array.from({ length: n }, (_, k) => `NSE:X${k}`);
    expect(Object.keys(await kite.getQuote(many(500)))).toHaveLength(0);
    expect(await rejectionOf(kite.getQuote(many(501)))).toMatchObject({
      status: 'error',
      error_type: 'InputException',
      data: null,
    });
    expect(Object.keys(await kite.getLTP(many(1000)))).toHaveLength(0);
    expect(await rejectionOf(kite.getOHLC(many(1001)))).toMatchObject({ error_type: 'InputException' });
  });

  it('matches the ground truth: quotes equal the theoretical price on the tick', async () => {
    const symbol = 'NFO:NIFTY25DEC25500PE';
    const [quote, truth] = await Promise.all([
      kiteFor(sim).getQuote([symbol, 'NSE:NIFTY 50']),
      control<Record<string, GroundTruth>>(sim, 'GET', `/ground-truth?i=${encodeURIComponent(symbol)}&i=256265`),
    ]);
    const t = truth[symbol]!;
    expect(quote[symbol]!.last_price).toBe(t.lastPrice);
    expect(Math.abs(t.lastPrice - t.theoreticalPrice)).toBeLessThanOrEqual(0.025 + 1e-9);
    expect(t.underlyingPrice).toBe(truth['256265']!.underlyingPrice);
    expect(Math.abs(quote['NSE:NIFTY 50']!.last_price - t.underlyingPrice)).toBeLessThanOrEqual(0.025 + 1e-9);
    expect(t.modelVol).toBeGreaterThan(0);
    expect(t.forward).toBeGreaterThan(t.underlyingPrice);
    expect(t.timeToExpiryYears).toBeGreaterThan(0);
  });

  it('gives ground truth at a requested time', async () => {
    const at = encodeURIComponent('2025-12-02 09:15:00');
    const truth = await control<Record<string, { effectiveMs: number; lastPrice: number }>>(
      sim,
      'GET',
      `/ground-truth/256265?at=${at}`,
    );
    const open = (await kiteFor(sim).getOHLC(['NSE:NIFTY 50']))['NSE:NIFTY 50']!.ohlc.open;
    expect(truth['256265']!.lastPrice).toBe(open);
  });

  it('serves historical candles with IST offsets, the oi column and range limits', async () => {
    const kite = kiteFor(sim);
    const candles = (await kite.getHistoricalData(
      NIFTY,
      'minute',
      '2025-12-01 09:15:00',
      '2025-12-01 09:20:00',
    )) as unknown as Record<string, unknown>[];
    expect(candles).toHaveLength(6);
    expect((candles[0]!.date as Date).toISOString()).toBe('2025-12-01T03:45:00.000Z');
    expect(candles[0]).toEqual({
      date: expect.any(Date),
      open: expect.any(Number),
      high: expect.any(Number),
      low: expect.any(Number),
      close: expect.any(Number),
      volume: 0,
    });
    const fut = sim.model.findBySymbol('NFO:NIFTY25DECFUT')!.instrumentToken;
    const withOi = (await kite.getHistoricalData(
      fut,
      'day',
      '2025-11-24 00:00:00',
      '2025-12-02 00:00:00',
      false,
      true,
    )) as unknown as Record<string, unknown>[];
    expect(withOi.length).toBeGreaterThan(0);
    expect(withOi[0]!.oi).toEqual(expect.any(Number));
    expect(withOi[0]!.volume).toBeGreaterThan(0);
    const raw = await fetch(
      `${sim.restUrl}/instruments/historical/${NIFTY}/5minute?from=2025-12-01+09:15:00&to=2025-12-01+09:30:00`,
      {
        headers: { Authorization: 'token simkey:simtoken' },
      },
    );
    const body = (await raw.json()) as { data: { candles: unknown[][] } };
    expect(body.data.candles[0]![0]).toBe('2025-12-01T09:15:00+0530');
    expect(
      await rejectionOf(kite.getHistoricalData(NIFTY, 'minute', '2025-08-01 09:15:00', '2025-12-01 09:20:00')),
    ).toMatchObject({
      error_type: 'InputException',
      message: 'interval exceeds max limit: 60 days',
    });
    expect(
      await rejectionOf(kite.getHistoricalData(NIFTY, 'weekly' as 'day', '2025-12-01 09:15:00', '2025-12-01 09:20:00')),
    ).toMatchObject({
      error_type: 'InputException',
    });
  });

  it('is deterministic for a seed', async () => {
    const other = await startSim();
    try {
      const symbols = ['NSE:NIFTY 50', 'NFO:BANKNIFTY25DEC58000CE', 'NFO:FINNIFTY25DECFUT'];
      expect(await kiteFor(other).getQuote(symbols)).toEqual(await kiteFor(sim).getQuote(symbols));
    } finally {
      await other.handle.stop();
    }
  });
});
