import { createHash, randomBytes } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '../../../common/time/index.js';
import { AppConfig } from '../../../config/index.js';
import { AccountsMetrics } from '../accounts.metrics.js';
import { LoginStateExpiredError, LoginStateReusedError, LoginStateUnknownError } from '../accounts.errors.js';
import { LoginStateRepository } from './login-state.repository.js';

const NONCE_BYTES = 32;
/** base64url of 32 bytes. */
export const LOGIN_STATE_PATTERN = /^[A-Za-z0-9_-]{43}$/;

const hashOf = (state: string): string => createHash('sha256').update(state).digest('hex');

/**
 * Login CSRF protection. Each GET /accounts/{id}/login issues a fresh random state, which travels to Kite
 * and back in redirect_params; the callback completes a login only for a state this service issued for
 * that account, not yet used and not expired. So nobody can make the service adopt a session by luring an
 * operator's browser to a callback URL carrying the attacker's request token.
 */
@Injectable()
export class LoginStateService {
  private readonly logger = new Logger(LoginStateService.name);

  constructor(
    private readonly repository: LoginStateRepository,
    private readonly metrics: AccountsMetrics,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  async issue(accountId: string): Promise<string> {
    const { stateTtlMs, maxStatesPerAccount } = this.config.get('login');
    const state = randomBytes(NONCE_BYTES).toString('base64url');
    const now = this.clock.now();
    const evicted = await this.repository.insert(
      hashOf(state),
      accountId,
      new Date(now),
      new Date(now + stateTtlMs),
      maxStatesPerAccount,
    );
    this.metrics.recordLoginState(accountId, 'issued');
    if (evicted > 0) {
      this.metrics.recordLoginState(accountId, 'evicted', evicted);
      this.logger.warn(
        { account: accountId, evicted },
        'Too many logins started: the oldest pending ones were dropped',
      );
    }
    return state;
  }

  /** Claims the state for this account's callback, or throws a 403 saying why it is refused. */
  async consume(accountId: string, state: string): Promise<void> {
    const now = this.clock.now();
    const claim = await this.repository.claim(hashOf(state), accountId, new Date(now));
    if (claim.outcome === 'unknown') {
      this.metrics.recordLoginState(accountId, 'unknown');
      throw new LoginStateUnknownError(accountId);
    }
    if (claim.outcome === 'reused') {
      this.metrics.recordLoginState(accountId, 'reused');
      throw new LoginStateReusedError(accountId);
    }
    if (claim.state.expiresAt.getTime() <= now) {
      this.metrics.recordLoginState(accountId, 'expired');
      throw new LoginStateExpiredError(accountId);
    }
    this.metrics.recordLoginState(accountId, 'accepted');
  }

  /**
   * Deletes states that expired more than one TTL ago (called by the session sweep). Keeping them that much
   * longer lets a late callback hear "expired" rather than "unknown"; with at most
   * KITE_LOGIN_STATE_MAX_PER_ACCOUNT live states per account, the table stays at about twice that.
   */
  async purgeExpired(): Promise<number> {
    return this.repository.deleteExpired(new Date(this.clock.now() - this.config.get('login').stateTtlMs));
  }
}
