import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../../../config/index.js';
import { istDate, SessionOrchestrator } from '../../accounts/index.js';
import { InstrumentsMetrics } from '../instruments.metrics.js';
import { InstrumentSyncRepository } from '../persistence/instrument-sync.repository.js';
import { parseInstrumentDump } from './instrument-dump.parser.js';

/**
 * A dump with fewer live rows than this fraction of what we hold is refused instead of applied: a
 * truncated download must not retire half the master. Expiry days retire far fewer than half.
 */
const MIN_RETAINED_FRACTION = 0.5;

export interface ExchangeSyncResult {
  exchange: string;
  outcome: 'ok' | 'failed' | 'refused';
  finishedAt: string;
  rows: number;
  inserted: number;
  updated: number;
  retired: number;
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

/** Downloads the configured exchange dumps through the guarded Kite client and stores them. */
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
    this.running ??= this.runAll(options).finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async runAll(options: SyncOptions): Promise<ExchangeSyncResult[]> {
    const results: ExchangeSyncResult[] = [];
    for (const exchange of this.config.get('instruments').exchanges) {
      results.push(await this.syncExchange(exchange, options));
    }
    const retired = await this.repository.retireExpired(istDate(Date.now()));
    if (retired > 0) {
      this.logger.log({ retired }, 'Expired contracts retired');
    }
    return results;
  }

  private async syncExchange(exchange: string, options: SyncOptions): Promise<ExchangeSyncResult> {
    const settings = this.config.get('instruments');
    const started = process.hrtime.bigint();
    const base = {
      exchange,
      rows: 0,
      inserted: 0,
      updated: 0,
      retired: 0,
      junk: 0,
      invalid: 0,
      skipped: 0,
      expired: 0,
      duplicates: 0,
    };
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
        tradingDay: istDate(Date.now()),
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
          finishedAt: new Date().toISOString(),
          error: `dump has ${parsed.rows.length} usable rows against ${live} live: refused (force to apply)`,
        };
      } else {
        const outcome = await this.repository.replaceExchange(exchange, parsed.rows, settings.upsertChunkSize);
        result = { ...counts, ...outcome, outcome: 'ok', finishedAt: new Date().toISOString() };
      }
    } catch (error) {
      result = {
        ...base,
        outcome: 'failed',
        finishedAt: new Date().toISOString(),
        error: error instanceof Error ? error.message : String(error),
      };
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    this.metrics.recordSync(exchange, result.outcome, seconds);
    const { exchange: _e, outcome: _o, finishedAt: _f, error: _err, rows: _r, ...rowCounts } = result;
    this.metrics.recordRows(exchange, rowCounts);
    this.last.set(exchange, result);
    const log = result.outcome === 'ok' ? 'log' : 'warn';
    this.logger[log]({ ...result, seconds }, `Instrument sync for ${exchange}: ${result.outcome}`);
    return result;
  }
}
