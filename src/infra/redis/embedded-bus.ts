import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/index.js';
import { BatchPublisher, type MessageHandler, type PublishResult } from './batch-publisher.js';
import { RedisMetrics } from './redis.metrics.js';

/**
 * Used when REDIS_URL is unset: delivers messages to in-process subscribers on the next macrotask, so
 * publishers never run subscriber code synchronously. Each subscriber's pending queue is bounded; when
 * full the oldest message is dropped and counted (a slow consumer cannot grow memory without limit).
 */
@Injectable()
export class EmbeddedBus extends BatchPublisher {
  readonly mode = 'embedded';
  private readonly subscribers = new Map<string, Set<Subscriber>>();
  private readonly maxPending: number;
  private readonly prefix: string;

  constructor(
    config: AppConfig,
    private readonly metrics: RedisMetrics,
  ) {
    super();
    this.maxPending = config.get('redis').embeddedBusMaxPending;
    this.prefix = config.get('redis').keyPrefix;
    metrics.setState('embedded');
  }

  publishBatch(channel: string, messages: readonly string[]): Promise<PublishResult> {
    let dropped = 0;
    for (const subscriber of this.subscribers.get(this.prefix + channel) ?? []) {
      dropped += subscriber.enqueue(messages);
    }
    this.metrics.recordPublished(messages.length);
    this.metrics.recordDropped(dropped);
    return Promise.resolve({ published: messages.length, dropped });
  }

  ping(): Promise<number> {
    return Promise.resolve(0);
  }

  subscribe(channel: string, handler: MessageHandler): Promise<() => Promise<void>> {
    const key = this.prefix + channel;
    const subscriber = new Subscriber(channel, handler, this.maxPending, () => this.metrics.recordHandlerError());
    const set = this.subscribers.get(key) ?? new Set<Subscriber>();
    set.add(subscriber);
    this.subscribers.set(key, set);
    return Promise.resolve(() => {
      set.delete(subscriber);
      if (set.size === 0) {
        this.subscribers.delete(key);
      }
      return Promise.resolve();
    });
  }

  isReady(): boolean {
    return true;
  }

  override describe(): Record<string, unknown> {
    let subscribers = 0;
    let pending = 0;
    for (const set of this.subscribers.values()) {
      subscribers += set.size;
      for (const subscriber of set) {
        pending += subscriber.pending;
      }
    }
    return {
      mode: this.mode,
      channels: this.subscribers.size,
      subscribers,
      pendingMessages: pending,
      maxPendingPerSubscriber: this.maxPending,
    };
  }
}

class Subscriber {
  private queue: string[] = [];
  private scheduled = false;

  constructor(
    private readonly channel: string,
    private readonly handler: MessageHandler,
    private readonly maxPending: number,
    private readonly onHandlerError: () => void,
  ) {}

  get pending(): number {
    return this.queue.length;
  }

  /** Returns how many messages were dropped to stay within the bound. */
  enqueue(messages: readonly string[]): number {
    this.queue.push(...messages);
    const overflow = Math.max(0, this.queue.length - this.maxPending);
    if (overflow > 0) {
      this.queue.splice(0, overflow);
    }
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.drain());
    }
    return overflow;
  }

  private drain(): void {
    const batch = this.queue;
    this.queue = [];
    this.scheduled = false;
    for (const message of batch) {
      try {
        this.handler(this.channel, message);
      } catch {
        // A failing consumer must not take down the publisher or starve the other subscribers.
        this.onHandlerError();
      }
    }
  }
}
