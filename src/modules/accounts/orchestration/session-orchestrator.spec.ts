import { describe, expect, it } from 'vitest';
import type { AccountRegistry } from './account-registry.js';
import type { AccountRuntime } from './account-runtime.js';
import { SessionOrchestrator } from './session-orchestrator.js';
import { AccountSessionEvents } from './session-events.js';

type Class = 'market_data' | 'orders' | 'portfolio' | 'session';
const CLASSES: Class[] = ['market_data', 'orders', 'portfolio', 'session'];

/** Stand-in for an account: only the state the orchestrator reads (no Kite involved in picking). */
const account = (
  id: string,
  state: { active?: boolean; breakerOpen?: boolean; openClasses?: Class[]; busy?: boolean } = {},
) => {
  const { active = true, breakerOpen = false, busy = false } = state;
  const open = new Set<Class>(breakerOpen ? CLASSES : (state.openClasses ?? []));
  const breakers = Object.fromEntries(
    CLASSES.map((c) => [c, { state: open.has(c) ? 'open' : 'closed', retryAfterMs: open.has(c) ? 1_000 : 0 }]),
  );
  let expireCalls = 0;
  return {
    id,
    client: { id } as unknown,
    currentStatus: () => (active ? 'active' : 'needs_login'),
    expireIfDue: () => {
      expireCalls += 1;
    },
    get expireCalls() {
      return expireCalls;
    },
    isUsable: (endpointClass: Class, requireSession = true) => (!requireSession || active) && !open.has(endpointClass),
    hasFreeSlot: () => !busy,
    snapshot: () => ({
      id,
      status: active ? 'active' : 'needs_login',
      breaker: open.size > 0 ? 'open' : 'closed',
      breakers,
      statusReason: null,
    }),
  } as unknown as AccountRuntime & { expireCalls: number };
};

const orchestrator = (accounts: AccountRuntime[]) =>
  new SessionOrchestrator(
    {
      list: () => accounts,
      size: accounts.length,
      get: (id: string) => accounts.find((a) => a.id === id)!,
    } as unknown as AccountRegistry,
    new AccountSessionEvents(),
  );

const borrowIds = (sut: SessionOrchestrator, times: number, requireSession = true) =>
  Promise.all(
    Array.from({ length: times }, () => sut.borrow((_client, id) => Promise.resolve(id), { requireSession })),
  );

describe(SessionOrchestrator.name, () => {
  it('should borrow healthy accounts round robin', async () => {
    const sut = orchestrator([account('a'), account('b'), account('c')]);
    await expect(borrowIds(sut, 6)).resolves.toEqual(['a', 'b', 'c', 'a', 'b', 'c']);
  });

  it('should skip accounts that need a login or whose breaker is open', async () => {
    const sut = orchestrator([account('a', { active: false }), account('b'), account('c', { breakerOpen: true })]);
    await expect(borrowIds(sut, 3)).resolves.toEqual(['b', 'b', 'b']);
  });

  it('should skip an account only for the class whose breaker is open', async () => {
    const sut = orchestrator([account('a', { openClasses: ['market_data'] }), account('b')]);
    await expect(borrowIds(sut, 2)).resolves.toEqual(['b', 'b']);
    const orders = await Promise.all(
      [1, 2].map(() => sut.borrow((_client, id) => Promise.resolve(id), { endpointClass: 'orders' })),
    );
    expect(orders).toEqual(['a', 'b']);
  });

  it('should apply due session expiries on the call path, not on reads', async () => {
    const a = account('a');
    const sut = orchestrator([a]);
    await sut.forAccount('a', () => Promise.resolve(1));
    expect(a.expireCalls).toBe(1);
  });

  it('should use a logged-out account for public data when asked to', async () => {
    const sut = orchestrator([account('a', { active: false }), account('b', { breakerOpen: true })]);
    await expect(borrowIds(sut, 2, false)).resolves.toEqual(['a', 'a']);
  });

  it('should prefer an account with a free slot, and queue on a busy one when all are busy', async () => {
    const sut = orchestrator([account('a', { busy: true }), account('b')]);
    await expect(borrowIds(sut, 2)).resolves.toEqual(['b', 'b']);
    const allBusy = orchestrator([account('a', { busy: true }), account('b', { busy: true })]);
    await expect(borrowIds(allBusy, 2)).resolves.toEqual(['a', 'b']);
  });

  it('should fail with NO_USABLE_KITE_ACCOUNT listing each account state', async () => {
    const sut = orchestrator([account('a', { active: false }), account('b', { breakerOpen: true })]);
    await expect(sut.borrow(() => Promise.resolve(1))).rejects.toMatchObject({
      code: 'NO_USABLE_KITE_ACCOUNT',
      details: {
        endpointClass: 'market_data',
        accounts: [
          { id: 'a', status: 'needs_login' },
          { id: 'b', breaker: 'open' },
        ],
      },
    });
    await expect(orchestrator([]).borrow(() => Promise.resolve(1))).rejects.toMatchObject({
      message: 'No Kite account is configured',
    });
  });

  it('should refuse account-bound calls on an account that needs a login', async () => {
    const sut = orchestrator([account('a', { active: false })]);
    await expect(sut.forAccount('a', () => Promise.resolve(1))).rejects.toMatchObject({ code: 'ACCOUNT_NEEDS_LOGIN' });
  });

  it('should distribute within the given WebSocket capacity of logged-in accounts only', () => {
    const sut = orchestrator([account('a'), account('b'), account('c', { active: false })]);
    const result = sut.distribute(
      Array.from({ length: 25 }, (_, i) => i + 1),
      { capacityPerAccount: 10 },
    );
    expect(result.assignments.get('a')).toHaveLength(10);
    expect(result.assignments.get('b')).toHaveLength(10);
    expect(result.assignments.has('c')).toBe(false);
    expect(result.unplaced).toHaveLength(5);
  });

  it('should skip excluded accounts and cap overridden ones, moving their overflow to the others', () => {
    const sut = orchestrator([account('a'), account('b'), account('c')]);
    const tokens = Array.from({ length: 12 }, (_, i) => i + 1);
    sut.distribute(tokens, { capacityPerAccount: 10 });
    const result = sut.distribute(tokens, {
      capacityPerAccount: 10,
      capacityOverrides: new Map([['a', 1]]),
      exclude: new Set(['c']),
    });
    expect(result.assignments.get('a')).toHaveLength(1);
    expect(result.assignments.get('b')).toHaveLength(10);
    expect(result.assignments.has('c')).toBe(false);
    expect(result.unplaced).toHaveLength(1);
  });
});
