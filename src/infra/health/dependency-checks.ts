import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../config/index.js';
import { BatchPublisher } from '../redis/index.js';

export interface CheckOutcome {
  up: boolean;
  details: Record<string, unknown>;
}

export type DependencyCheck = () => Promise<CheckOutcome>;

const round = (ms: number): number => Math.round(ms * 10) / 10;

/**
 * The dependencies this instance needs to serve its API, and whether each gates readiness. Broker
 * (Kite) state is deliberately absent: an instance with no logged-in account must stay routable, or
 * nobody could reach /accounts/{id}/login to log one in.
 */
@Injectable()
export class DependencyChecks {
  constructor(
    private readonly dataSource: DataSource,
    private readonly publisher: BatchPublisher,
    private readonly config: AppConfig,
  ) {}

  /** What /health/ready runs: PostgreSQL always; Redis when configured and required for readiness. */
  readinessChecks(): [string, DependencyCheck][] {
    const checks: [string, DependencyCheck][] = [['database', () => this.database()]];
    if (this.publisher.mode === 'embedded' || this.config.get('redis').requiredForReadiness) {
      checks.push(['redis', () => this.redis()]);
    }
    return checks;
  }

  /** What /health/details reports: every dependency, whether or not it gates readiness. */
  allChecks(): [string, DependencyCheck][] {
    return [
      ['database', () => this.database()],
      ['redis', () => this.redis()],
    ];
  }

  requiredForReadiness(name: string): boolean {
    return this.readinessChecks().some(([check]) => check === name);
  }

  async database(): Promise<CheckOutcome> {
    const started = performance.now();
    await this.dataSource.query('SELECT 1');
    return {
      up: true,
      details: {
        mode: this.config.get('database').url === undefined ? 'embedded' : 'external',
        latencyMs: round(performance.now() - started),
      },
    };
  }

  async redis(): Promise<CheckOutcome> {
    if (this.publisher.mode === 'embedded') {
      return { up: true, details: { mode: 'embedded' } };
    }
    const latencyMs = await this.publisher.ping(this.config.get('health').checkTimeoutMs);
    return { up: true, details: { mode: 'redis', latencyMs: round(latencyMs) } };
  }
}
