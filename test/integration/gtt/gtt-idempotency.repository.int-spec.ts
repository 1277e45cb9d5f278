import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DataSource } from 'typeorm';
import { GttIdempotencyKeyEntity } from '../../../src/modules/gtt/persistence/gtt-idempotency-key.entity.js';
import { GttIdempotencyRepository } from '../../../src/modules/gtt/persistence/gtt-idempotency.repository.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';

const T0 = new Date('2025-12-02T05:00:00Z');
const later = (ms: number) => new Date(T0.getTime() + ms);
const DAY_MS = 86_400_000;

const claim = (key: string, overrides: Partial<Parameters<GttIdempotencyRepository['claim']>[0]> = {}) => ({
  credentialId: 'desk-a',
  key,
  requestHash: 'hash-1',
  accountId: 'primary',
  now: T0,
  expiresAt: later(DAY_MS),
  ...overrides,
});

describe('GTT idempotency records (PostgreSQL)', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let sut: GttIdempotencyRepository;

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = new DataSource({ type: 'postgres', url: database.url, entities: [GttIdempotencyKeyEntity] });
    await dataSource.initialize();
    sut = new GttIdempotencyRepository(dataSource.getRepository(GttIdempotencyKeyEntity));
  });
  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });
  beforeEach(async () => {
    await dataSource.query('TRUNCATE gtt_idempotency_key');
  });

  it('should let exactly one of many concurrent claims of a key win, per credential', async () => {
    const results = await Promise.all(Array.from({ length: 8 }, () => sut.claim(claim('k1'))));
    expect(results.filter(Boolean)).toHaveLength(1);
    await expect(sut.claim(claim('k1', { credentialId: 'desk-b' }))).resolves.toBe(true);
    await expect(sut.find('desk-a', 'k1', T0)).resolves.toMatchObject({
      state: 'in_progress',
      requestHash: 'hash-1',
      accountId: 'primary',
      triggerId: null,
      attemptStartedAt: T0,
    });
  });

  it('should record the trigger id of a completed attempt and keep it through a release attempt', async () => {
    await sut.claim(claim('k2'));
    await sut.complete('desk-a', 'k2', 100_123);
    await sut.release('desk-a', 'k2');
    await expect(sut.find('desk-a', 'k2', T0)).resolves.toMatchObject({ state: 'completed', triggerId: 100_123 });
  });

  it('should free a released key and let only one retry take over an unknown attempt', async () => {
    await sut.claim(claim('k3'));
    await sut.release('desk-a', 'k3');
    await expect(sut.find('desk-a', 'k3', T0)).resolves.toBeUndefined();
    await sut.claim(claim('k4'));
    await sut.markUnknown('desk-a', 'k4');
    const takeovers = await Promise.all([
      sut.reclaim('desk-a', 'k4', T0, later(60_000)),
      sut.reclaim('desk-a', 'k4', T0, later(60_000)),
    ]);
    expect(takeovers.filter(Boolean)).toHaveLength(1);
    await expect(sut.find('desk-a', 'k4', later(60_000))).resolves.toMatchObject({
      state: 'in_progress',
      attemptStartedAt: later(60_000),
    });
  });

  it('should treat expired records as absent and purge them in batches', async () => {
    for (let i = 0; i < 12; i += 1) {
      await sut.claim(claim(`old-${i}`, { expiresAt: later(1_000) }));
    }
    await sut.claim(claim('fresh', { expiresAt: later(DAY_MS) }));
    await expect(sut.find('desk-a', 'old-0', later(2_000))).resolves.toBeUndefined();
    await expect(sut.purgeExpired(later(2_000))).resolves.toBe(12);
    await expect(sut.purgeExpired(later(2_000))).resolves.toBe(0);
    await expect(sut.find('desk-a', 'fresh', later(2_000))).resolves.toMatchObject({ state: 'in_progress' });
  });

  it('should let a key be used afresh once its record expired, even before the purge', async () => {
    await sut.claim(claim('reused', { expiresAt: later(1_000) }));
    await sut.complete('desk-a', 'reused', 100_001);
    await expect(sut.claim(claim('reused', { now: later(500), requestHash: 'hash-2' }))).resolves.toBe(false);
    await expect(
      sut.claim(claim('reused', { now: later(2_000), requestHash: 'hash-2', expiresAt: later(DAY_MS) })),
    ).resolves.toBe(true);
    await expect(sut.find('desk-a', 'reused', later(2_000))).resolves.toMatchObject({
      state: 'in_progress',
      requestHash: 'hash-2',
      triggerId: null,
    });
  });
});
