import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DataSource } from 'typeorm';
import { parseIstDateTime } from '../../../src/common/time/index.js';
import { expiryCutAt } from '../../../src/modules/instruments/contract-expiry.js';
import type { ParsedInstrument } from '../../../src/modules/instruments/instrument.types.js';
import { InstrumentEntity } from '../../../src/modules/instruments/persistence/instrument.entity.js';
import {
  InstrumentSyncRepository,
  SYNC_LOCKED,
} from '../../../src/modules/instruments/persistence/instrument-sync.repository.js';
import { InstrumentRepository } from '../../../src/modules/instruments/persistence/instrument.repository.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';

const option = (token: number, strike: number, type: 'CE' | 'PE', expiry: string): ParsedInstrument => ({
  instrumentToken: token,
  exchangeToken: token >> 8,
  tradingsymbol: `NIFTY${expiry.replaceAll('-', '')}${strike}${type}`,
  name: 'NIFTY',
  exchange: 'NFO',
  segment: 'NFO-OPT',
  instrumentType: type,
  expiry,
  strike,
  tickSize: 0.05,
  lotSize: 65,
});

/** A chain of `strikes` strikes (CE and PE) per expiry, tokens from `firstToken`. */
const chain = (expiries: string[], strikes: number, firstToken = 1_000): ParsedInstrument[] => {
  let token = firstToken;
  return expiries.flatMap((expiry) =>
    Array.from({ length: strikes }, (_, i) => 24_000 + i * 50).flatMap((strike) => [
      option((token += 256), strike, 'CE', expiry),
      option((token += 256), strike, 'PE', expiry),
    ]),
  );
};

/** The instant every write of these tests is stamped with (the repositories take it from the Clock). */
const ist = (text: string): number => parseIstDateTime(text)!;
const NOW = ist('2026-11-25 08:30:00');

