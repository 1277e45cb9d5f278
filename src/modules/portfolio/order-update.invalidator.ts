import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { OrderUpdateBus } from '../../infra/events/index.js';
import { AccountDataCache, ORDER_SENSITIVE_KINDS } from './account-data-cache.js';

/** Any order update for an account (a fill, a cancellation, a GTT firing) drops its positions, holdings and margins. */
@Injectable()
export class OrderUpdateInvalidator implements OnModuleInit, OnModuleDestroy {
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly bus: OrderUpdateBus,
    private readonly cache: AccountDataCache,
  ) {}

  onModuleInit(): void {
    // Synchronous and cheap, as the bus requires: a few map deletions.
    this.unsubscribe = this.bus.subscribe((envelope) =>
      this.cache.invalidate(envelope.accountId, ORDER_SENSITIVE_KINDS, 'order_update'),
    );
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
  }
}
