import { Injectable, Logger } from '@nestjs/common';
import type { AccountStatus } from '../domain/account-status.js';

/** An account's session changed: a new token adopted (status active, even from active), or lost (needs_login). */
export interface AccountSessionChange {
  accountId: string;
  previous: AccountStatus;
  status: AccountStatus;
  reason: string | null;
}

export type AccountSessionListener = (change: AccountSessionChange) => void;

/** Tells other modules (the WebSocket pool) about session changes, synchronously, after they happened. */
@Injectable()
export class AccountSessionEvents {
  private readonly logger = new Logger(AccountSessionEvents.name);
  private readonly listeners = new Set<AccountSessionListener>();

  subscribe(listener: AccountSessionListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(change: AccountSessionChange): void {
    for (const listener of this.listeners) {
      try {
        listener(change);
      } catch (error) {
        this.logger.error({ err: error, account: change.accountId }, 'Account session listener failed');
      }
    }
  }
}
