import { Injectable, type OnModuleInit } from '@nestjs/common';
import { KITE_INDICATOR, type ReadinessOutcome, ReadinessRegistry } from '../../infra/health/index.js';
import { AccountRegistry } from './orchestration/account-registry.js';

/** /health/ready "kite": up while at least one account is logged in with a closed breaker. */
@Injectable()
export class KiteReadiness implements OnModuleInit {
  constructor(
    private readonly readiness: ReadinessRegistry,
    private readonly accounts: AccountRegistry,
  ) {}

  onModuleInit(): void {
    // With no account configured the registry's default ("not configured", up) stays in place.
    if (this.accounts.size > 0) {
      this.readiness.register(KITE_INDICATOR, () => Promise.resolve(this.check()));
    }
  }

  check(): ReadinessOutcome {
    const accounts = this.accounts.list().map((account) => account.snapshot());
    const usable = accounts.filter((a) => a.status === 'active' && a.breaker === 'closed');
    return {
      up: usable.length > 0,
      details: {
        state: usable.length > 0 ? 'ready' : 'no usable account',
        usableAccounts: usable.length,
        accounts: Object.fromEntries(
          accounts.map((a) => [
            a.id,
            {
              status: a.status,
              breaker: a.breaker,
              reason: a.statusReason,
              tokenExpiresAt: a.tokenExpiresAt?.toISOString() ?? null,
            },
          ]),
        ),
      },
    };
  }
}
