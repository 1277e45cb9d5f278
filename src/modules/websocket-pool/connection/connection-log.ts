import { Logger } from '@nestjs/common';
import type { TickDecoder } from '../decoder/tick-decoder.js';
import type { WebSocketPoolMetrics } from '../websocket-pool.metrics.js';
import type { LogThrottle } from './log-throttle.js';
import type { PoolConnection, ReconnectReason } from './pool-connection.js';

const MS_PER_SECOND = 1000;

/** Log lines and metrics for connection events, rate-limited per connection (metrics count every one). */
export class ConnectionLog {
  private readonly logger = new Logger('WebSocketPool');

  constructor(
    private readonly metrics: WebSocketPoolMetrics,
    private readonly throttle: LogThrottle,
    private readonly decoder: TickDecoder,
  ) {}

  malformedFrame(connection: PoolConnection): void {
    const suppressed = this.throttle.allow(`${connection.id}:malformed`);
    if (suppressed !== undefined) {
      this.logger.warn(
        { account: connection.accountId, connection: connection.id, kind: this.decoder.lastError, suppressed },
        'Skipped a malformed binary frame from Kite (the connection stays up)',
      );
    }
  }

  recovered(connection: PoolConnection, recoveredAfterMs: number): void {
    this.metrics.recoverySeconds.observe(recoveredAfterMs / MS_PER_SECOND);
    this.logger.log(
      {
        account: connection.accountId,
        connection: connection.id,
        recoveredAfterMs: Math.round(recoveredAfterMs),
        tokens: connection.desired.size,
      },
      'Ticker connection back: assignment replayed',
    );
  }

  lost(connection: PoolConnection, reason: ReconnectReason): void {
    this.metrics.reconnects.inc({ account: connection.accountId, reason });
    const suppressed = this.throttle.allow(`${connection.id}:lost`);
    if (suppressed !== undefined) {
      this.logger.warn(
        { account: connection.accountId, connection: connection.id, reason, error: connection.lastError, suppressed },
        'Ticker connection lost: reconnecting with backoff',
      );
    }
  }
}
