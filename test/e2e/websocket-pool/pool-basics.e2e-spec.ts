import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KiteSimulator } from '../../../src/simulator/simulator.js';
import type { TestApp } from '../../support/test-app.js';
import { bootPool, expectInvariant, instrumentTokens, poolOf, simConnections, startPoolSimulator } from './support.js';

describe('WebSocketPool against the simulator: subscriptions', () => {
  let sim: KiteSimulator;
  let app: TestApp;

  beforeAll(async () => {
    sim = await startPoolSimulator({ ticker: { maxInstrumentsPerConnection: 40 } });
    app = await bootPool(sim, { KITE_WS_INSTRUMENTS_PER_CONNECTION: '40', KITE_WS_CONNECTIONS_PER_ACCOUNT: '2' });
  });

  afterAll(async () => {
    await app?.close();
    await sim?.handle.stop();
  });

  it('should subscribe deduped tokens once each, at the highest mode any owner asked for, on both accounts', async () => {
    const pool = poolOf(app);
    const tokens = instrumentTokens(sim, 100);
    const first = await pool.subscribe(tokens.slice(0, 60), 'quote', { owner: 'a' });
    expect(first).toMatchObject({ requested: 60, placed: 60, unplaced: [], refused: null });
    await pool.subscribe(tokens.slice(40, 100), 'full', { owner: 'b' });
    await pool.subscribe(tokens.slice(40, 100), 'ltp', { owner: 'b' });
    await pool.subscribe([tokens[0]!, tokens[0]!], 'full', { owner: 'c' });
    await expect
      .poll(() => pool.syncStatus(tokens))
      .toEqual({ streaming: 100, pending: 0, unplaced: 0, notDesired: 0 });
    await expectInvariant(app, sim);
    const modes = new Map(pool.plan().flatMap((c) => c.entries));
    expect(modes.size).toBe(100);
    expect(modes.get(tokens[0]!)).toBe('full');
    expect(modes.get(tokens[50]!)).toBe('quote'); // a: quote, b: ltp → quote
    expect(modes.get(tokens[90]!)).toBe('ltp');
    const perAccount = pool.snapshot().accounts.map((a) => a.used);
    expect(perAccount).toEqual([50, 50]);
    const atSimulator = (await simConnections(sim)).flatMap((c) => c.subscriptions);
    expect(atSimulator).toHaveLength(100);
    expect(new Map(atSimulator).get(tokens[0]!)).toBe('full');
  });

  it('should keep a token subscribed until its last owner unsubscribes, and lower its mode as owners leave', async () => {
    const pool = poolOf(app);
    const tokens = instrumentTokens(sim, 100);
    await pool.unsubscribe([tokens[0]!], { owner: 'c' });
    await pool.unsubscribe(tokens.slice(40, 60), { owner: 'a' });
    await expectInvariant(app, sim);
    const modes = new Map(pool.plan().flatMap((c) => c.entries));
    expect(modes.get(tokens[0]!)).toBe('quote');
    expect(modes.get(tokens[50]!)).toBe('ltp');
    await pool.unsubscribe(tokens.slice(40, 100), { owner: 'b' });
    await expectInvariant(app, sim);
    expect(new Map(pool.plan().flatMap((c) => c.entries)).size).toBe(40);
  });

  it('should finish 100 concurrent subscribe and unsubscribe calls without deadlock, with a consistent plan', async () => {
    const pool = poolOf(app);
    const tokens = instrumentTokens(sim, 150);
    const calls = Array.from({ length: 100 }, (_, i) => {
      const slice = tokens.slice((i * 7) % 140, ((i * 7) % 140) + 10);
      const owner = `owner-${i % 5}`;
      const mode = (['ltp', 'quote', 'full'] as const)[i % 3]!;
      return i % 4 === 3 ? pool.unsubscribe(slice, { owner }) : pool.subscribe(slice, mode, { owner });
    });
    const results = await Promise.all(calls);
    expect(results).toHaveLength(100);
    await expectInvariant(app, sim);
    const view = pool.snapshot();
    expect(view.placed + view.unplaced.capacity).toBe(view.desired);
    expect(view.accounts.every((a) => a.connections.every((c) => c.tokens <= 40))).toBe(true);
  });

  it('should answer an over-capacity request with how many fit and why, and place the rest when room appears', async () => {
    const pool = poolOf(app);
    const before = pool.capacity().total;
    const extra = instrumentTokens(sim, 600).slice(400, 600);
    const result = await pool.subscribe(extra, 'quote', { owner: 'bulk' });
    expect(result.placed).toBe(before.free);
    expect(result.unplaced).toEqual([
      expect.objectContaining({
        reason: 'capacity',
        count: 200 - before.free,
        detail: expect.stringContaining('full'),
      }),
    ]);
    expect(result.capacity).toMatchObject({ capacity: 160, used: 160, free: 0, utilisation: 1 });
    await expectInvariant(app, sim);
    await pool.unsubscribe(extra.slice(0, 30), { owner: 'bulk' });
    const view = pool.snapshot();
    expect(view.unplaced.capacity).toBe(Math.max(0, 200 - before.free - 30));
    await expectInvariant(app, sim);
    expect((await simConnections(sim)).every((c) => c.subscriptions.length <= 40)).toBe(true);
  });

  it('should refuse bad input with a 400-kind error naming the field', async () => {
    const pool = poolOf(app);
    await expect(pool.subscribe([1.5, -2] as number[], 'quote')).rejects.toMatchObject({
      code: 'INVALID_INSTRUMENT_TOKENS',
      kind: 'invalid',
    });
    await expect(pool.subscribe([256265], 'fast' as 'ltp')).rejects.toMatchObject({ code: 'INVALID_TICK_MODE' });
  });
});
