import { Injectable, Logger } from '@nestjs/common';

type Refresher = () => void | Promise<void>;

/**
 * Gauges whose values live elsewhere (pool sizes, connection states) register a refresher here;
 * /metrics runs them all before rendering, so scraped values are current and nothing polls.
 */
@Injectable()
export class MetricsCollectors {
  private readonly logger = new Logger(MetricsCollectors.name);
  private readonly refreshers = new Map<string, Refresher>();

  register(name: string, refresher: Refresher): void {
    this.refreshers.set(name, refresher);
  }

  unregister(name: string): void {
    this.refreshers.delete(name);
  }

  async refresh(): Promise<void> {
    await Promise.all(
      [...this.refreshers].map(async ([name, refresher]) => {
        try {
          await refresher();
        } catch (error) {
          this.logger.warn({ err: error, collector: name }, 'Metrics collector failed');
        }
      }),
    );
  }
}
