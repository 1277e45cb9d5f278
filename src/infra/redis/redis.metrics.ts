import { Injectable } from '@nestjs/common';
import { InjectMetric, makeCounterProvider, makeGaugeProvider } from '@willsoto/nestjs-prometheus';
import type { Counter, Gauge } from 'prom-client';

const CONNECTION_STATE = 'ticker_redis_connection_state';
const PUBLISHED = 'ticker_bus_published_messages_total';
const DROPPED = 'ticker_bus_dropped_messages_total';
const PUBLISH_ERRORS = 'ticker_bus_publish_errors_total';
const HANDLER_ERRORS = 'ticker_bus_subscriber_errors_total';

export const CONNECTION_STATES = ['embedded', 'connecting', 'ready', 'reconnecting', 'disconnected', 'closed'] as const;
export type ConnectionState = (typeof CONNECTION_STATES)[number];

export const redisMetricProviders = [
  makeGaugeProvider({
    name: CONNECTION_STATE,
    help: 'Redis connection state: 1 for the current state, 0 for the others',
    labelNames: ['state'],
  }),
  makeCounterProvider({ name: PUBLISHED, help: 'Messages published to the bus' }),
  makeCounterProvider({ name: DROPPED, help: 'Messages dropped because the bus or a subscriber was saturated' }),
  makeCounterProvider({ name: PUBLISH_ERRORS, help: 'Batch publishes that failed' }),
  makeCounterProvider({ name: HANDLER_ERRORS, help: 'In-process subscriber handlers that threw' }),
];

@Injectable()
export class RedisMetrics {
  constructor(
    @InjectMetric(CONNECTION_STATE) private readonly state: Gauge<string>,
    @InjectMetric(PUBLISHED) private readonly published: Counter<string>,
    @InjectMetric(DROPPED) private readonly dropped: Counter<string>,
    @InjectMetric(PUBLISH_ERRORS) private readonly publishErrors: Counter<string>,
    @InjectMetric(HANDLER_ERRORS) private readonly handlerErrors: Counter<string>,
  ) {}

  setState(current: ConnectionState): void {
    for (const state of CONNECTION_STATES) {
      this.state.set({ state }, state === current ? 1 : 0);
    }
  }

  recordPublished(count: number): void {
    this.published.inc(count);
  }

  recordDropped(count: number): void {
    if (count > 0) {
      this.dropped.inc(count);
    }
  }

  recordPublishError(): void {
    this.publishErrors.inc();
  }

  recordHandlerError(): void {
    this.handlerErrors.inc();
  }
}
