import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Not, In, type Repository } from 'typeorm';
import { Clock } from '../../../common/time/index.js';
import type { AccountStatus } from '../domain/account-status.js';
import { type ConfiguredTokenOutcome, KiteAccountEntity } from './kite-account.entity.js';

export interface StoredSession {
  accessTokenSealed: string;
  kiteUserId: string | null;
  lastLoginAt: Date;
  tokenExpiresAt: Date;
}

@Injectable()
export class KiteAccountRepository {
  constructor(
    @InjectRepository(KiteAccountEntity) private readonly rows: Repository<KiteAccountEntity>,
    private readonly clock: Clock,
  ) {}

  findById(accountId: string): Promise<KiteAccountEntity | null> {
    return this.rows.findOneBy({ accountId });
  }

  /** Creates the row, or refreshes the credentials of an existing one, keeping its session. */
  async upsertCredentials(accountId: string, apiKey: string, apiSecretSealed: string): Promise<KiteAccountEntity> {
    await this.rows
      .createQueryBuilder()
      .insert()
      .values({ accountId, apiKey, apiSecretSealed, status: 'needs_login', updatedAt: this.clock.nowDate() })
      .orUpdate(['api_key', 'api_secret_sealed', 'updated_at'], ['account_id'])
      .execute();
    return this.rows.findOneByOrFail({ accountId });
  }

  /** Stores a new session and returns its session_version (one more than the previous session's). */
  async saveSession(accountId: string, session: StoredSession): Promise<number> {
    const result = await this.rows
      .createQueryBuilder()
      .update()
      .set({
        ...session,
        status: 'active',
        statusReason: null,
        updatedAt: this.clock.nowDate(),
        sessionVersion: () => 'session_version + 1',
      })
      .where('account_id = :accountId', { accountId })
      .returning('session_version')
      .execute();
    return Number((result.raw as { session_version: number }[])[0]?.session_version);
  }

  /** Remembers how the configured access_token with this fingerprint was settled, against which session. */
  async recordConfiguredToken(
    accountId: string,
    fingerprint: string,
    sessionVersion: number,
    outcome: ConfiguredTokenOutcome,
  ): Promise<void> {
    await this.rows.update(
      { accountId },
      {
        configuredTokenFingerprint: fingerprint,
        configuredTokenSessionVersion: sessionVersion,
        configuredTokenOutcome: outcome,
      },
    );
  }

  async setStatus(accountId: string, status: AccountStatus, reason: string | null): Promise<void> {
    await this.rows.update({ accountId }, { status, statusReason: reason, updatedAt: this.clock.nowDate() });
  }

  async resealSecrets(accountId: string, apiSecretSealed: string, accessTokenSealed: string | null): Promise<void> {
    await this.rows.update({ accountId }, { apiSecretSealed, accessTokenSealed, updatedAt: this.clock.nowDate() });
  }

  /** Accounts dropped from the configuration are kept (audit) but disabled. */
  async disableAllExcept(accountIds: string[]): Promise<number> {
    const result = await this.rows.update(
      accountIds.length > 0
        ? { accountId: Not(In(accountIds)), status: Not('disabled') }
        : { status: Not<AccountStatus>('disabled') },
      { status: 'disabled', statusReason: 'no longer configured', updatedAt: this.clock.nowDate() },
    );
    return result.affected ?? 0;
  }
}
