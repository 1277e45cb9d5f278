import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { InjectMetric, makeGaugeProvider } from '@willsoto/nestjs-prometheus';
import type { Gauge } from 'prom-client';
import { DataSource } from 'typeorm';
import { withDeadline } from '../common/async/with-deadline.js';
import { AppConfig } from '../config/index.js';
import { MetricsCollectors } from '../infra/metrics/index.js';

const POOL_CONNECTIONS = 'ticker_db_pool_connections';
const DATABASE_UP = 'ticker_db_up';
const COLLECTOR = 'database-pool';

export const poolConnectionsGauge = makeGaugeProvider({
  name: POOL_CONNECTIONS,
  help: 'PostgreSQL pool connections by state (total, idle, waiting = clients queued for a connection)',
  labelNames: ['state'],
});

export const databaseUpGauge = makeGaugeProvider({
  name: DATABASE_UP,
  help: 'Whether PostgreSQL answered SELECT 1 within the health-check timeout at the last scrape (1) or not (0)',
});

/** The subset of pg.Pool we read; TypeORM types its driver pool as `any`. */
interface PgPoolCounts {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}

@Injectable()
export class DatabasePoolMetrics implements OnModuleInit, OnModuleDestroy {
  constructor(
    private readonly dataSource: DataSource,
    private readonly collectors: MetricsCollectors,
    @InjectMetric(POOL_CONNECTIONS) private readonly gauge: Gauge<string>,
    @InjectMetric(DATABASE_UP) private readonly up: Gauge<string>,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.collectors.register(COLLECTOR, () => this.refresh());
  }

  onModuleDestroy(): void {
    this.collectors.unregister(COLLECTOR);
  }

  private async refresh(): Promise<void> {
    const timeoutMs = this.config.get('health').checkTimeoutMs;
    try {
      await withDeadline(this.dataSource.query('SELECT 1'), timeoutMs, `no answer within ${timeoutMs} ms`);
      this.up.set(1);
    } catch {
      this.up.set(0);
    }
    const pool = (this.dataSource.driver as unknown as { master?: PgPoolCounts }).master;
    this.gauge.set({ state: 'total' }, pool?.totalCount ?? 0);
    this.gauge.set({ state: 'idle' }, pool?.idleCount ?? 0);
    this.gauge.set({ state: 'waiting' }, pool?.waitingCount ?? 0);
  }
}
