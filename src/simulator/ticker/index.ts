/**
 * The simulator's Kite WebSocket ticker (kite-protocol.md §2, §6.7).
 *
 * - Handshake on the simulator's HTTP server (`upgrade` event), any path, `?api_key=&access_token=[&uid=]`.
 *   Rejected before the upgrade with a JSON body: 403 bad/missing/invalidated credentials; 503 while
 *   `refuseConnections` is active for the key (or the server-wide bound is reached); 429 beyond the
 *   per-api-key connection cap.
 * - Client messages subscribe / unsubscribe / mode; unknown tokens are ignored; the excess over the
 *   per-connection cap and malformed messages are answered with `{"type":"error","data":"..."}`.
 * - One shared scheduler timer batches every due instrument of a connection into one binary frame; a second
 *   timer sends the 1-byte heartbeat. A snapshot packet answers each subscribe / mode change.
 * - Backpressure: above `maxBufferedBytes` queued on a socket, `drop-ticks` (default) skips and counts that
 *   connection's due ticks until it drains; `disconnect` drops the TCP connection (the client sees 1006).
 * - `close()` with no argument shuts the ticker down; `close(scope, code, reason)` is the clean-close fault.
 */
export { KiteTickerServer, type KiteTickerServerDeps, type TickerStats } from './kite-ticker-server.js';
export {
  DEFAULT_TICKER_OPTIONS,
  resolveTickerOptions,
  type SlowConsumerPolicy,
  type TickerOptions,
} from './ticker-options.js';
export { FrameEncoder, PACKET_BYTES, TICK_MODES, packetLength, priceDivisor, type TickMode } from './packet-encoder.js';
export { randomFrame, type RandomFrameOptions } from './random-frames.js';
export { SeededRandom } from './seeded-random.js';
