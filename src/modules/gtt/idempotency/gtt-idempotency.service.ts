import { Injectable } from '@nestjs/common';
import { Clock } from '../../../common/time/index.js';
import { AppConfig } from '../../../config/index.js';
import { KiteDataError, KiteGeneralError, KiteNetworkError } from '../../accounts/index.js';
import {
  GttOutcomePendingError,
  GttOutcomeUnknownError,
  IdempotencyKeyReusedError,
  IdempotencyRequestInProgressError,
} from '../gtt.errors.js';
import { GttMetrics } from '../gtt.metrics.js';
import { GttIdempotencyRepository, type IdempotencyRecord } from '../persistence/gtt-idempotency.repository.js';

export interface IdempotentRequest {
  credentialId: string;
  key: string;
  requestHash: string;
  accountId: string;
}

export interface IdempotentResult {
  triggerId: number;
  /** True when this answer repeats an earlier one (stored or reconciled) instead of creating a GTT. */
  replayed: boolean;
}

export interface IdempotentPlacement {
  /** Places the GTT (validation included); answers the trigger id. */
  place(): Promise<number>;
  /** Looks for a GTT this request created at or after `since` (Kite's list), for attempts left unanswered. */
  find(since: Date): Promise<number | undefined>;
}

/**
 * Kite may have applied a request it never answered (timeouts, dropped connections, a 2xx we could not
 * read). Such attempts stay "unknown" and are reconciled against Kite's GTT list; anything Kite answered
 * with a refusal, or that never left, frees the key.
 */
const outcomeUnknown = (error: unknown): boolean =>
  error instanceof KiteNetworkError || error instanceof KiteGeneralError || error instanceof KiteDataError;

/**
 * `Idempotency-Key` for GTT placement, per credential, in PostgreSQL: the same key with the same body
 * answers the same trigger id (stored, or found again after an unanswered attempt); with another body, 422.
 */
@Injectable()
export class GttIdempotencyService {
  private readonly retentionMs: number;
  private readonly settleMs: number;

  constructor(
    private readonly records: GttIdempotencyRepository,
    private readonly clock: Clock,
    private readonly metrics: GttMetrics,
    config: AppConfig,
  ) {
    const gtt = config.get('gtt');
    this.retentionMs = gtt.idempotencyRetentionMs;
    this.settleMs = gtt.idempotencySettleMs;
  }

  async run(request: IdempotentRequest, placement: IdempotentPlacement): Promise<IdempotentResult> {
    const existing = await this.records.find(request.credentialId, request.key, this.clock.nowDate());
    if (existing) {
      return this.resume(request, existing, placement);
    }
    const now = this.clock.nowDate();
    const claimed = await this.records.claim({
      ...request,
      now,
      expiresAt: new Date(now.getTime() + this.retentionMs),
    });
    if (!claimed) {
      // Another request with this key got there first: answer as if it had come before us.
      const winner = await this.records.find(request.credentialId, request.key, this.clock.nowDate());
      if (!winner) {
        throw new IdempotencyRequestInProgressError(request.key, this.settleMs);
      }
      return this.resume(request, winner, placement);
    }
    return this.attempt(request, placement);
  }

  private async resume(
    request: IdempotentRequest,
    record: IdempotencyRecord,
    placement: IdempotentPlacement,
  ): Promise<IdempotentResult> {
    if (record.requestHash !== request.requestHash) {
      this.metrics.outcome('reused');
      throw new IdempotencyKeyReusedError(request.key);
    }
    if (record.state === 'completed') {
      this.metrics.outcome('replayed');
      return { triggerId: record.triggerId!, replayed: true };
    }
    const age = this.clock.now() - record.attemptStartedAt.getTime();
    if (record.state === 'in_progress' && age < this.settleMs) {
      this.metrics.outcome('in_progress');
      throw new IdempotencyRequestInProgressError(request.key, this.settleMs - age);
    }
    // Unknown outcome (or an attempt whose process died): Kite's own list decides.
    const found = await placement.find(record.attemptStartedAt);
    if (found !== undefined) {
      await this.records.complete(request.credentialId, request.key, found);
      this.metrics.outcome('reconciled');
      return { triggerId: found, replayed: true };
    }
    if (age < this.settleMs) {
      this.metrics.outcome('pending');
      throw new GttOutcomePendingError(request.key, this.settleMs - age);
    }
    if (
      !(await this.records.reclaim(request.credentialId, request.key, record.attemptStartedAt, this.clock.nowDate()))
    ) {
      this.metrics.outcome('in_progress');
      throw new IdempotencyRequestInProgressError(request.key, this.settleMs);
    }
    return this.attempt(request, placement);
  }

  private async attempt(request: IdempotentRequest, placement: IdempotentPlacement): Promise<IdempotentResult> {
    let triggerId: number;
    try {
      triggerId = await placement.place();
    } catch (error) {
      if (outcomeUnknown(error)) {
        await this.records.markUnknown(request.credentialId, request.key);
        this.metrics.outcome('unknown');
        throw new GttOutcomeUnknownError(request.key, error);
      }
      await this.records.release(request.credentialId, request.key);
      this.metrics.outcome('released');
      throw error;
    }
    await this.records.complete(request.credentialId, request.key, triggerId);
    this.metrics.outcome('created');
    return { triggerId, replayed: false };
  }
}
