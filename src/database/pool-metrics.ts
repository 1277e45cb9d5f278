import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { InjectMetric, makeGaugeProvider } from '@willsoto/nestjs-prometheus';
import type { Gauge } from 'prom-client';
import { DataSource } from 'typeorm';
import { MetricsCollectors } from '../infra/metrics/index.js';

const POOL_CONNECTIONS = 'ticker_db_pool_connections';
const COLLECTOR = 'database-pool';

export const poolConnectionsGauge = makeGaugeProvider({
  name: POOL_CONNECTIONS,
  help: 'PostgreSQL pool connections by state (total, idle, waiting = clients queued for a connection)',
  labelNames: ['state'],
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
  ) {}

  onModuleInit(): void {
    this.collectors.register(COLLECTOR, () => this.refresh());
  }

  onModuleDestroy(): void {
    this.collectors.unregister(COLLECTOR);
  }

  private refresh(): void {
    const pool = (this.dataSource.driver as unknown as { master?: PgPoolCounts }).master;
    this.gauge.set({ state: 'total' }, pool?.totalCount ?? 0);
    this.gauge.set({ state: 'idle' }, pool?.idleCount ?? 0);
    this.gauge.set({ state: 'waiting' }, pool?.waitingCount ?? 0);
  }
}
