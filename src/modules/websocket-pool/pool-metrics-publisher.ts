import type { HandOff } from './connection/frame-receiver.js';
import { CONNECTION_STATES, type PoolConnection } from './connection/pool-connection.js';
import type { TextFrameRouter } from './connection/text-frames.js';
import { DECODE_ERROR_KINDS, type TickDecoder } from './decoder/tick-decoder.js';
import type { UnplacedReason } from './planning/assignment-planner.js';
import { TICK_MODES } from './planning/tick-mode.js';
import { accountFigures, totalFigures, unplacedCounts, type AccountLink } from './pool-views.js';
import type { WebSocketPoolMetrics } from './websocket-pool.metrics.js';

interface Published {
  frames: number;
  heartbeats: number;
  packets: number;
  malformed: number;
  textFrames: number;
}

/**
 * The hot path keeps plain counters; this turns them into Prometheus series once per watchdog round
 * (deltas for counters, current values for gauges), so no label lookup happens per frame or packet.
 */
export class PoolMetricsPublisher {
  private readonly published = new Map<PoolConnection, Published>();
  private readonly decodeErrors: Record<string, number> = {};
  private readonly textFrames: Record<string, number> = {};
  private handOff = { batches: 0, discardedBatches: 0, sinkErrors: 0 };

  constructor(private readonly metrics: WebSocketPoolMetrics) {}

  publish(
    links: readonly AccountLink[],
    perConnection: number,
    desired: number,
    unplaced: ReadonlyMap<number, UnplacedReason>,
    sources: { decoder: TickDecoder; text: TextFrameRouter; handOff: HandOff },
  ): void {
    const m = this.metrics;
    const modes = { ltp: 0, quote: 0, full: 0 };
    for (const link of links) {
      const states = Object.fromEntries(CONNECTION_STATES.map((s) => [s, 0])) as Record<string, number>;
      for (const connection of link.connections) {
        states[connection.state]! += 1;
        for (const mode of connection.desired.values()) {
          modes[mode] += 1;
        }
        this.publishConnection(link.accountId, connection);
      }
      for (const state of CONNECTION_STATES) {
        m.connections.set({ account: link.accountId, state }, states[state]!);
      }
      m.utilisation.set({ account: link.accountId }, accountFigures(link, perConnection).utilisation);
    }
    for (const mode of TICK_MODES) {
      m.subscribed.set({ mode }, modes[mode]);
    }
    m.desired.set(desired);
    for (const [reason, count] of Object.entries(unplacedCounts(unplaced))) {
      m.unplaced.set({ reason }, count);
    }
    m.totalUtilisation.set(totalFigures(links, perConnection).utilisation);
    this.publishDeltas(m.decodeErrors, 'kind', sources.decoder.errors, this.decodeErrors, DECODE_ERROR_KINDS);
    this.publishDeltas(m.textFrames, 'type', sources.text.counts, this.textFrames, Object.keys(sources.text.counts));
    const { batches, discardedBatches, sinkErrors } = sources.handOff;
    m.handOffBatches.inc(
      { outcome: 'delivered' },
      batches - sinkErrors - (this.handOff.batches - this.handOff.sinkErrors),
    );
    m.handOffBatches.inc({ outcome: 'no_sink' }, discardedBatches - this.handOff.discardedBatches);
    m.handOffBatches.inc({ outcome: 'sink_error' }, sinkErrors - this.handOff.sinkErrors);
    this.handOff = { batches, discardedBatches, sinkErrors };
  }

  forget(connection: PoolConnection): void {
    this.published.delete(connection);
  }

  private publishConnection(account: string, connection: PoolConnection): void {
    const now = connection.receiver.counters;
    const before = this.published.get(connection) ?? {
      frames: 0,
      heartbeats: 0,
      packets: 0,
      malformed: 0,
      textFrames: 0,
    };
    const m = this.metrics;
    const tickFrames = now.frames - now.heartbeats - now.malformed - now.textFrames;
    const tickFramesBefore = before.frames - before.heartbeats - before.malformed - before.textFrames;
    m.frames.inc({ account, kind: 'ticks' }, tickFrames - tickFramesBefore);
    m.frames.inc({ account, kind: 'heartbeat' }, now.heartbeats - before.heartbeats);
    m.frames.inc({ account, kind: 'text' }, now.textFrames - before.textFrames);
    m.frames.inc({ account, kind: 'malformed' }, now.malformed - before.malformed);
    m.packets.inc({ account }, now.packets - before.packets);
    this.published.set(connection, { ...now });
  }

  private publishDeltas(
    counter: WebSocketPoolMetrics['decodeErrors'],
    label: string,
    current: Record<string, number>,
    last: Record<string, number>,
    keys: readonly string[],
  ): void {
    for (const key of keys) {
      const value = current[key] ?? 0;
      counter.inc({ [label]: key }, value - (last[key] ?? 0));
      last[key] = value;
    }
  }
}
