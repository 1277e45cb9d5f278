import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DataSource } from 'typeorm';
import type { ParsedInstrument } from '../../../src/modules/instruments/instrument.types.js';
import { InstrumentEntity } from '../../../src/modules/instruments/persistence/instrument.entity.js';
import { InstrumentSyncRepository } from '../../../src/modules/instruments/persistence/instrument-sync.repository.js';
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
    await expect(sut.replaceExchange('NFO', dump, 137)).resolves.toEqual({ inserted: 1_200, updated: 0, retired: 0 });
    await expect(sut.countLive('NFO')).resolves.toBe(1_200);
    await expect(sut.replaceExchange('NFO', dump, 500)).resolves.toEqual({ inserted: 0, updated: 0, retired: 0 });
    const changed = dump.map((i, n) => (n === 0 ? { ...i, lotSize: 75 } : i));
    await expect(sut.replaceExchange('NFO', changed, 500)).resolves.toEqual({ inserted: 0, updated: 1, retired: 0 });
    expect((await reads.findByToken(dump[0]!.instrumentToken))?.lotSize).toBe(75);
  });

  it('should retire rows missing from the new dump and revive them when they come back', async () => {
    const week1 = chain(['2026-12-01'], 3);
    const week2 = chain(['2026-12-08'], 3, 900_000);
    await sut.replaceExchange('NFO', [...week1, ...week2], 100);
    await expect(sut.replaceExchange('NFO', week2, 100)).resolves.toMatchObject({ retired: 6, inserted: 0 });
    const retired = await reads.findByToken(week1[0]!.instrumentToken);
    expect(retired?.retiredAt).toBeInstanceOf(Date);
    expect((await reads.search({ exchange: 'NFO' }, 100, 0)).total).toBe(6);
    expect((await reads.search({ exchange: 'NFO', includeRetired: true }, 100, 0)).total).toBe(12);
    await expect(sut.replaceExchange('NFO', [...week1, ...week2], 100)).resolves.toMatchObject({ updated: 6 });
    expect((await reads.findByToken(week1[0]!.instrumentToken))?.retiredAt).toBeNull();
  });

  it('should let a recycled token take a new contract without breaking symbol uniqueness', async () => {
    const [a, b] = chain(['2026-12-01'], 1);
    await sut.replaceExchange('NFO', [a!, b!], 100);
    // Next day Kite hands a's token to a new contract and b's symbol to a new token.
    const recycled = { ...a!, tradingsymbol: 'NIFTY26DEC0825000CE', expiry: '2026-12-08', strike: 25_000 };
    const moved = { ...b!, instrumentToken: 777_777 };
    await sut.replaceExchange('NFO', [recycled, moved], 100);
    expect(await reads.findByToken(a!.instrumentToken)).toMatchObject({
      tradingsymbol: recycled.tradingsymbol,
      retiredAt: null,
    });
    expect(
      (await reads.search({ tradingsymbol: b!.tradingsymbol }, 10, 0)).items.map((i) => i.instrumentToken),
    ).toEqual([777_777]);
    expect((await reads.findByToken(b!.instrumentToken))?.retiredAt).toBeInstanceOf(Date);
  });

  it('should retire expired contracts and answer expiries and chains from live rows only', async () => {
    await sut.replaceExchange('NFO', chain(['2026-11-24', '2026-12-01', '2026-12-08'], 5), 100);
    await expect(sut.retireExpired('2026-11-25')).resolves.toBe(10);
    await expect(reads.optionExpiries('NIFTY', '2026-11-25', 5)).resolves.toEqual(['2026-12-01', '2026-12-08']);
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
    await sut.replaceExchange('NSE', [index], 100);
    await sut.replaceExchange('NFO', chain(['2026-12-01'], 2), 100);
    await sut.replaceExchange('NFO', [], 100);
    expect((await reads.findByToken(256_265))?.retiredAt).toBeNull();
    await expect(sut.countLive('NFO')).resolves.toBe(0);
  });
});
