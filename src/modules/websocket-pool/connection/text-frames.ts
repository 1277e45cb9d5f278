import { Logger } from '@nestjs/common';
import type { KiteOrderUpdate } from '../../../common/market-data/index.js';
import type { Clock } from '../../../common/time/index.js';
import type { OrderUpdateBus } from '../../../infra/events/index.js';
import type { LogThrottle } from './log-throttle.js';

export const TEXT_FRAME_TYPES = ['order', 'error', 'message', 'other', 'invalid'] as const;
export type TextFrameType = (typeof TEXT_FRAME_TYPES)[number];

/** Longest part of a Kite error or broker message quoted in a log line. */
const MAX_LOGGED_TEXT = 300;

const isOrderUpdate = (data: unknown): data is KiteOrderUpdate =>
  typeof data === 'object' &&
  data !== null &&
  typeof (data as { order_id?: unknown }).order_id === 'string' &&
  typeof (data as { status?: unknown }).status === 'string';

/**
 * Kite's text frames (`{"type": …, "data": …}`, kite-protocol.md §2.5): order updates go to the order-update
 * bus; `error` and `message` frames, which the official JS client silently drops, are logged with the account
 * and connection (rate-limited) and counted.
 */
export class TextFrameRouter {
  private readonly logger = new Logger('WebSocketPool');
  readonly counts: Record<TextFrameType, number> = { order: 0, error: 0, message: 0, other: 0, invalid: 0 };

  constructor(
    private readonly bus: OrderUpdateBus,
    private readonly clock: Clock,
    private readonly throttle: LogThrottle,
  ) {}

  route(text: string, accountId: string, connectionId: string): TextFrameType {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return this.note('invalid', accountId, connectionId, 'Kite sent a text frame that is not JSON');
    }
    const { type, data } = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as {
      type?: unknown;
      data?: unknown;
    };
    if (type === 'order' && isOrderUpdate(data)) {
      this.counts.order += 1;
      this.bus.publish({
        accountId,
        connectionId,
        source: 'websocket',
        receivedAtMs: this.clock.now(),
        update: data,
      });
      return 'order';
    }
    if (type === 'error') {
      return this.note('error', accountId, connectionId, 'Kite ticker error', data);
    }
    if (type === 'message') {
      return this.note('message', accountId, connectionId, 'Kite ticker message', data);
    }
    return this.note('other', accountId, connectionId, 'Kite sent a text frame of an unknown type', type);
  }

  private note(kind: TextFrameType, accountId: string, connectionId: string, line: string, data?: unknown) {
    this.counts[kind] += 1;
    const suppressed = this.throttle.allow(`${connectionId}:text:${kind}`);
    if (suppressed !== undefined) {
      const text = (typeof data === 'string' ? data : (JSON.stringify(data) ?? '')).slice(0, MAX_LOGGED_TEXT);
      const level = kind === 'message' ? 'log' : 'warn';
      this.logger[level]({ account: accountId, connection: connectionId, text, suppressed }, line);
    }
    return kind;
  }
}
