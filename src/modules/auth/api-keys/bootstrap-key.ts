import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { SCOPES } from '../../../common/auth/index.js';
import { Clock } from '../../../common/time/index.js';
import { AppConfig } from '../../../config/index.js';
import { generateApiKey } from './api-key-format.js';
import { type ApiKeyRecord, ApiKeyStore } from './api-key.store.js';
import { hashSecret } from './secret-hash.js';

/** Where the one-time key is shown: stderr, outside the structured log stream. Tests replace it. */
export const ONE_TIME_KEY_SINK = Symbol('ONE_TIME_KEY_SINK');
export type OneTimeKeySink = (text: string) => void;
export const stderrSink: OneTimeKeySink = (text) => process.stderr.write(text);

export const oneTimeKeyBanner = (key: string, keyId: string): string =>
  [
    '',
    '================================================================================',
    ' ticker-service: no API key existed, so a one-time admin key was created.',
    ` Key id: ${keyId}`,
    ` Key:    ${key}`,
    ' It is shown only now and stored only as a hash. Use it to create your own keys',
    ' (POST /auth/api-keys or `npm run apikey -- create`), then revoke it',
    ` (DELETE /auth/api-keys/${keyId} or \`npm run apikey -- revoke ${keyId}\`).`,
    '================================================================================',
    '',
  ].join('\n');

/**
 * The first admin key, so a fresh deployment is never an open API: from AUTH_BOOTSTRAP_KEY_HASH when set;
 * otherwise, when AUTH_BOOTSTRAP_PRINT_KEY allows, a generated key printed once. Either happens only while
 * the api_key table has never held a key (an advisory lock makes replicas agree on one).
 */
@Injectable()
export class BootstrapKey implements OnApplicationBootstrap {
  private readonly logger = new Logger(BootstrapKey.name);

  constructor(
    private readonly config: AppConfig,
    private readonly store: ApiKeyStore,
    private readonly clock: Clock,
    @Inject(ONE_TIME_KEY_SINK) private readonly sink: OneTimeKeySink,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { bootstrapKeyHash, bootstrapPrintKey } = this.config.get('auth');
    if (bootstrapKeyHash !== undefined) {
      const separator = bootstrapKeyHash.indexOf(':');
      const keyId = bootstrapKeyHash.slice(0, separator);
      if (await this.store.insertIfNoKeyEverExisted(this.adminRecord(keyId, bootstrapKeyHash.slice(separator + 1)))) {
        this.logger.log({ keyId }, 'Seeded the bootstrap admin key from AUTH_BOOTSTRAP_KEY_HASH');
      }
      return;
    }
    if (!bootstrapPrintKey) {
      if ((await this.store.list({ includeRevoked: true, limit: 1 })).length === 0) {
        this.logger.warn('No API key exists: create one with `npm run apikey -- create --name … --scopes …`');
      }
      return;
    }
    if ((await this.store.list({ includeRevoked: true, limit: 1 })).length > 0) {
      return;
    }
    const { keyId, key } = generateApiKey();
    if (await this.store.insertIfNoKeyEverExisted(this.adminRecord(keyId, await hashSecret(key)))) {
      this.sink(oneTimeKeyBanner(key, keyId));
      this.logger.warn({ keyId }, 'Created a one-time admin key and printed it on stderr (not in this log)');
    }
  }

  private adminRecord(keyId: string, secretHash: string): ApiKeyRecord {
    return {
      keyId,
      name: 'bootstrap admin',
      secretHash,
      scopes: [...SCOPES],
      accounts: null,
      expiresAt: null,
      createdAt: this.clock.nowDate(),
      createdBy: 'bootstrap',
      revokedAt: null,
      revokedBy: null,
      lastUsedAt: null,
    };
  }
}
