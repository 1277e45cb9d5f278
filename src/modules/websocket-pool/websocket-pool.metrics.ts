import { Injectable } from '@nestjs/common';
import {
  InjectMetric,
  makeCounterProvider,
  makeGaugeProvider,
  makeHistogramProvider,
} from '@willsoto/nestjs-prometheus';
import type { Counter, Gauge, Histogram } from 'prom-client';

const CONNECTIONS = 'ticker_ws_pool_connections';
const SUBSCRIBED = 'ticker_ws_pool_subscribed_tokens';
const DESIRED = 'ticker_ws_pool_desired_tokens';
const UNPLACED = 'ticker_ws_pool_unplaced_tokens';
const RECONNECTS = 'ticker_ws_pool_reconnects_total';
const FRAMES = 'ticker_ws_pool_frames_total';
const PACKETS = 'ticker_ws_pool_packets_total';
const DECODE_ERRORS = 'ticker_ws_pool_decode_errors_total';
const TEXT_FRAMES = 'ticker_ws_pool_text_frames_total';
const STALLS = 'ticker_ws_pool_stalls_total';
const LOCK_WAIT = 'ticker_ws_pool_lock_wait_seconds';
const UTILISATION = 'ticker_ws_pool_capacity_utilisation';
const TOTAL_UTILISATION = 'ticker_ws_pool_total_capacity_utilisation';
const CAPACITY_WARNING = 'ticker_ws_pool_capacity_warning';
const HANDOFF_BATCHES = 'ticker_ws_pool_handoff_batches_total';
const HANDOFF_SECONDS = 'ticker_ws_pool_handoff_seconds';
const RECOVERY_SECONDS = 'ticker_ws_pool_recovery_seconds';

export const websocketPoolMetricProviders = [
  makeGaugeProvider({
    name: CONNECTIONS,
    help: 'Ticker connections by account and state (idle, connecting, open, backoff, stopped)',
    labelNames: ['account', 'state'],
  }),
  makeGaugeProvider({
    name: SUBSCRIBED,
    help: 'Instruments placed on a connection (the plan), by streaming mode',
    labelNames: ['mode'],
  }),
  makeGaugeProvider({ name: DESIRED, help: 'Distinct instruments callers asked the pool to stream' }),
  makeGaugeProvider({
    name: UNPLACED,
    help: 'Desired instruments no connection has room for, by reason (capacity, no_active_account)',
    labelNames: ['reason'],
  }),
  makeCounterProvider({
    name: RECONNECTS,
    help: 'Connection losses followed by a redial, by account and reason',
    labelNames: ['account', 'reason'],
  }),
  makeCounterProvider({
    name: FRAMES,
    help: 'WebSocket messages received, by account and kind (ticks, heartbeat, text, malformed)',
    labelNames: ['account', 'kind'],
  }),
  makeCounterProvider({ name: PACKETS, help: 'Tick packets decoded, by account', labelNames: ['account'] }),
  makeCounterProvider({
    name: DECODE_ERRORS,
    help: 'Malformed binary frames (empty, overrun, trailing) and packets of unknown length, skipped',
    labelNames: ['kind'],
  }),
  makeCounterProvider({
    name: TEXT_FRAMES,
    help: 'Text frames from Kite by type (order, error, message, other, invalid)',
    labelNames: ['type'],
  }),
  makeCounterProvider({
    name: STALLS,
    help: 'Stalled connections the watchdog reconnected: silent (no frame at all) or no_ticks (heartbeats only, market open)',
    labelNames: ['account', 'kind'],
  }),
  makeHistogramProvider({
    name: LOCK_WAIT,
    help: 'Time a subscription change or replan waited for the pool lock',
    buckets: [0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5],
  }),
  makeGaugeProvider({
    name: UTILISATION,
    help: 'Share of an account ticker capacity (connections × instruments per connection) in use',
    labelNames: ['account'],
  }),
  makeGaugeProvider({ name: TOTAL_UTILISATION, help: 'Share of the pool capacity (all active accounts) in use' }),
  makeGaugeProvider({
    name: CAPACITY_WARNING,
    help: '1 when an account (scope = its id) or the whole pool (scope = _total) is at or above the capacity warning ratio',
    labelNames: ['scope'],
  }),
  makeCounterProvider({
    name: HANDOFF_BATCHES,
    help: 'Decoded batches by hand-off outcome (delivered, no_sink: no pipeline attached yet, sink_error)',
    labelNames: ['outcome'],
  }),
  makeHistogramProvider({
    name: HANDOFF_SECONDS,
    help: 'Time the tick pipeline took to accept one batch (the hand-off is synchronous: this is the socket read stall)',
    buckets: [0.00001, 0.00005, 0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05],
  }),
  makeHistogramProvider({
    name: RECOVERY_SECONDS,
    help: 'From a connection failing (drop, refused dial) to its assignment replayed on a new socket',
    buckets: [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300],
  }),
];

/** Label-cardinality bound: accounts (≤ 50), states, modes, reasons; never an instrument token. */
@Injectable()
export class WebSocketPoolMetrics {
  constructor(
    @InjectMetric(CONNECTIONS) readonly connections: Gauge<string>,
    @InjectMetric(SUBSCRIBED) readonly subscribed: Gauge<string>,
    @InjectMetric(DESIRED) readonly desired: Gauge<string>,
    @InjectMetric(UNPLACED) readonly unplaced: Gauge<string>,
    @InjectMetric(RECONNECTS) readonly reconnects: Counter<string>,
    @InjectMetric(FRAMES) readonly frames: Counter<string>,
    @InjectMetric(PACKETS) readonly packets: Counter<string>,
    @InjectMetric(DECODE_ERRORS) readonly decodeErrors: Counter<string>,
    @InjectMetric(TEXT_FRAMES) readonly textFrames: Counter<string>,
    @InjectMetric(STALLS) readonly stalls: Counter<string>,
    @InjectMetric(LOCK_WAIT) readonly lockWait: Histogram<string>,
    @InjectMetric(UTILISATION) readonly utilisation: Gauge<string>,
    @InjectMetric(TOTAL_UTILISATION) readonly totalUtilisation: Gauge<string>,
    @InjectMetric(CAPACITY_WARNING) readonly capacityWarning: Gauge<string>,
    @InjectMetric(HANDOFF_BATCHES) readonly handOffBatches: Counter<string>,
    @InjectMetric(HANDOFF_SECONDS) readonly handOffSeconds: Histogram<string>,
    @InjectMetric(RECOVERY_SECONDS) readonly recoverySeconds: Histogram<string>,
  ) {}
}
