import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '../../common/time/index.js';
import { AppConfig } from '../../config/index.js';
import {
  AccessTokenRejectedError,
  LoginNotCompletedError,
  LoginRejectedError,
  LoginUserMismatchError,
} from './accounts.errors.js';
import { KiteInputError, KiteTokenError } from './kite/kite-errors.js';
import { LoginStateService } from './login/login-state.service.js';
import { AccountRegistry } from './orchestration/account-registry.js';
import type { AccountRuntime, AccountSnapshot } from './orchestration/account-runtime.js';
import { KiteAccountRepository } from './persistence/kite-account.repository.js';
import { SessionVault } from './session/session-vault.js';

/**
 * Login and token lifecycle while running: the Kite login (with its CSRF state), token hand-over, daily
 * expiry and sessions stored by other instances. Start-up restoration lives in SessionRestorer.
 */
@Injectable()
export class AccountSessionService {
  private readonly logger = new Logger(AccountSessionService.name);

  constructor(
    private readonly config: AppConfig,
    private readonly registry: AccountRegistry,
    private readonly repository: KiteAccountRepository,
    private readonly vault: SessionVault,
    private readonly loginStates: LoginStateService,
    private readonly clock: Clock,
  ) {}

  /** Starts a login: a fresh single-use state travels to Kite and back in redirect_params. */
  async loginUrl(accountId: string): Promise<string> {
    const account = this.registry.get(accountId);
    const state = await this.loginStates.issue(accountId);
    const url = new URL(this.config.get('accounts').loginUrl);
    url.searchParams.set('api_key', account.apiKey);
    url.searchParams.set('v', '3');
    // Kite appends redirect_params to its redirect: the account (a shared callback can tell accounts apart)
    // and the state that proves this service started the login.
    url.searchParams.set('redirect_params', new URLSearchParams({ account_id: accountId, state }).toString());
    return url.toString();
  }

  /**
   * The login callback: checks the single-use state first (login CSRF), then exchanges the request token
   * for a session (checksum signed with the API secret).
   */
  async completeLogin(
    accountId: string,
    requestToken: string,
    status: string | undefined,
    state: string,
  ): Promise<AccountSnapshot> {
    const account = this.registry.get(accountId);
    await this.loginStates.consume(accountId, state);
    if (status !== undefined && status !== 'success') {
      throw new LoginNotCompletedError(accountId, status);
    }
    const apiSecret = await this.vault.apiSecretOf(accountId);
    const session = await account.client.generateSession(requestToken, apiSecret).catch((error: unknown) => {
      throw error instanceof KiteTokenError || error instanceof KiteInputError
        ? new LoginRejectedError(accountId, error.message)
        : error;
    });
    if (account.expectedUserId !== undefined && account.expectedUserId !== session.userId) {
      this.logger.debug({ account: accountId }, 'Login refused: a different Kite user logged in');
      throw new LoginUserMismatchError(accountId);
    }
    await this.vault.adopt(account, session.accessToken, session.userId, session.loginTime ?? this.clock.nowDate());
    return account.snapshot();
  }

  /** A token obtained elsewhere: verified with Kite before it replaces the current one. */
  async acceptToken(accountId: string, accessToken: string): Promise<AccountSnapshot> {
    const account = this.registry.get(accountId);
    const profile = await account.client.verifyAccessToken(accessToken).catch((error: unknown) => {
      throw error instanceof KiteTokenError ? new AccessTokenRejectedError(accountId, error.message) : error;
    });
    if (account.expectedUserId !== undefined && account.expectedUserId !== profile.userId) {
      throw new LoginUserMismatchError(accountId);
    }
    await this.vault.adopt(account, accessToken, profile.userId, this.clock.nowDate());
    return account.snapshot();
  }

  /**
   * Turns sessions past their daily expiry into needs_login even when no call notices it, adopts sessions
   * another instance stored for accounts that need a login here (instances share the database, not their
   * memory, and Kite redirects a login to whichever instance the callback reaches), and deletes expired
   * login states.
   */
  async sweep(): Promise<void> {
    for (const account of this.registry.list()) {
      // The one scheduled place where a passed daily expiry is persisted (reads only report it).
      account.expireIfDue();
      if (account.currentStatus() === 'needs_login') {
        // Behind this account's pending writes, so our own needs_login is stored before we look.
        await this.registry.persist(account.id, () => this.adoptStoredSession(account));
      }
    }
    await this.loginStates.purgeExpired();
  }

  private async adoptStoredSession(account: AccountRuntime): Promise<void> {
    const row = await this.repository.findById(account.id);
    const expiresAt = row?.tokenExpiresAt;
    if (!row || row.status !== 'active' || !expiresAt || expiresAt.getTime() <= this.clock.now()) {
      return;
    }
    const token = this.vault.storedToken(row);
    if (token !== undefined) {
      account.adoptSession({
        accessToken: token,
        kiteUserId: row.kiteUserId,
        lastLoginAt: row.lastLoginAt ?? this.clock.nowDate(),
        tokenExpiresAt: expiresAt,
      });
      this.logger.log({ account: account.id }, 'Adopted the Kite session stored by another instance');
    }
  }
}
