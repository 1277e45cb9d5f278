import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HealthDetailsRegistry } from '../../infra/health/index.js';
import { AccountRegistry } from './orchestration/account-registry.js';

export const ACCOUNTS_DETAILS = 'accounts';

/**
 * The accounts section of /health/details: each account's status, why, its token expiry, breakers (the
 * worst state, and each endpoint class with its retry-after) and calls in flight. Deliberately not a readiness check: an instance without a logged-in account must stay
 * routable so that /accounts/{id}/login and its callback can be reached. Alert on
 * `ticker_accounts_status{status="needs_login"} == 1` instead.
 */
@Injectable()
export class AccountsHealth implements OnModuleInit {
  constructor(
    private readonly details: HealthDetailsRegistry,
    private readonly accounts: AccountRegistry,
  ) {}

  onModuleInit(): void {
    this.details.register(ACCOUNTS_DETAILS, () => this.describe());
  }

  describe(): Record<string, unknown> {
    const accounts = this.accounts.list().map((account) => account.snapshot());
    return {
      configured: accounts.length,
      active: accounts.filter((a) => a.status === 'active').length,
      accounts: Object.fromEntries(
        accounts.map((a) => [
          a.id,
          {
            status: a.status,
            reason: a.statusReason,
            lastLoginAt: a.lastLoginAt?.toISOString() ?? null,
            tokenExpiresAt: a.tokenExpiresAt?.toISOString() ?? null,
            breaker: a.breaker,
            breakers: a.breakers,
            inFlight: a.inFlight,
          },
        ]),
      ),
    };
  }
}
