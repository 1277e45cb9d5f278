/** How a batch publish ended. `dropped` counts messages refused because the transport was saturated. */
export interface PublishResult {
  published: number;
  dropped: number;
}

export type BusMode = 'redis' | 'embedded';

export type MessageHandler = (channel: string, message: string) => void;

/**
 * Publishes batches of messages to named channels. The tick pipeline depends on this abstraction only;
 * Redis or the in-process bus implement it. Channels are namespaced with the configured key prefix.
 */
export abstract class BatchPublisher {
  abstract readonly mode: BusMode;
  abstract publishBatch(channel: string, messages: readonly string[]): Promise<PublishResult>;
  /** Round-trip check with a deadline; resolves with the latency in milliseconds. */
  abstract ping(timeoutMs: number): Promise<number>;
  /** Subscribes to a channel (for in-process consumers and tests); resolves to an unsubscribe function. */
  abstract subscribe(channel: string, handler: MessageHandler): Promise<() => Promise<void>>;
  abstract isReady(): boolean;

  /** What /health/details shows of the transport: state and bounds, never credentials. */
  describe(): Record<string, unknown> {
    return { mode: this.mode };
  }
}
