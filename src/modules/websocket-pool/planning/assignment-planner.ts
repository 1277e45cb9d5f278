import type { PlacementLimits } from '../../accounts/index.js';
import type { PoolConnection } from '../connection/pool-connection.js';
import type { SubscriptionBook } from './subscription-book.js';

export const UNPLACED_REASONS = ['capacity', 'no_active_account'] as const;
/** capacity: every eligible connection is full; no_active_account: no account has a usable session and live connections. */
export type UnplacedReason = (typeof UNPLACED_REASONS)[number];

/** An account the planner may place tokens on: its connections, in slot order. */
export interface PlannableAccount {
  accountId: string;
  eligible: boolean;
  connections: readonly PoolConnection[];
}

export interface PlannerSettings {
  connectionsPerAccount: number;
  instrumentsPerConnection: number;
  /** Tokens moved per account (and per connection) in one rebalance round. */
  maxMoves: number;
}

/** Accounts' share of the plan, as Accounts' distribute() computes it (stable, balanced, within limits). */
export type Distribute = (
  tokens: Iterable<number>,
  limits: PlacementLimits,
) => {
  assignments: Map<string, number[]>;
  unplaced: number[];
};

/**
 * Imbalances within this share of a connection's capacity, or of the average load when that is smaller, are
 * not worth a rebalance round (moving a token briefly interrupts its stream).
 */
const REBALANCE_TOLERANCE_OF_CAPACITY = 0.02;
const REBALANCE_TOLERANCE_OF_LOAD = 0.1;

/**
 * The plan: which connection streams each desired token. Accounts come from distribute() (earlier
 * placements stay, new ones go where there is most room); within an account a token stays on its
 * connection while that connection is up and has room, and new ones go to the emptiest connection. A
 * connection declared down gets nothing (its tokens move); a rebalance round moves at most `maxMoves`
 * tokens off each over-loaded account and connection, so recovery back onto a returning account or
 * connection is gradual. Pure in-memory work: callers run it under the pool's lock and send afterwards.
 */
export class AssignmentPlanner {
  private placement = new Map<number, PoolConnection>();
  private unplacedTokens = new Map<number, UnplacedReason>();

  constructor(
    private readonly settings: PlannerSettings,
    private readonly distribute: Distribute,
  ) {}

  connectionOf(token: number): PoolConnection | undefined {
    return this.placement.get(token);
  }

  get placedCount(): number {
    return this.placement.size;
  }

  get unplaced(): ReadonlyMap<number, UnplacedReason> {
    return this.unplacedTokens;
  }

  /** Recomputes the whole plan for the book's tokens; `rebalance` also evens out loads, gradually. */
  replan(book: SubscriptionBook, accounts: readonly PlannableAccount[], rebalance = false): void {
    const perConnection = this.settings.instrumentsPerConnection;
    const healthy = new Map(accounts.map((a) => [a.accountId, a.connections.filter((c) => !c.down)]));
    const eligible = accounts.filter((a) => a.eligible && healthy.get(a.accountId)!.length > 0);
    const capacityOverrides = new Map<string, number>();
    for (const account of eligible) {
      capacityOverrides.set(account.accountId, healthy.get(account.accountId)!.length * perConnection);
    }
    if (rebalance) {
      this.capOverloadedAccounts(eligible, capacityOverrides);
    }
    const eligibleIds = new Set(eligible.map((a) => a.accountId));
    const distribution = this.distribute(book.tokens(), {
      capacityPerAccount: this.settings.instrumentsPerConnection * this.settings.connectionsPerAccount,
      capacityOverrides,
      exclude: new Set(accounts.filter((a) => !eligibleIds.has(a.accountId)).map((a) => a.accountId)),
    });
    const next = new Map<number, PoolConnection>();
    for (const account of eligible) {
      const tokens = distribution.assignments.get(account.accountId) ?? [];
      this.placeOnConnections(tokens, healthy.get(account.accountId)!, next, rebalance);
    }
    this.apply(book, next);
    this.unplacedTokens = new Map(
      distribution.unplaced.map((token) => [token, eligible.length === 0 ? 'no_active_account' : 'capacity']),
    );
  }

  /** A token no longer desired: off its connection, out of the plan (no re-placement of the others). */
  remove(token: number): void {
    this.placement.get(token)?.unassign(token);
    this.placement.delete(token);
    this.unplacedTokens.delete(token);
  }

