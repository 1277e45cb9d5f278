import { Inject, Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../../../config/index.js';
import { AccountSecretUnavailableError } from '../accounts.errors.js';
import { SECRET_CIPHER } from '../crypto/secret-cipher.provider.js';
import type { SecretCipher } from '../crypto/secret-cipher.js';
import { nextIstTime } from '../../../common/time/index.js';
import { AccountRegistry } from '../orchestration/account-registry.js';
import type { AccountRuntime } from '../orchestration/account-runtime.js';
import type { KiteAccountEntity } from '../persistence/kite-account.entity.js';
import { KiteAccountRepository } from '../persistence/kite-account.repository.js';

const API_SECRET = 'api_secret';
const ACCESS_TOKEN = 'access_token';
/** Associated data binding a sealed value to its account and column. */
const sealContext = (accountId: string, field: string): string => `kite_account:${accountId}:${field}`;

/** Sealed credentials in kite_account: storing a session, reading tokens and secrets back. */
@Injectable()
export class SessionVault {
  private readonly logger = new Logger(SessionVault.name);

  constructor(
    private readonly config: AppConfig,
    private readonly registry: AccountRegistry,
    private readonly repository: KiteAccountRepository,
    @Inject(SECRET_CIPHER) private readonly cipher: SecretCipher | undefined,
  ) {}

  /** Stores the session (sealed), then makes it the account's current one; returns its session_version. */
  async adopt(account: AccountRuntime, accessToken: string, kiteUserId: string, loginAt: Date): Promise<number> {
    const tokenExpiresAt = new Date(nextIstTime(loginAt.getTime(), this.config.get('accounts').tokenExpiryIst));
    const sealed = this.requireCipher().seal(accessToken, sealContext(account.id, ACCESS_TOKEN));
    let version = 0;
    await this.registry.persist(account.id, async () => {
      version = await this.repository.saveSession(account.id, {
        accessTokenSealed: sealed,
        kiteUserId,
        lastLoginAt: loginAt,
        tokenExpiresAt,
      });
    });
    account.adoptSession({ accessToken, kiteUserId, lastLoginAt: loginAt, tokenExpiresAt });
    this.logger.log({ account: account.id, tokenExpiresAt }, 'Kite session stored');
    return version;
  }

  /** Creates the row, or refreshes its credentials (re-sealed from the configuration), keeping its session. */
  upsertCredentials(accountId: string, apiKey: string, apiSecret: string): Promise<KiteAccountEntity> {
    return this.repository.upsertCredentials(
      accountId,
      apiKey,
      this.requireCipher().seal(apiSecret, sealContext(accountId, API_SECRET)),
    );
  }

  /** Re-seals the stored token with the current key when it was sealed with a retired one. */
  async resealTokenIfStale(row: KiteAccountEntity, token: string): Promise<void> {
    const cipher = this.requireCipher();
    if (row.accessTokenSealed !== null && cipher.isStale(row.accessTokenSealed)) {
      await this.repository.resealSecrets(
        row.accountId,
        row.apiSecretSealed,
        cipher.seal(token, sealContext(row.accountId, ACCESS_TOKEN)),
      );
    }
  }

  storedToken(row: KiteAccountEntity): string | undefined {
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

  async apiSecretOf(accountId: string): Promise<string> {
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
