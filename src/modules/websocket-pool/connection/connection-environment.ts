import type { Clock } from '../../../common/time/index.js';
import type { WebSocketPoolConfig } from '../../../config/sections/websocket-pool.config.js';
import type { TaskReporter } from '../../../infra/supervisor/index.js';
import type { TickerSession } from '../../accounts/index.js';
import type { TickDecoder } from '../decoder/tick-decoder.js';
import type { HandOff } from './frame-receiver.js';
import type { PoolConnection, ReconnectReason } from './pool-connection.js';

/** What every connection shares with the pool: settings, the decoder and hand-off, and the pool's callbacks. */
export interface ConnectionEnvironment {
  config: WebSocketPoolConfig;
  clock: Clock;
  decoder: TickDecoder;
  handOff: HandOff;
  sessions: { tickerSession(accountId: string): TickerSession | undefined };
  reporterFor(connection: PoolConnection): TaskReporter;
  /** A binary frame was skipped as malformed (already counted by the decoder). */
  malformedFrame(connection: PoolConnection): void;
  textFrame(connection: PoolConnection, text: string): void;
  /** Opened, replayed and heard from (first frame); `recoveredAfterMs` is how long it had been failing, if it was. */
  connectionUp(connection: PoolConnection, recoveredAfterMs: number | undefined, wasDown: boolean): void;
  connectionLost(connection: PoolConnection, reason: ReconnectReason): void;
}
