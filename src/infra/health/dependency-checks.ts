import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../config/index.js';
import { BatchPublisher } from '../redis/index.js';
import type { ReadinessOutcome } from './readiness-registry.js';

const round = (ms: number): number => Math.round(ms * 10) / 10;

@Injectable()
export class DependencyChecks {
  constructor(
    private readonly dataSource: DataSource,
    private readonly publisher: BatchPublisher,
    private readonly config: AppConfig,
  ) {}

  async database(): Promise<ReadinessOutcome> {
    const started = performance.now();
    await this.dataSource.query('SELECT 1');
    return { up: true, details: { latencyMs: round(performance.now() - started) } };
  }

  async redis(): Promise<ReadinessOutcome> {
    if (this.publisher.mode === 'embedded') {
      return { up: true, details: { mode: 'embedded' } };
    }
    const latencyMs = await this.publisher.ping(this.config.get('health').checkTimeoutMs);
    return { up: true, details: { mode: 'redis', latencyMs: round(latencyMs) } };
  }
}
