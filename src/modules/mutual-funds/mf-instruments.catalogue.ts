import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '../../common/time/index.js';
import { AppConfig } from '../../config/index.js';
import { nextIstTime } from '../../common/time/ist.js';
import { KiteDataError, KiteRecord, SessionOrchestrator } from '../accounts/index.js';
import type { MfInstrumentResponse } from './api/dto/mf-responses.dto.js';
import { toMfInstrument } from './mapping/mf.mapper.js';
import { MutualFundsMetrics } from './mutual-funds.metrics.js';

const DAY_MS = 86_400_000;

interface Snapshot {
  rows: MfInstrumentResponse[];
  fetchedAtMs: number;
}

export interface MfInstrumentFilter {
  tradingsymbol?: string;
  amc?: string;
  scheme_type?: string;
  plan?: string;
  dividend_type?: string;
  purchase_allowed?: boolean;
}

/**
 * Kite's mutual fund list (a CSV regenerated daily), held in memory and downloaded again on the first
 * request after MF_INSTRUMENTS_REFRESH_TIME_IST each day. Concurrent requests share one download; when
 * a download fails, the previous day's list is served (and counted) rather than nothing.
 */
@Injectable()
export class MfInstrumentsCatalogue {
  private readonly logger = new Logger(MfInstrumentsCatalogue.name);
  private snapshot: Snapshot | undefined;
  private refreshing: Promise<Snapshot> | undefined;

  constructor(
    private readonly kite: SessionOrchestrator,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly metrics: MutualFundsMetrics,
  ) {}

  async list(accountId: string, filter: MfInstrumentFilter): Promise<{ rows: MfInstrumentResponse[]; total: number }> {
    const { rows } = await this.current(accountId);
    const matching = rows.filter(
      (r) =>
        (filter.tradingsymbol === undefined || r.tradingsymbol === filter.tradingsymbol) &&
        (filter.amc === undefined || r.amc === filter.amc) &&
        (filter.scheme_type === undefined || r.scheme_type === filter.scheme_type) &&
        (filter.plan === undefined || r.plan === filter.plan) &&
        (filter.dividend_type === undefined || r.dividend_type === filter.dividend_type) &&
        (filter.purchase_allowed === undefined || r.purchase_allowed === filter.purchase_allowed),
    );
    return { rows: matching, total: matching.length };
  }

  private async current(accountId: string): Promise<Snapshot> {
    const now = this.clock.now();
    const { instrumentsRefreshIst } = this.config.get('mutualFunds');
    // The latest refresh time at or before now: a list downloaded before it is yesterday's.
    const boundary = nextIstTime(now, instrumentsRefreshIst) - DAY_MS;
    if (this.snapshot && this.snapshot.fetchedAtMs >= boundary) {
      return this.snapshot;
    }
    this.refreshing ??= this.download(accountId).finally(() => {
      this.refreshing = undefined;
    });
    try {
      this.snapshot = await this.refreshing;
    } catch (error) {
      if (!this.snapshot) {
        throw error;
      }
      this.metrics.refreshed('served_stale');
      this.logger.warn({ err: error }, 'MF instrument list download failed; serving the previous list');
    }
    return this.snapshot;
  }

  private async download(accountId: string): Promise<Snapshot> {
    const { instrumentsMaxRows } = this.config.get('mutualFunds');
    let raw: unknown[];
    try {
      raw = await this.kite.forAccount(accountId, (client) => client.getMfInstruments());
    } catch (error) {
      this.metrics.refreshed('failed');
      throw error;
    }
    // One more than the cap: the empty row the trailing newline produces.
    if (raw.length > instrumentsMaxRows + 1) {
      this.metrics.refreshed('refused');
      throw new KiteDataError(
        `The MF instrument list has ${raw.length} rows, more than MF_INSTRUMENTS_MAX_ROWS (${instrumentsMaxRows})`,
        { errorType: 'DataException' },
      );
    }
    const rows: MfInstrumentResponse[] = [];
    let skipped = 0;
    raw.forEach((item, index) => {
      const record = KiteRecord.of(item, `mf_instruments[${index}]`);
      // The dump ends with a newline: the client's CSV parser turns it into an empty row.
      if (!record.has('tradingsymbol') || record.str('tradingsymbol') === '') {
        return;
      }
      try {
        rows.push(toMfInstrument(record));
      } catch (error) {
        skipped += 1;
        this.logger.warn({ err: error, row: index }, 'Skipping an MF instrument row Kite sent malformed');
      }
    });
    const fetchedAtMs = this.clock.now();
    this.metrics.refreshed('ok');
    this.metrics.held(rows.length, skipped, fetchedAtMs);
    return { rows, fetchedAtMs };
  }
}
