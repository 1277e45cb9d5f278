import { createHash } from 'node:crypto';
import { type BeforeApplicationShutdown, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Clock } from '../../../common/time/index.js';
import { AppConfig } from '../../../config/index.js';
import type { ConfiguredAccount } from '../../../config/sections/accounts.config.js';
import { AccountsMetrics } from '../accounts.metrics.js';
import { AccountNotFoundError } from '../accounts.errors.js';
import { KiteCallGuard } from '../kite/kite-call-guard.js';
import { KiteConnectFactory } from '../kite/kite-connect.factory.js';
import { KITE_ENDPOINT_CLASSES } from '../kite/kite-endpoints.js';
import { isBreakerFailure, isRetryableRead } from '../kite/kite-error-normaliser.js';
import { KiteAccountRepository } from '../persistence/kite-account.repository.js';
import { AccountPolicies } from '../resilience/account-policies.js';
import { KitePacer } from '../resilience/kite-pacer.js';
import { rateWindowSpecs } from '../resilience/kite-rate-windows.js';
import { KiteRateLimitStoreProvider } from '../resilience/rate-limit-store.provider.js';
import { AccountRuntime, type StatusChange } from './account-runtime.js';
import { AccountSessionEvents } from './session-events.js';

/** A refusal during shutdown: come back at once, to another instance (the load balancer is dropping this one). */
const SHUTDOWN_RETRY_AFTER_MS = 1_000;
const KEY_DIGEST_LENGTH = 16;

/** The configured accounts at run time, in configuration order. Status changes are persisted here. */
@Injectable()
export class AccountRegistry implements BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger(AccountRegistry.name);
  private readonly accounts = new Map<string, AccountRuntime>();
  /** One pacer per API key (bounded by the configured accounts): Kite counts requests per key. */
  private readonly pacers = new Map<string, KitePacer>();
  /** Tail of each account's write chain (one entry per configured account). */
  private readonly writes = new Map<string, Promise<void>>();

  constructor(
    private readonly config: AppConfig,
    private readonly factory: KiteConnectFactory,
    private readonly metrics: AccountsMetrics,
    private readonly repository: KiteAccountRepository,
    private readonly rateLimitStore: KiteRateLimitStoreProvider,
    private readonly clock: Clock,
    private readonly sessionEvents: AccountSessionEvents,
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

  /** Lets queued status writes land before the database pool closes (it closes on application shutdown). */
  async beforeApplicationShutdown(): Promise<void> {
    await Promise.allSettled([...this.writes.values()]);
  }

  onApplicationShutdown(): void {
    for (const pacer of this.pacers.values()) {
      pacer.close(new Error('service shutting down'));
    }
  }

  private build(configured: ConfiguredAccount): AccountRuntime {
    const settings = this.config.get('accounts');
    const id = configured.id;
    const policies = new AccountPolicies(settings, {
      isBreakerFailure,
      isRetryable: isRetryableRead,
      onBreakerState: (endpointClass, state) => {
        this.metrics.setBreakerState(id, endpointClass, state);
        this.logger.warn({ account: id, class: endpointClass, breaker: state }, 'Kite circuit breaker changed state');
      },
    });
    for (const endpointClass of KITE_ENDPOINT_CLASSES) {
      this.metrics.setBreakerState(id, endpointClass, 'closed');
    }
    const guard = new KiteCallGuard({
      accountId: id,
      policies,
      pacer: this.pacerFor(configured),
      metrics: this.metrics,
      requestTimeoutMs: settings.requestTimeoutMs,
      shutdownRetryAfterMs: SHUTDOWN_RETRY_AFTER_MS,
    });
    const runtime = new AccountRuntime({
      id,
      apiKey: configured.apiKey,
      expectedUserId: configured.userId,
      guard,
      createConnect: (accessToken, onExpired) => this.factory.create(configured.apiKey, accessToken, onExpired),
      onStatusChange: (account, change) => this.statusChanged(account, change),
      now: () => this.clock.now(),
    });
    this.metrics.setStatus(id, 'needs_login');
    return runtime;
  }

  private pacerFor(configured: ConfiguredAccount): KitePacer {
    let pacer = this.pacers.get(configured.apiKey);
    if (!pacer) {
      const settings = this.config.get('accounts');
      // Metrics name the key by its first account; the store by a digest (keys stay out of Redis).
      const key = configured.id;
      pacer = new KitePacer(this.rateLimitStore.store, {
        keyPrefix: createHash('sha256').update(configured.apiKey).digest('hex').slice(0, KEY_DIGEST_LENGTH),
        windows: rateWindowSpecs(settings.rateLimits),
        maxWaiters: settings.rateLimits.maxWaiters,
        maxWaitMs: settings.concurrency.queueTimeoutMs,
        leaseMs: settings.requestTimeoutMs,
        now: () => this.clock.now(),
        onWaiters: (calls, waiting) => this.metrics.setRateLimitWaiters(key, calls, waiting),
        onAdmitted: (calls, seconds) => this.metrics.recordRateLimitWait(key, calls, seconds),
      });
      this.pacers.set(configured.apiKey, pacer);
    }
    return pacer;
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
    this.sessionEvents.emit({ accountId: account.id, previous, status, reason });
  }
}
