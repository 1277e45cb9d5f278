import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import { Clock } from '../../../common/time/index.js';
import { AppConfig } from '../../../config/index.js';
import type { ConfiguredAccount } from '../../../config/sections/accounts.config.js';
import { KiteTokenError } from '../kite/kite-errors.js';
import { AccountRegistry } from '../orchestration/account-registry.js';
import type { AccountRuntime } from '../orchestration/account-runtime.js';
import type { KiteAccountEntity } from '../persistence/kite-account.entity.js';
import { KiteAccountRepository } from '../persistence/kite-account.repository.js';
import { decideRestore, type SettledConfiguredToken } from './configured-token-policy.js';
import { SessionVault } from './session-vault.js';

/** A configured token Kite is to judge at start-up against the valid-looking stored session. */
interface ConfiguredCandidate {
  token: string;
  fingerprint: string;
  /** The stored session it competes with. */
  storedSessionVersion: number;
}

const settledOf = (row: KiteAccountEntity): SettledConfiguredToken | null =>
  row.configuredTokenFingerprint === null ||
  row.configuredTokenSessionVersion === null ||
  row.configuredTokenOutcome === null
    ? null
    : {
        fingerprint: row.configuredTokenFingerprint,
        sessionVersion: row.configuredTokenSessionVersion,
        outcome: row.configuredTokenOutcome,
      };

/**
 * Start-up: configuration → database, then the newest valid session of each account (see
 * configured-token-policy.ts), then a check of every restored session with Kite that does not hold up
 * start-up.
 */
@Injectable()
export class SessionRestorer implements OnModuleInit, OnApplicationBootstrap {
  private readonly logger = new Logger(SessionRestorer.name);
  /** Filled at start, emptied by the start-up check (at most one per configured account). */
  private readonly candidates = new Map<string, ConfiguredCandidate>();

  constructor(
    private readonly config: AppConfig,
    private readonly registry: AccountRegistry,
    private readonly repository: KiteAccountRepository,
    private readonly vault: SessionVault,
    private readonly clock: Clock,
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

  /**
   * Checks restored tokens against Kite; a rejected one turns needs_login, and a new configured token
   * waiting as candidate replaces it if Kite accepts that one.
   */
  onApplicationBootstrap(): void {
    for (const account of this.registry.list().filter((a) => a.currentStatus() === 'active')) {
      const candidate = this.candidates.get(account.id);
      this.candidates.delete(account.id);
      this.checkWithKite(account, candidate).catch((error: unknown) => {
        this.logger.error({ account: account.id, err: error }, 'Start-up session check could not be completed');
      });
    }
  }

  private async checkWithKite(account: AccountRuntime, candidate: ConfiguredCandidate | undefined): Promise<void> {
    let userId: string;
    try {
      ({ userId } = await account.client.getProfile());
    } catch (error) {
      if (candidate && error instanceof KiteTokenError) {
        await this.tryCandidate(account, candidate);
      } else {
        this.logger.warn({ account: account.id, err: error }, 'Start-up check of the stored Kite session failed');
      }
      return;
    }
    if (account.expectedUserId !== undefined && userId !== account.expectedUserId) {
      account.markNeedsLogin('the access token belongs to a different Kite user than the configured user_id');
    }
    if (candidate) {
      // The stored session is good: it stays; the configured token may compete only with this session.
      await this.repository.recordConfiguredToken(
        account.id,
        candidate.fingerprint,
        candidate.storedSessionVersion,
        'passed_over',
      );
      this.logger.log({ account: account.id }, 'Kept the stored Kite session over the configured access_token');
    }
  }

  /** Kite rejected the stored session: the configured token takes over if Kite accepts it. */
  private async tryCandidate(account: AccountRuntime, candidate: ConfiguredCandidate): Promise<void> {
    const settle = (version: number, outcome: 'adopted' | 'rejected') =>
      this.repository.recordConfiguredToken(account.id, candidate.fingerprint, version, outcome);
    let userId: string;
    try {
      ({ userId } = await account.client.verifyAccessToken(candidate.token));
    } catch (error) {
      if (!(error instanceof KiteTokenError)) {
        throw error; // Kite unreachable: no verdict, the candidate competes again at the next start
      }
      this.logger.warn({ account: account.id }, 'Kite rejected both the stored and the configured access_token');
      await settle(candidate.storedSessionVersion, 'rejected');
      return;
    }
    if (account.expectedUserId !== undefined && account.expectedUserId !== userId) {
      this.logger.warn({ account: account.id }, 'The configured access_token belongs to a different Kite user');
      await settle(candidate.storedSessionVersion, 'rejected');
      return;
    }
    await settle(await this.vault.adopt(account, candidate.token, userId, this.clock.nowDate()), 'adopted');
    this.logger.log({ account: account.id }, 'Kite rejected the stored session; adopted the configured access_token');
  }

  private async restore(configured: ConfiguredAccount): Promise<void> {
    const account = this.registry.get(configured.id);
    const row = await this.vault.upsertCredentials(configured.id, configured.apiKey, configured.apiSecret);
    const token = this.vault.storedToken(row);
    const expiresAt = row.tokenExpiresAt;
    const storedValid =
      token !== undefined && row.status === 'active' && expiresAt !== null && expiresAt.getTime() > this.clock.now();
    const decision = decideRestore({
      accountId: configured.id,
      configuredToken: configured.accessToken,
      settled: settledOf(row),
      storedToken: token,
      storedValid,
      storedSessionVersion: row.sessionVersion,
    });
    if (decision.action === 'adopt-configured') {
      const configuredToken = configured.accessToken!;
      const version = await this.vault.adopt(account, configuredToken, row.kiteUserId ?? '', this.clock.nowDate());
      await this.repository.recordConfiguredToken(configured.id, decision.fingerprint, version, 'adopted');
      return;
    }
    if (decision.action === 'keep-stored-with-candidate') {
      this.candidates.set(configured.id, {
        token: configured.accessToken!,
        fingerprint: decision.fingerprint,
        storedSessionVersion: row.sessionVersion,
      });
    }
    if (!storedValid || token === undefined || expiresAt === null) {
      account.markNeedsLogin(token === undefined ? 'no access token' : (row.statusReason ?? 'access token expired'));
      return;
    }
    await this.vault.resealTokenIfStale(row, token);
    account.adoptSession({
      accessToken: token,
      kiteUserId: row.kiteUserId,
      lastLoginAt: row.lastLoginAt ?? this.clock.nowDate(),
      tokenExpiresAt: expiresAt,
    });
  }
}
