import { Injectable, Logger } from '@nestjs/common';
import type { OrderUpdateEnvelope } from '../../common/market-data/index.js';

export type OrderUpdateListener = (envelope: OrderUpdateEnvelope) => void;

/**
 * In-process fan-out of Kite order updates: the WebSocketPool (text frames), the postback endpoint and
 * reconciliation publish; Orders (task state) and the fan-out (WebSocket clients, webhooks, Redis)
 * subscribe. Synchronous and unbuffered: listeners must be quick and queue their own slow work.
 */
@Injectable()
export class OrderUpdateBus {
  private readonly logger = new Logger(OrderUpdateBus.name);
  private readonly listeners = new Set<OrderUpdateListener>();

  subscribe(listener: OrderUpdateListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  publish(envelope: OrderUpdateEnvelope): void {
    for (const listener of this.listeners) {
      try {
        listener(envelope);
      } catch (error) {
        // One failing consumer must not starve the others of the update.
        this.logger.error(
          { err: error, account: envelope.accountId, orderId: envelope.update.order_id, source: envelope.source },
          'Order update listener failed',
        );
      }
    }
  }

  get listenerCount(): number {
    return this.listeners.size;
  }
}
