import { describe, expect, it } from 'vitest';
import { ControllableClock } from '../../../common/time/index.js';
import { AppConfig } from '../../../config/index.js';
import { KiteInputError, KiteTimeoutError } from '../../accounts/index.js';
import type { GttMetrics, IdempotencyOutcome } from '../gtt.metrics.js';
import type {
  GttIdempotencyRepository,
  IdempotencyClaim,
  IdempotencyRecord,
} from '../persistence/gtt-idempotency.repository.js';
import { GttIdempotencyService } from './gtt-idempotency.service.js';

/** The repository's contract in memory (its SQL is covered by the integration suite). */
class MemoryRecords {
  readonly rows = new Map<string, IdempotencyRecord & { expiresAt: Date }>();
  private id = (credentialId: string, key: string) => `${credentialId}|${key}`;

  claim(c: IdempotencyClaim): Promise<boolean> {
    const existing = this.rows.get(this.id(c.credentialId, c.key));
    if (existing && existing.expiresAt > c.now) {
      return Promise.resolve(false);
    }
    this.rows.set(this.id(c.credentialId, c.key), {
      credentialId: c.credentialId,
      key: c.key,
      requestHash: c.requestHash,
      accountId: c.accountId,
      state: 'in_progress',
      triggerId: null,
      attemptStartedAt: c.now,
      expiresAt: c.expiresAt,
    });
    return Promise.resolve(true);
  }
  find(credentialId: string, key: string, now: Date) {
    const row = this.rows.get(this.id(credentialId, key));
    return Promise.resolve(row && row.expiresAt > now ? { ...row } : undefined);
  }
  complete(credentialId: string, key: string, triggerId: number) {
    Object.assign(this.rows.get(this.id(credentialId, key))!, { state: 'completed', triggerId });
    return Promise.resolve();
  }
  markUnknown(credentialId: string, key: string) {
    this.rows.get(this.id(credentialId, key))!.state = 'unknown';
    return Promise.resolve();
  }
  release(credentialId: string, key: string) {
    if (this.rows.get(this.id(credentialId, key))?.state !== 'completed') {
      this.rows.delete(this.id(credentialId, key));
    }
    return Promise.resolve();
  }
  reclaim(credentialId: string, key: string, previousStart: Date, now: Date) {
    const row = this.rows.get(this.id(credentialId, key));
    if (!row || row.state === 'completed' || row.attemptStartedAt.getTime() !== previousStart.getTime()) {
      return Promise.resolve(false);
    }
    Object.assign(row, { state: 'in_progress', attemptStartedAt: now });
    return Promise.resolve(true);
  }
}

const setup = () => {
  const records = new MemoryRecords();
  const clock = ControllableClock.fixedAt(Date.parse('2025-12-02T05:00:00Z'));
  const outcomes: IdempotencyOutcome[] = [];
  const metrics = { outcome: (o: IdempotencyOutcome) => outcomes.push(o) } as unknown as GttMetrics;
  const config = AppConfig.fromEnv({ GTT_IDEMPOTENCY_SETTLE_MS: '60000' });
  const service = new GttIdempotencyService(records as unknown as GttIdempotencyRepository, clock, metrics, config);
  return { records, clock, outcomes, service };
};

const request = { credentialId: 'desk', key: 'k', requestHash: 'h1', accountId: 'primary' };
const never = () => Promise.reject(new Error('must not be called'));

describe('GttIdempotencyService', () => {
  it('should answer 409 to a second request while the first is still in flight, then replay its result', async () => {
    const { service, outcomes } = setup();
    let finish!: (id: number) => void;
    const first = service.run(request, { place: () => new Promise<number>((r) => (finish = r)), find: never });
    await new Promise((resolve) => setImmediate(resolve));
    await expect(service.run(request, { place: never, find: never })).rejects.toMatchObject({
      code: 'IDEMPOTENCY_REQUEST_IN_PROGRESS',
    });
    finish(100_001);
    await expect(first).resolves.toEqual({ triggerId: 100_001, replayed: false });
    await expect(service.run(request, { place: never, find: never })).resolves.toEqual({
      triggerId: 100_001,
      replayed: true,
    });
    expect(outcomes).toEqual(['in_progress', 'created', 'replayed']);
  });

  it('should free the key when Kite refuses the GTT, so a corrected retry may use it', async () => {
    const { service, records } = setup();
    const refusal = new KiteInputError('Invalid `tradingsymbol`.', { errorType: 'InputException', httpStatus: 400 });
    await expect(service.run(request, { place: () => Promise.reject(refusal), find: never })).rejects.toBe(refusal);
    expect(records.rows.size).toBe(0);
    await expect(service.run(request, { place: () => Promise.resolve(7), find: never })).resolves.toEqual({
      triggerId: 7,
      replayed: false,
    });
  });

  it('should treat an attempt whose process died (in progress past the settle time) as unknown and reconcile it', async () => {
    const { service, clock } = setup();
    void service.run(request, { place: () => new Promise<number>(() => undefined), find: never });
    await new Promise((resolve) => setImmediate(resolve));
    clock.advance(61_000);
    let since: Date | undefined;
    const found = await service.run(request, {
      place: never,
      find: (s) => {
        since = s;
        return Promise.resolve(100_005);
      },
    });
    expect(found).toEqual({ triggerId: 100_005, replayed: true });
    expect(since?.toISOString()).toBe('2025-12-02T05:00:00.000Z');
  });

  it('should mark a timed-out placement unknown and answer GTT_OUTCOME_UNKNOWN', async () => {
    const { service, records } = setup();
    const timeout = new KiteTimeoutError('no answer', { errorType: 'Timeout' });
    await expect(service.run(request, { place: () => Promise.reject(timeout), find: never })).rejects.toMatchObject({
      code: 'GTT_OUTCOME_UNKNOWN',
      kind: 'timeout',
    });
    expect([...records.rows.values()][0]?.state).toBe('unknown');
  });
});
