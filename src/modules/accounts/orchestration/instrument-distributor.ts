export interface AccountCapacity {
  accountId: string;
  /** WebSocket capacity: connections × instruments per connection. */
  capacity: number;
}

export interface Distribution {
  /** Every eligible account, with the tokens it should stream (possibly none). */
  assignments: Map<string, number[]>;
  /** Tokens no account had room for. The caller decides what to do with them; they are never dropped silently. */
  unplaced: number[];
  /** Tokens that stayed on the account they were on before. */
  kept: number;
  /** Tokens placed on an account they were not on before (new, or moved from an ineligible account). */
  placed: number;
}

/**
 * Assigns instrument tokens to accounts within each account's WebSocket capacity. Existing placements
 * are kept while their account stays eligible and within capacity (so streams are not reshuffled);
 * new tokens go to the account with the most free room. State is bounded by the total capacity.
 */
export class InstrumentDistributor {
  private owners = new Map<number, string>();

  distribute(tokens: Iterable<number>, accounts: readonly AccountCapacity[]): Distribution {
    const wanted = [...new Set(tokens)];
    const room = new Map(accounts.map((a) => [a.accountId, Math.max(0, a.capacity)]));
    const assignments = new Map<string, number[]>(accounts.map((a) => [a.accountId, []]));
    const owners = new Map<number, string>();
    const fresh: number[] = [];
    for (const token of wanted) {
      const owner = this.owners.get(token);
      const free = owner === undefined ? 0 : (room.get(owner) ?? 0);
      if (owner !== undefined && free > 0) {
        this.place(token, owner, assignments, room, owners);
      } else {
        fresh.push(token);
      }
    }
    const kept = owners.size;
    const unplaced: number[] = [];
    for (const token of fresh) {
      const target = this.roomiest(accounts, room);
      if (target === undefined) {
        unplaced.push(token);
      } else {
        this.place(token, target, assignments, room, owners);
      }
    }
    this.owners = owners;
    return { assignments, unplaced, kept, placed: owners.size - kept };
  }

  /** The account a token is currently placed on, if any. */
  ownerOf(token: number): string | undefined {
    return this.owners.get(token);
  }

  private place(
    token: number,
    accountId: string,
    assignments: Map<string, number[]>,
    room: Map<string, number>,
    owners: Map<number, string>,
  ): void {
    assignments.get(accountId)!.push(token);
    room.set(accountId, room.get(accountId)! - 1);
    owners.set(token, accountId);
  }

  /** The account with the most free room; the earlier one in configuration order on a tie. */
  private roomiest(accounts: readonly AccountCapacity[], room: Map<string, number>): string | undefined {
    let best: string | undefined;
    let bestRoom = 0;
    for (const { accountId } of accounts) {
      const free = room.get(accountId) ?? 0;
      if (free > bestRoom) {
        best = accountId;
        bestRoom = free;
      }
    }
    return best;
  }
}
