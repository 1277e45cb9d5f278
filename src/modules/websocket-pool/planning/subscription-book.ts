import { higherMode, type TickMode } from './tick-mode.js';

export interface BookLimits {
  /** Distinct tokens kept as desired. */
  maxTokens: number;
  /** Distinct owners per token. */
  maxOwnersPerToken: number;
}

export interface BookChange {
  /** Tokens that became desired (they need a placement). */
  added: number[];
  /** Tokens no longer desired by anyone. */
  removed: number[];
  /** Tokens still desired whose effective (highest) mode changed. */
  modeChanged: number[];
  /** Tokens refused because a bound was reached (never kept). */
  refused: number[];
  /** setMode / unsubscribe on tokens the owner does not hold: nothing done. */
  notHeld: number[];
}

const emptyChange = (): BookChange => ({ added: [], removed: [], modeChanged: [], refused: [], notHeld: [] });

/**
 * What callers want streamed: per token, the owners holding it and the mode each asked for. A token is
 * subscribed once whoever holds it (reference-counted by owner), at the highest mode any owner asked for.
 * Bounded by `maxTokens` and `maxOwnersPerToken`; requests beyond them are refused, not queued.
 */
export class SubscriptionBook {
  private readonly owners = new Map<number, Map<string, TickMode>>();

  constructor(private readonly limits: BookLimits) {}

  get size(): number {
    return this.owners.size;
  }

  tokens(): IterableIterator<number> {
    return this.owners.keys();
  }

  /** The mode the token is streamed at: the highest any owner asked for. */
  modeOf(token: number): TickMode | undefined {
    const owners = this.owners.get(token);
    if (owners === undefined) {
      return undefined;
    }
    let mode: TickMode = 'ltp';
    for (const asked of owners.values()) {
      mode = higherMode(mode, asked);
    }
    return mode;
  }

  ownerCount(token: number): number {
    return this.owners.get(token)?.size ?? 0;
  }

  add(tokens: Iterable<number>, mode: TickMode, owner: string): BookChange {
    const change = emptyChange();
    for (const token of tokens) {
      let owners = this.owners.get(token);
      if (owners === undefined) {
        if (this.owners.size >= this.limits.maxTokens) {
          change.refused.push(token);
          continue;
        }
        owners = new Map();
        this.owners.set(token, owners);
        owners.set(owner, mode);
        change.added.push(token);
        continue;
      }
      if (!owners.has(owner) && owners.size >= this.limits.maxOwnersPerToken) {
        change.refused.push(token);
        continue;
      }
      this.setOwnerMode(token, owners, owner, mode, change);
    }
    return change;
  }

  remove(tokens: Iterable<number>, owner: string): BookChange {
    const change = emptyChange();
    for (const token of tokens) {
      const owners = this.owners.get(token);
      if (owners === undefined || !owners.has(owner)) {
        change.notHeld.push(token);
        continue;
      }
      const before = this.modeOf(token);
      owners.delete(owner);
      if (owners.size === 0) {
        this.owners.delete(token);
        change.removed.push(token);
      } else if (this.modeOf(token) !== before) {
        change.modeChanged.push(token);
      }
    }
    return change;
  }

  /** Changes the mode an owner holds a token at; tokens the owner does not hold are reported, not added. */
  setMode(tokens: Iterable<number>, mode: TickMode, owner: string): BookChange {
    const change = emptyChange();
    for (const token of tokens) {
      const owners = this.owners.get(token);
      if (owners === undefined || !owners.has(owner)) {
        change.notHeld.push(token);
        continue;
      }
      this.setOwnerMode(token, owners, owner, mode, change);
    }
    return change;
  }

  private setOwnerMode(
    token: number,
    owners: Map<string, TickMode>,
    owner: string,
    mode: TickMode,
    change: BookChange,
  ): void {
    const before = this.modeOf(token);
    owners.set(owner, mode);
    if (this.modeOf(token) !== before) {
      change.modeChanged.push(token);
    }
  }
}
