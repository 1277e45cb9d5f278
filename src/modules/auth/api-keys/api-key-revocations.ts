import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { BatchPublisher } from '../../../infra/redis/index.js';
import { TaskSupervisor } from '../../../infra/supervisor/index.js';
import { ApiKeyAuthenticator } from './api-key-authenticator.js';
import { KEY_ID_PATTERN } from './api-key-format.js';

const REVOKED_CHANNEL = 'auth:api-key-revoked';

/**
 * A revocation evicts the key from this instance's cache at once and is announced on the bus so the other
 * replicas evict it too. If the announcement is lost (Redis down), they refuse the key when their cached
 * entry expires (AUTH_KEY_CACHE_TTL_MS). Keys revoked through the CLI are picked up the same way.
 */
@Injectable()
export class ApiKeyRevocations implements OnModuleInit {
  private readonly logger = new Logger(ApiKeyRevocations.name);

  constructor(
    private readonly bus: BatchPublisher,
    private readonly authenticator: ApiKeyAuthenticator,
    private readonly supervisor: TaskSupervisor,
  ) {}

  /**
   * A supervised loop: if the subscription cannot be made (Redis down at boot), it is retried with backoff
   * until it succeeds; once made, the Redis client re-subscribes by itself after reconnections.
   */
  onModuleInit(): void {
    this.supervisor.loop(
      'api-key-revocations',
      'Follows API key revocations announced by other instances',
      async (context) => {
        const unsubscribe = await this.bus.subscribe(REVOKED_CHANNEL, (_channel, keyId) => {
          if (KEY_ID_PATTERN.test(keyId)) {
            this.authenticator.invalidate(keyId);
          }
        });
        context.healthy();
        try {
          await new Promise<void>((resolve) =>
            context.signal.addEventListener('abort', () => resolve(), { once: true }),
          );
        } finally {
          await unsubscribe().catch(() => undefined);
        }
      },
    );
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
