import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { BatchPublisher } from '../../../infra/redis/index.js';
import { ApiKeyAuthenticator } from './api-key-authenticator.js';
import { KEY_ID_PATTERN } from './api-key-format.js';

const REVOKED_CHANNEL = 'auth:api-key-revoked';

/**
 * A revocation evicts the key from this instance's cache at once and is announced on the bus so the other
 * replicas evict it too. If the announcement is lost (Redis down), they refuse the key when their cached
 * entry expires (AUTH_KEY_CACHE_TTL_MS). Keys revoked through the CLI are picked up the same way.
 */
@Injectable()
export class ApiKeyRevocations implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(ApiKeyRevocations.name);
  private subscription: Promise<(() => Promise<void>) | undefined> = Promise.resolve(undefined);

  constructor(
    private readonly bus: BatchPublisher,
    private readonly authenticator: ApiKeyAuthenticator,
  ) {}

  // Not awaited: with Redis down at boot the subscription completes when it comes back.
  onModuleInit(): void {
    this.subscription = this.bus
      .subscribe(REVOKED_CHANNEL, (_channel, keyId) => {
        if (KEY_ID_PATTERN.test(keyId)) {
          this.authenticator.invalidate(keyId);
        }
      })
      .catch((error: unknown) => {
        this.logger.warn(
          { err: error },
          'Cannot follow revocations on the bus; other instances are seen within the cache TTL',
        );
        return undefined;
      });
  }

  async onModuleDestroy(): Promise<void> {
    const unsubscribe = await Promise.race([this.subscription, Promise.resolve(undefined)]);
    await unsubscribe?.();
  }

  async announce(keyId: string): Promise<void> {
    this.authenticator.invalidate(keyId);
    try {
      await this.bus.publishBatch(REVOKED_CHANNEL, [keyId]);
    } catch (error) {
      this.logger.warn(
        { err: error, keyId },
        'Revocation not announced on the bus; other instances follow within the cache TTL',
      );
    }
  }
}
