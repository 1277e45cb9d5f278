/**
 * The hand-off between whatever produces ticks (the WebSocketPool's decoder for live data, the Mock
 * generator outside market hours) and the TickPipeline. Struct-of-arrays, preallocated and reused: no
 * object per tick on the hot path. A producer fills a batch and calls `TickSink.onTicks(batch)`
 * synchronously; the sink copies what it keeps before returning, after which the producer reuses the batch.
 */

/** What a packet carried, which decides which fields are meaningful. */
export const PacketKind = {
  /** 8 bytes: token + last price. */
  Ltp: 1,
  /** 44 bytes: + quantities, average price, volume, OHLC. */
  Quote: 2,
  /** 184 bytes: + last trade time, OI, exchange time, 5-level depth. */
  Full: 3,
  /** 28 bytes (segment 9): last price, OHLC, change. */
  IndexQuote: 4,
  /** 32 bytes: + exchange time. */
  IndexFull: 5,
} as const;
export type PacketKind = (typeof PacketKind)[keyof typeof PacketKind];

export const DEPTH_LEVELS = 5;
/** Buy levels 0..4 then sell levels 5..9, per tick. */
export const DEPTH_SLOTS = DEPTH_LEVELS * 2;

export type TickSource = 'live' | 'mock';

/** Where a batch came from and when it arrived: set once per batch, not per tick. */
export interface TickBatchOrigin {
  source: TickSource;
  /** Account whose connection received the frame ('mock' for generated batches). */
  accountId: string;
  /** Connection id within the pool (e.g. "primary#2"); 'mock' for generated batches. */
  connectionId: string;
  /** Monotonic receive time in ms (performance.now()), for latency histograms. */
  receivedAtMonoMs: number;
  /** Wall-clock receive time, epoch ms (the injected Clock). */
  receivedAtMs: number;
  /** Frame sequence per connection, for ordering diagnostics. */
  frameSeq: number;
}

/**
 * Prices are in rupees (divisors applied), times are epoch ms (0 when the packet had none), quantities
 * are plain numbers. Fields a packet kind does not carry are left as NaN (prices) or 0 (counts).
 */
export class TickBatch {
  length = 0;
  readonly origin: TickBatchOrigin = {
    source: 'live',
    accountId: '',
    connectionId: '',
    receivedAtMonoMs: 0,
    receivedAtMs: 0,
    frameSeq: 0,
  };

  readonly token: Uint32Array;
  readonly kind: Uint8Array;
  readonly lastPrice: Float64Array;
  readonly lastQuantity: Float64Array;
  readonly averagePrice: Float64Array;
  readonly volume: Float64Array;
  readonly totalBuyQuantity: Float64Array;
  readonly totalSellQuantity: Float64Array;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  /** Index packets: the exchange's price change field (as sent); tradable packets: NaN. */
  readonly change: Float64Array;
  readonly lastTradeTimeMs: Float64Array;
  readonly oi: Float64Array;
  readonly oiDayHigh: Float64Array;
  readonly oiDayLow: Float64Array;
  readonly exchangeTimeMs: Float64Array;
  /** DEPTH_SLOTS per tick: index `i * DEPTH_SLOTS + level` (buy) and `+ DEPTH_LEVELS + level` (sell). */
  readonly depthQuantity: Float64Array;
  readonly depthPrice: Float64Array;
  readonly depthOrders: Uint16Array;

  constructor(readonly capacity: number) {
    this.token = new Uint32Array(capacity);
    this.kind = new Uint8Array(capacity);
    this.lastPrice = new Float64Array(capacity);
    this.lastQuantity = new Float64Array(capacity);
    this.averagePrice = new Float64Array(capacity);
    this.volume = new Float64Array(capacity);
    this.totalBuyQuantity = new Float64Array(capacity);
    this.totalSellQuantity = new Float64Array(capacity);
    this.open = new Float64Array(capacity);
    this.high = new Float64Array(capacity);
    this.low = new Float64Array(capacity);
    this.close = new Float64Array(capacity);
    this.change = new Float64Array(capacity);
    this.lastTradeTimeMs = new Float64Array(capacity);
    this.oi = new Float64Array(capacity);
    this.oiDayHigh = new Float64Array(capacity);
    this.oiDayLow = new Float64Array(capacity);
    this.exchangeTimeMs = new Float64Array(capacity);
    this.depthQuantity = new Float64Array(capacity * DEPTH_SLOTS);
    this.depthPrice = new Float64Array(capacity * DEPTH_SLOTS);
    this.depthOrders = new Uint16Array(capacity * DEPTH_SLOTS);
  }

  /** Starts a new batch in place (no allocation). */
  reset(origin: TickBatchOrigin): void {
    this.length = 0;
    this.origin.source = origin.source;
    this.origin.accountId = origin.accountId;
    this.origin.connectionId = origin.connectionId;
    this.origin.receivedAtMonoMs = origin.receivedAtMonoMs;
    this.origin.receivedAtMs = origin.receivedAtMs;
    this.origin.frameSeq = origin.frameSeq;
  }
}

/**
 * Implemented by the TickPipeline. Called synchronously, in arrival order per connection; must not keep a
 * reference to `batch` (it is reused) and must not throw (count and drop instead).
 */
export interface TickSink {
  onTicks(batch: TickBatch): void;
}