describe('Instrument repositories', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let sut: InstrumentSyncRepository;
  let reads: InstrumentRepository;

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = new DataSource({ type: 'postgres', url: database.url, entities: [InstrumentEntity] });
    await dataSource.initialize();
    sut = new InstrumentSyncRepository(dataSource.getRepository(InstrumentEntity));
    reads = new InstrumentRepository(dataSource.getRepository(InstrumentEntity));
  });

  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  beforeEach(async () => {
    await dataSource.query('TRUNCATE instrument');
  });

  it('should bulk upsert a dump in chunks and skip unchanged rows on the next run', async () => {
    const dump = chain(['2026-12-01', '2026-12-08', '2026-12-29'], 200);
    const none = { inserted: 0, updated: 0, retired: 0, recycled: 0 };
    await expect(sut.replaceExchange('NFO', dump, 137, NOW)).resolves.toEqual({ ...none, inserted: 1_200 });
    await expect(sut.countLive('NFO')).resolves.toBe(1_200);
    await expect(sut.replaceExchange('NFO', dump, 500, NOW)).resolves.toEqual(none);
    const changed = dump.map((i, n) => (n === 0 ? { ...i, lotSize: 75 } : i));
    await expect(sut.replaceExchange('NFO', changed, 500, NOW)).resolves.toEqual({ ...none, updated: 1 });
    expect((await reads.findByToken(dump[0]!.instrumentToken))?.lotSize).toBe(75);
  });

  it('should retire rows missing from the new dump and revive them when they come back', async () => {
    const week1 = chain(['2026-12-01'], 3);
    const week2 = chain(['2026-12-08'], 3, 900_000);
    await sut.replaceExchange('NFO', [...week1, ...week2], 100, NOW);
    await expect(sut.replaceExchange('NFO', week2, 100, NOW)).resolves.toMatchObject({
      retired: 6,
      inserted: 0,
      recycled: 0,
    });
    const retired = await reads.findByToken(week1[0]!.instrumentToken);
    expect(retired?.retiredAt).toBeInstanceOf(Date);
    expect((await reads.search({ exchange: 'NFO' }, 100, 0)).total).toBe(6);
    expect((await reads.search({ exchange: 'NFO', includeRetired: true }, 100, 0)).total).toBe(12);
    await expect(sut.replaceExchange('NFO', [...week1, ...week2], 100, NOW)).resolves.toMatchObject({ updated: 6 });
    expect((await reads.findByToken(week1[0]!.instrumentToken))?.retiredAt).toBeNull();
  });

  it('should let a recycled token take a new contract without breaking symbol uniqueness', async () => {
    const [a, b] = chain(['2026-12-01'], 1);
    await sut.replaceExchange('NFO', [a!, b!], 100, NOW);
    // Next day Kite hands a's token to a new contract and b's symbol to a new token.
    const recycled = { ...a!, tradingsymbol: 'NIFTY26DEC0825000CE', expiry: '2026-12-08', strike: 25_000 };
    const moved = { ...b!, instrumentToken: 777_777 };
    await expect(sut.replaceExchange('NFO', [recycled, moved], 100, NOW)).resolves.toEqual({
      inserted: 1,
      updated: 0,
      retired: 1,
      recycled: 1,
    });
    expect(await reads.findByToken(a!.instrumentToken)).toMatchObject({
      tradingsymbol: recycled.tradingsymbol,
      retiredAt: null,
    });
    expect(
      (await reads.search({ tradingsymbol: b!.tradingsymbol }, 10, 0)).items.map((i) => i.instrumentToken),
    ).toEqual([777_777]);
    expect((await reads.findByToken(b!.instrumentToken))?.retiredAt).toBeInstanceOf(Date);
  });

  it('should count every token of a dump that recycles all of them as recycled, none as retired', async () => {
    const week1 = chain(['2026-12-01', '2026-12-08'], 4);
    const week2 = chain(['2026-12-08', '2026-12-15'], 4); // the same tokens, handed to other contracts
    await sut.replaceExchange('NFO', week1, 100, NOW);
    await expect(sut.replaceExchange('NFO', week2, 100, NOW + 7 * 86_400_000)).resolves.toEqual({
      inserted: 0,
      updated: 0,
      retired: 0,
      recycled: week2.length,
    });
    expect((await reads.search({ exchange: 'NFO', includeRetired: true }, 100, 0)).total).toBe(week2.length);
  });

  it('should stamp rows with the instant it is given, not the database clock', async () => {
    const [a] = chain(['2026-12-01'], 1);
    await sut.replaceExchange('NFO', [a!], 100, NOW);
    await sut.replaceExchange('NFO', [], 100, NOW + 60_000);
    const [row] = await dataSource.query<{ first_seen_at: Date; retired_at: Date }[]>(
      'SELECT first_seen_at, retired_at FROM instrument WHERE instrument_token = $1',
      [a!.instrumentToken],
    );
    expect(row?.first_seen_at.getTime()).toBe(NOW);
    expect(row?.retired_at.getTime()).toBe(NOW + 60_000);
  });

  it('should retire expired contracts and answer expiries and chains from live rows only', async () => {
    await sut.replaceExchange('NFO', chain(['2026-11-24', '2026-12-01', '2026-12-08'], 5), 100, NOW);
    await expect(sut.retireExpired(expiryCutAt(NOW), NOW)).resolves.toBe(10);
    await expect(reads.optionExpiries('NIFTY', expiryCutAt(NOW), 5)).resolves.toEqual(['2026-12-01', '2026-12-08']);
    const rows = await reads.optionChain('NIFTY', '2026-12-01');
    expect(rows.map((r) => r.strike)).toEqual([24_000, 24_050, 24_100, 24_150, 24_200]);
    expect(rows.every((r) => r.ce !== null && r.pe !== null && r.ce.lotSize === 65)).toBe(true);
    await expect(reads.optionChain('NIFTY', '2026-11-24')).resolves.toEqual([]);
  });

  it('should scope retirement to the exchange being synced', async () => {
    const index: ParsedInstrument = {
      ...option(256_265, 0, 'CE', '2026-12-01'),
      tradingsymbol: 'NIFTY 50',
      exchange: 'NSE',
      segment: 'INDICES',
      instrumentType: 'EQ',
      expiry: null,
    };
    await sut.replaceExchange('NSE', [index], 100, NOW);
    await sut.replaceExchange('NFO', chain(['2026-12-01'], 2), 100, NOW);
    await sut.replaceExchange('NFO', [], 100, NOW);
    expect((await reads.findByToken(256_265))?.retiredAt).toBeNull();
    await expect(sut.countLive('NFO')).resolves.toBe(0);
  });

  it.each([
    ['2026-12-01 15:29:59', ['2026-12-01', '2026-12-08'], 0],
    ['2026-12-01 15:30:00', ['2026-12-08'], 10],
    ['2026-12-01 23:59:00', ['2026-12-08'], 10],
    ['2026-12-02 00:00:30', ['2026-12-08'], 10],
  ])("should treat the expiry day's NFO contracts as live until 15:30 IST (now %s)", async (now, live, retired) => {
    await sut.replaceExchange('NFO', chain(['2026-12-01', '2026-12-08'], 5), 100, NOW);
    await expect(reads.optionExpiries('NIFTY', expiryCutAt(ist(now)), 5)).resolves.toEqual(live);
    await expect(sut.retireExpired(expiryCutAt(ist(now)), ist(now))).resolves.toBe(retired);
  });

  it("should keep another exchange's contracts expiring today until the day is over", async () => {
    const currency = chain(['2026-12-01'], 1).map((i) => ({ ...i, exchange: 'CDS', segment: 'CDS-OPT' }));
    await sut.replaceExchange('CDS', currency, 100, NOW);
    await expect(sut.retireExpired(expiryCutAt(ist('2026-12-01 23:59:00')), NOW)).resolves.toBe(0);
    await expect(sut.retireExpired(expiryCutAt(ist('2026-12-02 00:00:00')), NOW)).resolves.toBe(2);
  });

  it('should let one holder at a time run under the sync lock; the other is told it is locked', async () => {
    const other = new InstrumentSyncRepository(dataSource.getRepository(InstrumentEntity));
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => (entered = resolve));
    const first = sut.withSyncLock(async () => {
      entered();
      await held;
      return 'first did the work';
    });
    await inside;
    await expect(other.withSyncLock(() => Promise.resolve('second did the work'))).resolves.toBe(SYNC_LOCKED);
    release();
    await expect(first).resolves.toBe('first did the work');
    await expect(other.withSyncLock(() => Promise.resolve('second did the work'))).resolves.toBe('second did the work');
  });
});
