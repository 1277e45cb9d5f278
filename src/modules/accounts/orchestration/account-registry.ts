import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../../../config/index.js';
import type { ConfiguredAccount } from '../../../config/sections/accounts.config.js';
import { AccountsMetrics } from '../accounts.metrics.js';
import { AccountNotFoundError } from '../accounts.errors.js';
import { KiteCallGuard } from '../kite/kite-call-guard.js';
import { KiteConnectFactory } from '../kite/kite-connect.factory.js';
import { KiteAccountRepository } from '../persistence/kite-account.repository.js';
import { ApiKeyRateLimiter } from '../resilience/api-key-rate-limiter.js';
import { CircuitBreaker } from '../resilience/circuit-breaker.js';
import { ConcurrencyLimiter } from '../resilience/concurrency-limiter.js';
import { AccountRuntime, type StatusChange } from './account-runtime.js';

/** The configured accounts at run time, in configuration order. Status changes are persisted here. */
@Injectable()
export class AccountRegistry implements OnApplicationShutdown {
  private readonly logger = new Logger(AccountRegistry.name);
  private readonly accounts = new Map<string, AccountRuntime>();
  /** One limiter per API key (bounded by the configured accounts): Kite counts requests per key. */
  private readonly limiters = new Map<string, ApiKeyRateLimiter>();
  /** Tail of each account's write chain (one entry per configured account). */
  private readonly writes = new Map<string, Promise<void>>();

  constructor(
    private readonly config: AppConfig,
    private readonly factory: KiteConnectFactory,
    private readonly metrics: AccountsMetrics,
    private readonly repository: KiteAccountRepository,
  ) {
    for (const configured of config.get('accounts').accounts) {
      this.accounts.set(configured.id, this.build(configured));
    }
  }

  get size(): number {
    return this.accounts.size;
  }

  list(): AccountRuntime[] {
    return [...this.accounts.values()];
  }

  get(accountId: string): AccountRuntime {
    const account = this.accounts.get(accountId);
    if (!account) {
      throw new AccountNotFoundError(accountId);
    }
    return account;
  }

  onApplicationShutdown(): void {
    for (const limiter of this.limiters.values()) {
      limiter.close(new Error('service shutting down'));
    }
  }

  private build(configured: ConfiguredAccount): AccountRuntime {
    const settings = this.config.get('accounts');
    const id = configured.id;
    const breaker = new CircuitBreaker(settings.breaker, (state) => {
      this.metrics.setBreakerState(id, state);
      this.logger.warn({ account: id, breaker: state }, 'Kite circuit breaker changed state');
    });
    this.metrics.setBreakerState(id, breaker.current);
    const guard = new KiteCallGuard({
      accountId: id,
      breaker,
      bulkhead: new ConcurrencyLimiter(settings.concurrency),
      rateLimiter: this.limiterFor(configured.apiKey),
      retry: settings.retry,
      metrics: this.metrics,
    });
    const runtime = new AccountRuntime({
      id,
      apiKey: configured.apiKey,
      expectedUserId: configured.userId,
      guard,
      createConnect: (accessToken, onExpired) => this.factory.create(configured.apiKey, accessToken, onExpired),
      onStatusChange: (account, change) => this.statusChanged(account, change),
    });
    this.metrics.setStatus(id, 'needs_login');
    return runtime;
  }

  private limiterFor(apiKey: string): ApiKeyRateLimiter {
    let limiter = this.limiters.get(apiKey);
    if (!limiter) {
      const settings = this.config.get('accounts');
      limiter = new ApiKeyRateLimiter(settings.rateLimits, settings.concurrency.queueTimeoutMs);
      this.limiters.set(apiKey, limiter);
    }
    return limiter;
  }

  /**
   * Runs a database write for an account after the previous one finished, so status writes triggered
   * close together (a token rejected, then a new token stored) land in the order they happened.
   */
  persist(accountId: string, write: () => Promise<void>): Promise<void> {
    const previous = this.writes.get(accountId) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(write);
    this.writes.set(accountId, next);
    return next;
  }

  private statusChanged(account: AccountRuntime, { previous, status, reason }: StatusChange): void {
    this.metrics.setStatus(account.id, status);
    if (status === 'needs_login' && previous === 'active') {
      this.metrics.recordSessionExpired(account.id);
      this.logger.warn({ account: account.id, reason }, 'Kite account needs a new login');
    } else {
      this.logger.log({ account: account.id, status, reason }, 'Kite account status changed');
    }
    this.persist(account.id, () => this.repository.setStatus(account.id, status, reason)).catch((error: unknown) => {
      this.logger.error({ err: error, account: account.id }, 'Could not persist the account status');
    });
  }
}
