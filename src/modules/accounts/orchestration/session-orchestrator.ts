import { Injectable } from '@nestjs/common';
import { AccountNeedsLoginError, NoUsableAccountError } from '../accounts.errors.js';
import type { AccountStatus } from '../domain/account-status.js';
import type { KiteEndpointClass } from '../kite/kite-endpoints.js';
import type { KiteRestClient } from '../kite/kite-rest-client.js';
import { AccountRegistry } from './account-registry.js';
import type { AccountRuntime, TickerSession } from './account-runtime.js';
import { type Distribution, InstrumentDistributor } from './instrument-distributor.js';
import { type AccountSessionListener, AccountSessionEvents } from './session-events.js';

export interface BorrowOptions {
  /**
   * false: any account whose breaker is not open will do, logged in or not. For public data such as
   * the instrument dumps, which Kite serves without a session.
   */
  requireSession?: boolean;
  /** The kind of call `fn` makes: an account whose breaker for this class is open is skipped. Default market_data. */
  endpointClass?: KiteEndpointClass;
}

export type KiteCall<T> = (client: KiteRestClient, accountId: string) => Promise<T>;

/** How many instruments each account may stream, set by the WebSocket pool that owns the connections. */
export interface PlacementLimits {
  /** WebSocket capacity of an account: connections × instruments per connection. */
  capacityPerAccount: number;
  /** Lower caps for some accounts this round (connections down; a gradual rebalance moves the overflow). */
  capacityOverrides?: ReadonlyMap<string, number>;
  /** Active accounts that must receive nothing this round. */
  exclude?: ReadonlySet<string>;
}

/** The one way other modules reach Kite REST: pick an account (or name one) and run a call through its guarded client. */
@Injectable()
export class SessionOrchestrator {
  private cursor = 0;
  private readonly distributor = new InstrumentDistributor();

  constructor(
    private readonly registry: AccountRegistry,
    private readonly sessionEvents: AccountSessionEvents,
  ) {}

  /** How many accounts are configured (0: every call fails with NoUsableAccountError). */
  get accountCount(): number {
    return this.registry.size;
  }

  /**
   * Runs `fn` on a healthy account, round robin. Prefers an account with a free concurrency slot;
   * when all are busy the call queues on the next one (bounded; KiteBackpressureError when full).
   */
  async borrow<T>(fn: KiteCall<T>, options: BorrowOptions = {}): Promise<T> {
    const account = this.pick(options.requireSession ?? true, options.endpointClass ?? 'market_data');
    return await fn(account.client, account.id);
  }

  /** Runs `fn` on the named account: for calls bound to it (its orders, its positions). */
  async forAccount<T>(accountId: string, fn: KiteCall<T>): Promise<T> {
    const account = this.registry.get(accountId);
    account.expireIfDue();
    if (account.currentStatus() !== 'active') {
      throw new AccountNeedsLoginError(accountId, account.snapshot().statusReason);
    }
    return await fn(account.client, account.id);
  }

  /**
   * Assigns instruments to logged-in accounts within their WebSocket capacity, keeping earlier
   * placements stable. Whatever does not fit comes back in `unplaced`.
   */
  distribute(instrumentTokens: Iterable<number>, limits: PlacementLimits): Distribution {
    const accounts = this.registry.list();
    accounts.forEach((account) => account.expireIfDue());
    const eligible = accounts
      .filter((account) => account.currentStatus() === 'active' && limits.exclude?.has(account.id) !== true)
      .map((account) => ({
        accountId: account.id,
        capacity: limits.capacityOverrides?.get(account.id) ?? limits.capacityPerAccount,
      }));
    return this.distributor.distribute(instrumentTokens, eligible);
  }

  /** Every configured account's id and status, in configuration order. */
  accountStatuses(): { accountId: string; status: AccountStatus }[] {
    return this.registry.list().map((account) => ({ accountId: account.id, status: account.currentStatus() }));
  }

  /** The session a ticker connection dials with (a secret: never log it), or undefined when not active. */
  tickerSession(accountId: string): TickerSession | undefined {
    return this.registry.get(accountId).tickerSession();
  }

  /** Called after every session change (new token adopted, session lost); returns the unsubscribe function. */
  onSessionChange(listener: AccountSessionListener): () => void {
    return this.sessionEvents.subscribe(listener);
  }

  private pick(requireSession: boolean, endpointClass: KiteEndpointClass): AccountRuntime {
    const accounts = this.registry.list();
    accounts.forEach((account) => account.expireIfDue());
    let fallback: { account: AccountRuntime; index: number } | undefined;
    for (let step = 0; step < accounts.length; step += 1) {
      const index = (this.cursor + step) % accounts.length;
      const account = accounts[index]!;
      if (!account.isUsable(endpointClass, requireSession)) {
        continue;
      }
      if (account.hasFreeSlot(endpointClass)) {
        this.cursor = index + 1;
        return account;
      }
      fallback ??= { account, index };
    }
    if (fallback) {
      this.cursor = fallback.index + 1;
      return fallback.account;
    }
    throw new NoUsableAccountError(
      endpointClass,
      accounts.map((a) => {
        const { id, status, breakers } = a.snapshot();
        return { id, status, breaker: breakers[endpointClass].state };
      }),
    );
  }
}
