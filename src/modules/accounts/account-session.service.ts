import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../../config/index.js';
import type { ConfiguredAccount } from '../../config/sections/accounts.config.js';
import {
  AccessTokenRejectedError,
  AccountSecretUnavailableError,
  LoginNotCompletedError,
  LoginRejectedError,
  LoginUserMismatchError,
} from './accounts.errors.js';
import { SECRET_CIPHER } from './crypto/secret-cipher.provider.js';
import type { SecretCipher } from './crypto/secret-cipher.js';
import { nextIstTime } from './domain/ist-time.js';
import { KiteInputError, KiteTokenError } from './kite/kite-errors.js';
import { AccountRegistry } from './orchestration/account-registry.js';
import type { AccountRuntime, AccountSnapshot } from './orchestration/account-runtime.js';
import type { KiteAccountEntity } from './persistence/kite-account.entity.js';
import { KiteAccountRepository } from './persistence/kite-account.repository.js';

const API_SECRET = 'api_secret';
const ACCESS_TOKEN = 'access_token';
/** Associated data binding a sealed value to its account and column. */
const sealContext = (accountId: string, field: string): string => `kite_account:${accountId}:${field}`;

/** Login and token lifecycle: configuration → database at start, Kite login, token hand-over, daily expiry. */
@Injectable()
export class AccountSessionService implements OnModuleInit, OnApplicationBootstrap {
  private readonly logger = new Logger(AccountSessionService.name);

  constructor(
    private readonly config: AppConfig,
    private readonly registry: AccountRegistry,
    private readonly repository: KiteAccountRepository,
    @Inject(SECRET_CIPHER) private readonly cipher: SecretCipher | undefined,
  ) {}

  /** Stores every configured account (secrets sealed) and restores sessions still valid. */
  async onModuleInit(): Promise<void> {
    const configured = this.config.get('accounts').accounts;
    for (const account of configured) {
      await this.restore(account);
    }
    const disabled = await this.repository.disableAllExcept(configured.map((a) => a.id));
    if (disabled > 0) {
      this.logger.warn({ disabled }, 'Accounts no longer configured were disabled');
    }
  }

  /** Checks restored tokens against Kite without holding up start-up; a rejected one turns needs_login. */
  onApplicationBootstrap(): void {
    for (const account of this.registry.list().filter((a) => a.currentStatus() === 'active')) {
      account.client
        .getProfile()
        .then(({ userId }) => {
          if (account.expectedUserId !== undefined && userId !== account.expectedUserId) {
            account.markNeedsLogin(`the access token is for Kite user ${userId}, not ${account.expectedUserId}`);
          }
        })
        .catch((error: unknown) => {
          this.logger.warn({ account: account.id, err: error }, 'Start-up check of the stored Kite session failed');
        });
    }
  }

  loginUrl(accountId: string): string {
    const account = this.registry.get(accountId);
    const url = new URL(this.config.get('accounts').loginUrl);
    url.searchParams.set('api_key', account.apiKey);
    url.searchParams.set('v', '3');
    // Kite appends redirect_params to its redirect, so a shared callback could still tell accounts apart.
    url.searchParams.set('redirect_params', `account_id=${accountId}`);
    return url.toString();
  }

  /** The login callback: exchanges the request token for a session (checksum signed with the API secret). */
  async completeLogin(accountId: string, requestToken: string, status: string | undefined): Promise<AccountSnapshot> {
    const account = this.registry.get(accountId);
    if (status !== undefined && status !== 'success') {
      throw new LoginNotCompletedError(accountId, status);
    }
    const apiSecret = await this.apiSecretOf(accountId);
    const session = await account.client.generateSession(requestToken, apiSecret).catch((error: unknown) => {
      throw error instanceof KiteTokenError || error instanceof KiteInputError
        ? new LoginRejectedError(accountId, error.message)
        : error;
    });
    if (account.expectedUserId !== undefined && account.expectedUserId !== session.userId) {
      throw new LoginUserMismatchError(accountId, account.expectedUserId, session.userId);
    }
    const loginAt = session.loginTime ?? new Date();
    await this.adopt(account, session.accessToken, session.userId, loginAt);
    return account.snapshot();
  }

