import { describe, expect, it } from 'vitest';
import type { PlacementLimits } from '../../accounts/index.js';
import { InstrumentDistributor } from '../../accounts/orchestration/instrument-distributor.js';
import type { PoolConnection } from '../connection/pool-connection.js';
import { AssignmentPlanner, type PlannableAccount } from './assignment-planner.js';
import { SubscriptionBook } from './subscription-book.js';
import type { TickMode } from './tick-mode.js';

/** Just the plan side of a connection (no socket): what the planner reads and writes. */
const connection = (id: string) => {
  const desired = new Map<number, TickMode>();
  return {
    id,
    down: false,
    desired,
    assign: (token: number, mode: TickMode) => desired.set(token, mode),
    unassign: (token: number) => desired.delete(token),
  } as unknown as PoolConnection & { down: boolean };
};

const setup = (perConnection = 10, maxMoves = 5) => {
  const distributor = new InstrumentDistributor();
  const accounts: PlannableAccount[] = ['a', 'b'].map((accountId) => ({
    accountId,
    eligible: true,
    connections: [connection(`${accountId}#1`), connection(`${accountId}#2`)],
  }));
  const planner = new AssignmentPlanner(
    { connectionsPerAccount: 2, instrumentsPerConnection: perConnection, maxMoves },
    (tokens, limits: PlacementLimits) =>
      distributor.distribute(
        tokens,
        (['a', 'b'] as const)
          .filter((id) => limits.exclude?.has(id) !== true)
          .map((id) => ({ accountId: id, capacity: limits.capacityOverrides?.get(id) ?? limits.capacityPerAccount })),
      ),
  );
  const book = new SubscriptionBook({ maxTokens: 1000, maxOwnersPerToken: 4 });
  const loads = () => accounts.map((a) => a.connections.map((c) => c.desired.size));
  return { accounts, planner, book, loads };
};

const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);

describe(AssignmentPlanner.name, () => {
  it('should spread tokens over accounts and their connections, each within its capacity', () => {
    const { accounts, planner, book, loads } = setup();
    book.add(range(1, 30), 'quote', 'x');
    planner.replan(book, accounts);
    expect(loads()).toEqual([
      [8, 7],
      [8, 7],
    ]);
    expect(planner.placedCount).toBe(30);
  });

  it('should keep earlier placements where they are when more tokens arrive', () => {
    const { accounts, planner, book } = setup();
    book.add(range(1, 10), 'quote', 'x');
    planner.replan(book, accounts);
    const before = new Map(range(1, 10).map((t) => [t, planner.connectionOf(t)]));
    book.add(range(11, 10), 'quote', 'x');
    planner.replan(book, accounts);
    expect(range(1, 10).every((t) => planner.connectionOf(t) === before.get(t))).toBe(true);
  });

  it('should report what does not fit as unplaced for capacity, and for no account when none is eligible', () => {
    const { accounts, planner, book } = setup();
    book.add(range(1, 45), 'ltp', 'x');
    planner.replan(book, accounts);
    expect([...planner.unplaced.values()]).toEqual(Array(5).fill('capacity'));
    accounts.forEach((a) => (a.eligible = false));
    planner.replan(book, accounts);
    expect(planner.placedCount).toBe(0);
    expect(new Set(planner.unplaced.values())).toEqual(new Set(['no_active_account']));
  });

  it('should move a down connection’s tokens to connections with room and bring them back gradually', () => {
    const { accounts, planner, book, loads } = setup(10, 3);
    book.add(range(1, 20), 'full', 'x');
    planner.replan(book, accounts);
    (accounts[0]!.connections[0] as { down: boolean }).down = true;
    planner.replan(book, accounts);
    expect(loads()[0]![0]).toBe(0);
    expect(planner.placedCount).toBe(20);
    (accounts[0]!.connections[0] as { down: boolean }).down = false;
    expect(planner.needsRebalance(accounts)).toBe(true);
    planner.replan(book, accounts, true);
    const afterOneRound = loads();
    expect(afterOneRound.flat().reduce((s, n) => s + n, 0)).toBe(20);
    expect(afterOneRound[0]![0]).toBeGreaterThan(0);
    for (let round = 0; round < 10 && planner.needsRebalance(accounts); round++) {
      planner.replan(book, accounts, true);
    }
    expect(loads()).toEqual([
      [5, 5],
      [5, 5],
    ]);
  });

  it('should move every token off an account that is no longer eligible, to the other within its room', () => {
    const { accounts, planner, book, loads } = setup();
    book.add(range(1, 30), 'quote', 'x');
    planner.replan(book, accounts);
    accounts[0]!.eligible = false;
    planner.replan(book, accounts);
    expect(loads()).toEqual([
      [0, 0],
      [10, 10],
    ]);
    expect(planner.unplaced.size).toBe(10);
  });

  it('should update the mode of a placed token in place', () => {
    const { accounts, planner, book } = setup();
    book.add([1], 'ltp', 'x');
    planner.replan(book, accounts);
    book.add([1], 'full', 'y');
    planner.changeMode(1, book);
    expect(planner.connectionOf(1)!.desired.get(1)).toBe('full');
  });
});
