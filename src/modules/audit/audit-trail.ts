import { type BeforeApplicationShutdown, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AuthenticatedRequestState } from '../../common/auth/index.js';
import { Clock } from '../../common/time/index.js';
import { AppConfig } from '../../config/index.js';
import { TaskSupervisor } from '../../infra/supervisor/index.js';
import type { AuditConfig } from '../../config/sections/audit.config.js';
import type { AuditEntry } from './audit-entry.js';
import { AuditMetrics } from './audit.metrics.js';
import { AuditStore } from './audit.store.js';

const MUTATING_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const MAX_TARGET_VALUE_LENGTH = 200;
const MAX_TARGET_KEYS = 10;

/**
 * Appends every mutating request to audit_log, off the request path: entries go into a bounded queue and
 * are written in batches. While the database is away, batches are retried and the queue fills; once it is
 * full, new entries are dropped from the table but written to the error log in full (the log is the
 * fallback trail), and counted. Requests are never failed or delayed for the audit.
 */
@Injectable()
export class AuditTrail implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger(AuditTrail.name);
  private readonly config: AuditConfig;
  private queue: AuditEntry[] = [];
  private flushing: Promise<void> | undefined;

  constructor(
    appConfig: AppConfig,
    private readonly store: AuditStore,
    private readonly clock: Clock,
    private readonly metrics: AuditMetrics,
    private readonly supervisor: TaskSupervisor,
  ) {
    this.config = appConfig.get('audit');
  }

  onModuleInit(): void {
    this.supervisor.every('audit-writer', 'Writes queued audit entries to audit_log', this.config.flushIntervalMs, () =>
      this.flush(),
    );
  }

  // The listener has closed by now (graceful shutdown), so this catches every request's entry.
  async beforeApplicationShutdown(): Promise<void> {
    await this.flush().catch((error: unknown) => {
      this.logger.error(
        { err: error, pending: this.queue.length, audit: this.queue },
        'Audit entries not written at shutdown',
      );
    });
  }

  /** Installs the onResponse hook that records mutating requests (and GETs marked @Audited). */
  attach(fastify: FastifyInstance): void {
    fastify.addHook('onResponse', (request, reply, done) => {
      const route = request.routeOptions.url;
      const state = request as AuthenticatedRequestState;
      if (route !== undefined && (MUTATING_METHODS.has(request.method) || state.auditMutating)) {
        this.record(this.entryFor(request, reply, route, state));
      }
      done();
    });
  }

  record(entry: AuditEntry): void {
    if (this.queue.length >= this.config.queueMax) {
      this.metrics.dropped.inc();
      this.logger.error({ audit: entry }, 'Audit queue full: entry kept in this log only');
      return;
    }
    this.queue.push(entry);
    this.metrics.queueDepth.set(this.queue.length);
    if (this.queue.length >= this.config.batchSize) {
      // A failure is counted and left to the supervised writer, which retries with backoff.
      this.flush().catch(() => undefined);
    }
  }

  /** Writes everything queued, one batch at a time; one flush runs at a time. Rejects (entries kept) on failure. */
  flush(): Promise<void> {
    this.flushing ??= this.drain().finally(() => {
      this.flushing = undefined;
    });
    return this.flushing;
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.slice(0, this.config.batchSize);
      try {
        await this.store.insertBatch(batch);
      } catch (error) {
        this.metrics.writeFailures.inc();
        throw error;
      }
      this.queue = this.queue.slice(batch.length);
      this.metrics.written.inc(batch.length);
      this.metrics.queueDepth.set(this.queue.length);
    }
  }

  private entryFor(
    request: FastifyRequest,
    reply: FastifyReply,
    route: string,
    state: AuthenticatedRequestState,
  ): AuditEntry {
    const principal = state.principal;
    return {
      occurredAt: this.clock.nowDate(),
      requestId: String(request.id),
      actorKind: principal?.kind ?? (state.scrapeTokenValid ? 'scrape_token' : 'anonymous'),
      actorId: principal?.id ?? null,
      actorName: principal?.name ?? null,
      method: request.method,
      route,
      target: targetOf(request.params),
      statusCode: reply.statusCode,
      clientIp: request.ip,
    };
  }
}

/** Path parameters only, bounded: they name what was acted on (account id, key id), never a secret. */
const targetOf = (params: unknown): Record<string, string> =>
  Object.fromEntries(
    Object.entries(typeof params === 'object' && params !== null ? params : {})
      .slice(0, MAX_TARGET_KEYS)
      .map(([key, value]) => [key, String(value).slice(0, MAX_TARGET_VALUE_LENGTH)]),
  );
