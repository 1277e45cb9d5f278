import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Principal } from '../../../common/auth/index.js';
import { ServiceUnavailableError } from '../../../common/errors/index.js';
import { Clock } from '../../../common/time/index.js';
import { AppConfig } from '../../../config/index.js';
import { authUnavailable, expiredCredentials, invalidCredentials, revokedApiKey } from '../auth.errors.js';
import { AuthMetrics } from '../auth.metrics.js';
import { parseApiKey } from './api-key-format.js';
import { type ApiKeyRecord, ApiKeyStore } from './api-key.store.js';
import { BoundedRunner, QueueFullError } from './bounded-queue.js';
import { LastUsedTracker } from './last-used-tracker.js';
import { hashSecret, verifySecret } from './secret-hash.js';

const BUSY_RETRY_AFTER_MS = 1_000;

interface CacheEntry {
  /** Undefined: no such key (negative entries stop random ids from reaching the database each time). */
  record: ApiKeyRecord | undefined;
  /** HMAC (per-process random key) of the full key once scrypt accepted it: later requests skip scrypt. */
  verifiedMac?: Buffer;
  loadedAtMs: number;
}

/**
 * Checks API keys. Each lookup goes through a bounded LRU cache with a short TTL (revocations made on this
 * instance, or announced on the bus, evict at once; anything else is seen within the TTL). An unknown id
 * costs the same scrypt as a wrong secret, and both get the same answer. While the database is down, an
 * expired cache entry is used rather than failing (stale if error); a key never seen gets 503.
 */
@Injectable()
export class ApiKeyAuthenticator {
  private readonly cache = new Map<string, CacheEntry>();
  private readonly macKey = randomBytes(32);
  private readonly hashing: BoundedRunner;
  private dummyHash: Promise<string> | undefined;
  private readonly cacheMax: number;
  private readonly cacheTtlMs: number;

  constructor(
    config: AppConfig,
    private readonly store: ApiKeyStore,
    private readonly clock: Clock,
    private readonly metrics: AuthMetrics,
    private readonly lastUsed: LastUsedTracker,
  ) {
    const auth = config.get('auth');
    this.cacheMax = auth.keyCache.max;
    this.cacheTtlMs = auth.keyCache.ttlMs;
    this.hashing = new BoundedRunner(auth.hashing.maxConcurrent, auth.hashing.maxQueued, (depth) =>
      metrics.hashQueueDepth.set(depth),
    );
  }

  async authenticate(key: string): Promise<Principal> {
    const parsed = parseApiKey(key);
    if (parsed === undefined) {
      this.metrics.attempt('api_key', 'invalid');
      throw invalidCredentials();
    }
    const entry = await this.lookup(parsed.keyId);
    const mac = createHmac('sha256', this.macKey).update(key).digest();
    const known = entry.verifiedMac !== undefined && timingSafeEqual(entry.verifiedMac, mac);
    const verified = known || (await this.verifyWithScrypt(key, entry));
    const record = entry.record;
    if (!verified || record === undefined) {
      this.metrics.attempt('api_key', 'invalid');
      throw invalidCredentials();
    }
    entry.verifiedMac = mac;
    const now = this.clock.now();
    if (record.revokedAt !== null) {
      this.metrics.attempt('api_key', 'revoked');
      throw revokedApiKey();
    }
    if (record.expiresAt !== null && record.expiresAt.getTime() <= now) {
      this.metrics.attempt('api_key', 'expired');
      throw expiredCredentials('API key');
    }
    this.metrics.attempt('api_key', 'ok');
    this.lastUsed.touch(record.keyId, now);
    return {
      kind: 'api_key',
      id: record.keyId,
      name: record.name,
      scopes: new Set(record.scopes),
      ...(record.accounts === null ? {} : { accounts: new Set(record.accounts) }),
    };
  }

  /** Drops a key from the cache (after a revoke here or on another instance). */
  invalidate(keyId: string): void {
    this.cache.delete(keyId);
    this.metrics.cacheEntries.set(this.cache.size);
  }

  private async verifyWithScrypt(key: string, entry: CacheEntry): Promise<boolean> {
    this.dummyHash ??= hashSecret(randomBytes(32).toString('base64url'));
    const stored = entry.record?.secretHash ?? (await this.dummyHash);
    try {
      return await this.hashing.run(() => verifySecret(key, stored));
    } catch (error) {
      if (error instanceof QueueFullError) {
        this.metrics.hashRejected.inc();
        this.metrics.attempt('api_key', 'throttled');
        throw new ServiceUnavailableError(
          'AUTH_BUSY',
          'Too many credential checks in progress; retry shortly',
          undefined,
          {
            retryAfterMs: BUSY_RETRY_AFTER_MS,
          },
        );
      }
      throw error;
    }
  }

  private async lookup(keyId: string): Promise<CacheEntry> {
    const cached = this.cache.get(keyId);
    if (cached !== undefined && performance.now() - cached.loadedAtMs < this.cacheTtlMs) {
      // Re-insert: Map order is the LRU order.
      this.cache.delete(keyId);
      this.cache.set(keyId, cached);
      this.metrics.cacheLookup(true);
      return cached;
    }
    this.metrics.cacheLookup(false);
    let record: ApiKeyRecord | undefined;
    try {
      record = await this.store.findById(keyId);
    } catch (error) {
      // Stale if error: while the database is unreachable (when no revocation can be written either), a
      // key seen before keeps its last known state, rather than the whole API going down with the database.
      if (cached !== undefined) {
        return cached;
      }
      this.metrics.attempt('api_key', 'unavailable');
      throw authUnavailable('the key store is unreachable', error);
    }
    const entry: CacheEntry = { record, loadedAtMs: performance.now() };
    this.cache.delete(keyId);
    this.cache.set(keyId, entry);
    if (this.cache.size > this.cacheMax) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) {
        this.cache.delete(oldest);
      }
    }
    this.metrics.cacheEntries.set(this.cache.size);
    return entry;
  }
}
