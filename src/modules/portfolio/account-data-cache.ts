import { Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { AppConfig } from '../../config/index.js';
import { PortfolioMetrics } from './portfolio.metrics.js';

export const CACHE_KINDS = ['profile', 'margins', 'holdings', 'positions'] as const;
export type CacheKind = (typeof CACHE_KINDS)[number];
/** What an order (placement, fill, cancellation) can change. */
export const ORDER_SENSITIVE_KINDS: readonly CacheKind[] = ['margins', 'holdings', 'positions'];

interface Entry {
  kind: CacheKind;
  value: unknown;
}

interface InFlight {
  generation: number;
  promise: Promise<unknown>;
}

const SEPARATOR = '|';

/**
 * Short-lived, bounded memory of per-account Kite reads, with per-kind TTLs (0 = never cached) and
 * concurrent misses sharing one Kite call. An invalidation bumps the account's generation: a call that
 * started before it may still answer its own caller, but is never stored, and later callers never join
 * it, so nothing read before an order event is served after it.
 */
@Injectable()
export class AccountDataCache {
  private readonly ttlMs: Record<CacheKind, number>;
  private readonly maxEntries: number;
  private readonly entries: LRUCache<string, Entry>;
  private readonly inFlight = new Map<string, InFlight>();
  private readonly generations = new Map<string, number>();

  constructor(
    config: AppConfig,
    private readonly metrics: PortfolioMetrics,
  ) {
    const { ttlMs, maxEntries } = config.get('portfolio');
    this.ttlMs = ttlMs;
    this.maxEntries = maxEntries;
    this.entries = new LRUCache<string, Entry>({
      max: maxEntries,
      // TTLs are durations: lru-cache measures them on the monotonic clock.
      ttlAutopurge: false,
      dispose: (entry, _key, reason) => {
        if (reason === 'evict') {
          this.metrics.evicted(entry.kind);
        }
      },
    });
  }

  /** `variant` separates entries of one kind (margins per segment). */
  async get<T>(accountId: string, kind: CacheKind, variant: string, load: () => Promise<T>): Promise<T> {
    const ttl = this.ttlMs[kind];
    if (ttl === 0) {
      this.metrics.lookup(kind, 'bypass');
      return load();
    }
    const key = [accountId, kind, variant].join(SEPARATOR);
    const cached = this.entries.get(key);
    if (cached) {
      this.metrics.lookup(kind, 'hit');
      return cached.value as T;
    }
    const generation = this.generationOf(accountId);
    const pending = this.inFlight.get(key);
    if (pending?.generation === generation) {
      this.metrics.lookup(kind, 'shared');
      return pending.promise as Promise<T>;
    }
    this.metrics.lookup(kind, 'miss');
    const promise = load().then((value) => {
      if (this.generationOf(accountId) === generation) {
        this.entries.set(key, { kind, value }, { ttl });
        this.metrics.size(this.entries.size);
      }
      return value;
    });
    this.inFlight.set(key, { generation, promise });
    const forget = () => {
      if (this.inFlight.get(key)?.promise === promise) {
        this.inFlight.delete(key);
      }
    };
    promise.then(forget, forget);
    return promise;
  }

  /** Drops the account's entries of these kinds and anything still being fetched for them. */
  invalidate(accountId: string, kinds: readonly CacheKind[], reason: string): void {
    this.bumpGeneration(accountId);
    const prefixes = kinds.map((kind) => `${accountId}${SEPARATOR}${kind}${SEPARATOR}`);
    for (const key of [...this.entries.keys()]) {
      if (prefixes.some((prefix) => key.startsWith(prefix))) {
        this.entries.delete(key);
      }
    }
    for (const key of [...this.inFlight.keys()]) {
      if (prefixes.some((prefix) => key.startsWith(prefix))) {
        this.inFlight.delete(key);
      }
    }
    this.metrics.invalidated(reason);
    this.metrics.size(this.entries.size);
  }

  get size(): number {
    return this.entries.size;
  }

  private generationOf(accountId: string): number {
    return this.generations.get(accountId) ?? 0;
  }

  private bumpGeneration(accountId: string): void {
    const next = this.generationOf(accountId) + 1;
    this.generations.delete(accountId);
    // Bounded like the entries: the oldest account's counter goes first (it then restarts from 0,
    // which only matters for a call in flight across that many other accounts' invalidations).
    if (this.generations.size >= this.maxEntries) {
      const oldest = this.generations.keys().next().value;
      if (oldest !== undefined) {
        this.generations.delete(oldest);
      }
    }
    this.generations.set(accountId, next);
  }
}