  /** A token obtained elsewhere: verified with Kite before it replaces the current one. */
  async acceptToken(accountId: string, accessToken: string): Promise<AccountSnapshot> {
    const account = this.registry.get(accountId);
    const profile = await account.client.verifyAccessToken(accessToken).catch((error: unknown) => {
      throw error instanceof KiteTokenError ? new AccessTokenRejectedError(accountId, error.message) : error;
    });
    if (account.expectedUserId !== undefined && account.expectedUserId !== profile.userId) {
      throw new LoginUserMismatchError(accountId, account.expectedUserId, profile.userId);
    }
    await this.adopt(account, accessToken, profile.userId, new Date());
    return account.snapshot();
  }

  /**
   * Turns sessions past their daily expiry into needs_login even when no call notices it, and adopts
   * sessions another instance stored for accounts that need a login here: instances share the
   * database, not their memory, and Kite redirects a login to whichever instance the callback reaches.
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
  }

  private async adoptStoredSession(account: AccountRuntime): Promise<void> {
    const row = await this.repository.findById(account.id);
    const expiresAt = row?.tokenExpiresAt;
    if (!row || row.status !== 'active' || !expiresAt || expiresAt.getTime() <= Date.now()) {
      return;
    }
    const token = this.storedToken(row);
    if (token !== undefined) {
      account.adoptSession({
        accessToken: token,
        kiteUserId: row.kiteUserId,
        lastLoginAt: row.lastLoginAt ?? new Date(),
        tokenExpiresAt: expiresAt,
      });
      this.logger.log({ account: account.id }, 'Adopted the Kite session stored by another instance');
    }
  }

  private async adopt(account: AccountRuntime, accessToken: string, kiteUserId: string, loginAt: Date): Promise<void> {
    const tokenExpiresAt = new Date(nextIstTime(loginAt.getTime(), this.config.get('accounts').tokenExpiryIst));
    const sealed = this.requireCipher().seal(accessToken, sealContext(account.id, ACCESS_TOKEN));
    await this.registry.persist(account.id, () =>
      this.repository.saveSession(account.id, {
        accessTokenSealed: sealed,
        kiteUserId,
        lastLoginAt: loginAt,
        tokenExpiresAt,
      }),
    );
    account.adoptSession({ accessToken, kiteUserId, lastLoginAt: loginAt, tokenExpiresAt });
    this.logger.log({ account: account.id, kiteUserId, tokenExpiresAt }, 'Kite session stored');
  }

  private async restore(configured: ConfiguredAccount): Promise<void> {
    const cipher = this.requireCipher();
    const account = this.registry.get(configured.id);
    const row = await this.repository.upsertCredentials(
      configured.id,
      configured.apiKey,
      cipher.seal(configured.apiSecret, sealContext(configured.id, API_SECRET)),
    );
    if (configured.accessToken !== undefined && configured.accessToken !== this.storedToken(row)) {
      await this.adopt(account, configured.accessToken, row.kiteUserId ?? '', new Date());
      return;
    }
    const token = this.storedToken(row);
    const expiresAt = row.tokenExpiresAt;
    if (token === undefined || row.status !== 'active' || expiresAt === null || expiresAt.getTime() <= Date.now()) {
      const reason = token === undefined ? 'no access token' : (row.statusReason ?? 'access token expired');
      account.markNeedsLogin(reason);
      return;
    }
    if (cipher.isStale(row.accessTokenSealed!)) {
      await this.repository.resealSecrets(
        row.accountId,
        row.apiSecretSealed,
        cipher.seal(token, sealContext(row.accountId, ACCESS_TOKEN)),
      );
    }
    account.adoptSession({
      accessToken: token,
      kiteUserId: row.kiteUserId,
      lastLoginAt: row.lastLoginAt ?? new Date(),
      tokenExpiresAt: expiresAt,
    });
  }

  private storedToken(row: KiteAccountEntity): string | undefined {
    if (row.accessTokenSealed === null) {
      return undefined;
    }
    try {
      return this.requireCipher().open(row.accessTokenSealed, sealContext(row.accountId, ACCESS_TOKEN));
    } catch (error) {
      this.logger.warn(
        { account: row.accountId, reason: (error as Error).message },
        'Stored access token is unreadable',
      );
      return undefined;
    }
  }

  private async apiSecretOf(accountId: string): Promise<string> {
    const row = await this.repository.findById(accountId);
    try {
      return this.requireCipher().open(row!.apiSecretSealed, sealContext(accountId, API_SECRET));
    } catch {
      throw new AccountSecretUnavailableError(accountId);
    }
  }

  private requireCipher(): SecretCipher {
    if (!this.cipher) {
      throw new Error('KITE_ENCRYPTION_KEY is not configured');
    }
    return this.cipher;
  }
}