  /** The effective mode of a placed token changed. */
  changeMode(token: number, book: SubscriptionBook): void {
    const mode = book.modeOf(token);
    const connection = this.placement.get(token);
    if (mode !== undefined && connection !== undefined) {
      connection.assign(token, mode);
    }
  }

  /** Whether loads are uneven enough for a rebalance round to move anything. */
  needsRebalance(accounts: readonly PlannableAccount[]): boolean {
    const loads: number[] = [];
    for (const account of accounts.filter((a) => a.eligible)) {
      const healthy = account.connections.filter((c) => !c.down);
      if (healthy.length === 0) {
        continue;
      }
      const sizes = healthy.map((c) => c.desired.size);
      const load = sizes.reduce((sum, n) => sum + n, 0) / healthy.length;
      if (Math.max(...sizes) - Math.min(...sizes) > this.tolerance(load)) {
        return true;
      }
      loads.push(load);
    }
    const average = loads.reduce((sum, n) => sum + n, 0) / Math.max(1, loads.length);
    return loads.length > 1 && Math.max(...loads) - Math.min(...loads) > this.tolerance(average);
  }

  private tolerance(averageLoad: number): number {
    const ofCapacity = Math.ceil(this.settings.instrumentsPerConnection * REBALANCE_TOLERANCE_OF_CAPACITY);
    return Math.max(1, Math.min(ofCapacity, Math.ceil(averageLoad * REBALANCE_TOLERANCE_OF_LOAD)));
  }

  private capOverloadedAccounts(eligible: readonly PlannableAccount[], caps: Map<string, number>): void {
    const totalCapacity = eligible.reduce((sum, a) => sum + caps.get(a.accountId)!, 0);
    const placed = eligible.reduce((sum, a) => sum + this.loadOf(a), 0);
    const tolerance = this.tolerance(placed / Math.max(1, eligible.length));
    for (const account of eligible) {
      const capacity = caps.get(account.accountId)!;
      const target = Math.ceil((placed * capacity) / Math.max(1, totalCapacity));
      const load = this.loadOf(account);
      if (load > target + tolerance) {
        caps.set(account.accountId, Math.min(capacity, Math.max(target, load - this.settings.maxMoves)));
      }
    }
  }

  private loadOf(account: PlannableAccount): number {
    return account.connections.reduce((sum, c) => sum + c.desired.size, 0);
  }

  private placeOnConnections(
    tokens: readonly number[],
    connections: readonly PoolConnection[],
    next: Map<number, PoolConnection>,
    rebalance: boolean,
  ): void {
    const perConnection = this.settings.instrumentsPerConnection;
    const target = Math.ceil(tokens.length / connections.length);
    // How many tokens each connection may keep: all it can hold, or (rebalancing) its share, shedding at most maxMoves.
    const keepCap = new Map(
      connections.map((c) => [
        c,
        rebalance ? Math.min(perConnection, Math.max(target, c.desired.size - this.settings.maxMoves)) : perConnection,
      ]),
    );
    const kept = new Map(connections.map((c) => [c, 0]));
    const fresh: number[] = [];
    for (const token of tokens) {
      const current = this.placement.get(token);
      if (current !== undefined && kept.has(current) && kept.get(current)! < keepCap.get(current)!) {
        next.set(token, current);
        kept.set(current, kept.get(current)! + 1);
      } else {
        fresh.push(token);
      }
    }
    // New and moved tokens go to the emptiest connection of the account.
    for (const token of fresh) {
      let best: PoolConnection | undefined;
      let bestRoom = 0;
      for (const connection of connections) {
        const free = perConnection - kept.get(connection)!;
        if (free > bestRoom) {
          best = connection;
          bestRoom = free;
        }
      }
      if (best === undefined) {
        break; // cannot happen: distribute() capped the account at its connections' capacity
      }
      next.set(token, best);
      kept.set(best, kept.get(best)! + 1);
    }
  }

  private apply(book: SubscriptionBook, next: Map<number, PoolConnection>): void {
    for (const [token, connection] of this.placement) {
      if (next.get(token) !== connection) {
        connection.unassign(token);
      }
    }
    for (const [token, connection] of next) {
      connection.assign(token, book.modeOf(token)!);
    }
    this.placement = next;
  }
}
