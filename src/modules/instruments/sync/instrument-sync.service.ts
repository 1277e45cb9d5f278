import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '../../../common/time/index.js';
import { AppConfig } from '../../../config/index.js';
import { SessionOrchestrator } from '../../accounts/index.js';
import { expiryCutAt } from '../contract-expiry.js';
import { InstrumentsMetrics, type SyncOutcome } from '../instruments.metrics.js';
import { InstrumentSyncRepository, SYNC_LOCKED } from '../persistence/instrument-sync.repository.js';
import { parseInstrumentDump } from './instrument-dump.parser.js';

/**
 * A dump with fewer live rows than this fraction of what we hold is refused instead of applied: a
 * truncated download must not retire half the master. Expiry days retire far fewer than half.
 */
const MIN_RETAINED_FRACTION = 0.5;

export interface ExchangeSyncResult {
  exchange: string;
  outcome: SyncOutcome;
  /** Why a sync was skipped: `locked` when another instance was syncing the shared master. */
  reason?: 'locked';
  finishedAt: string;
  rows: number;
  inserted: number;
  updated: number;
  retired: number;
  recycled: number;
  junk: number;
  invalid: number;
  skipped: number;
  expired: number;
  duplicates: number;
  error?: string;
}

export interface SyncOptions {
  /** Apply the dump even when it would retire more than half the live rows. */
  force?: boolean;
}

const NO_ROWS = {
  rows: 0,
  inserted: 0,
  updated: 0,
  retired: 0,
  recycled: 0,
  junk: 0,
  invalid: 0,
  skipped: 0,
  expired: 0,
  duplicates: 0,
};

/**
 * Downloads the configured exchange dumps through the guarded Kite client and stores them. One sync at a
 * time per instance (concurrent callers share it) and across instances (a PostgreSQL advisory lock).
 */
@Injectable()
export class InstrumentSyncService {
  private readonly logger = new Logger(InstrumentSyncService.name);
  private running: Promise<ExchangeSyncResult[]> | undefined;
  /** Last result per configured exchange (bounded by the exchange list). */
  private readonly last = new Map<string, ExchangeSyncResult>();

  constructor(
    private readonly config: AppConfig,
    private readonly orchestrator: SessionOrchestrator,
    private readonly repository: InstrumentSyncRepository,
    private readonly metrics: InstrumentsMetrics,
    private readonly clock: Clock,
  ) {}

  /** Resolves when no sync is running. */
  async idle(): Promise<void> {
    await this.running?.catch(() => undefined);
  }

  lastResults(): ExchangeSyncResult[] {
    return [...this.last.values()];
  }

  /** Concurrent callers share the sync in progress rather than starting another. */
  syncAll(options: SyncOptions = {}): Promise<ExchangeSyncResult[]> {
    this.running ??= this.runLocked(options).finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async runLocked(options: SyncOptions): Promise<ExchangeSyncResult[]> {
    const results = await this.repository.withSyncLock(() => this.runAll(options));
    if (results !== SYNC_LOCKED) {
      return results;
    }
    this.logger.log('Another instance is syncing the instrument master: skipped');
    return this.config.get('instruments').exchanges.map((exchange) =>
      this.record({
        exchange,
        outcome: 'skipped',
        reason: 'locked',
        finishedAt: this.clock.nowDate().toISOString(),
        ...NO_ROWS,
      }),
    );
  }

  private async runAll(options: SyncOptions): Promise<ExchangeSyncResult[]> {
    const results: ExchangeSyncResult[] = [];
    for (const exchange of this.config.get('instruments').exchanges) {
      results.push(await this.syncExchange(exchange, options));
    }
    const now = this.clock.now();
    const retired = await this.repository.retireExpired(expiryCutAt(now), now);
    if (retired > 0) {
      this.logger.log({ retired }, 'Expired contracts retired');
    }
    return results;
  }

  private async syncExchange(exchange: string, options: SyncOptions): Promise<ExchangeSyncResult> {
    const settings = this.config.get('instruments');
    const started = process.hrtime.bigint();
    const base = { exchange, ...NO_ROWS };
    let result: ExchangeSyncResult;
    try {
      const dump = await this.orchestrator.borrow((client) => client.getInstruments(exchange), {
        requireSession: false,
      });
      if (dump.length > settings.maxRowsPerDump) {
        throw new Error(
          `dump has ${dump.length} rows, more than INSTRUMENT_MAX_ROWS_PER_DUMP=${settings.maxRowsPerDump}`,
        );
      }
      const parsed = parseInstrumentDump(dump, {
        segments: new Set(settings.segments),
        expiryCut: expiryCutAt(this.clock.now()),
      });
      const counts = {
        ...base,
        rows: parsed.rows.length,
        junk: parsed.junk,
        invalid: parsed.invalid,
        skipped: parsed.skipped,
        expired: parsed.expired,
        duplicates: parsed.duplicates,
      };
      const live = await this.repository.countLive(exchange);
      if (!options.force && parsed.rows.length < live * MIN_RETAINED_FRACTION) {
        result = {
          ...counts,
          outcome: 'refused',
          finishedAt: this.clock.nowDate().toISOString(),
          error: `dump has ${parsed.rows.length} usable rows against ${live} live: refused (force to apply)`,
        };
      } else {
        const outcome = await this.repository.replaceExchange(
          exchange,
          parsed.rows,
          settings.upsertChunkSize,
          this.clock.now(),
        );
        result = { ...counts, ...outcome, outcome: 'ok', finishedAt: this.clock.nowDate().toISOString() };
      }
    } catch (error) {
      result = {
        ...base,
        outcome: 'failed',
        finishedAt: this.clock.nowDate().toISOString(),
        error: error instanceof Error ? error.message : String(error),
      };
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    return this.record(result, seconds);
  }

  private record(result: ExchangeSyncResult, seconds?: number): ExchangeSyncResult {
    const { exchange, outcome } = result;
    this.metrics.recordSync(exchange, outcome, seconds);
    const { exchange: _e, outcome: _o, reason: _why, finishedAt: _f, error: _err, rows: _r, ...rowCounts } = result;
    this.metrics.recordRows(exchange, rowCounts);
    this.last.set(exchange, result);
    const log = outcome === 'ok' || outcome === 'skipped' ? 'log' : 'warn';
    this.logger[log]({ ...result, seconds }, `Instrument sync for ${exchange}: ${outcome}`);
    return result;
  }
}
