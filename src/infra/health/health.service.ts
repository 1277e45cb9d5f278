import { Injectable, ServiceUnavailableException } from '@nestjs/common';
import {
  HealthCheckService,
  type HealthCheckResult,
  type HealthIndicatorResult,
  HealthIndicatorService,
} from '@nestjs/terminus';
import { withDeadline } from '../../common/async/with-deadline.js';
import { AppConfig } from '../../config/index.js';
import { ShutdownState } from '../../lifecycle/shutdown-state.js';
import { type DependencyCheck, DependencyChecks } from './dependency-checks.js';
import type { DependencyStatus, LivenessResponse, ReadinessResponse } from './health.dto.js';

@Injectable()
export class HealthService {
  constructor(
    private readonly terminus: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly dependencies: DependencyChecks,
    private readonly shutdown: ShutdownState,
    private readonly config: AppConfig,
  ) {}

  liveness(): LivenessResponse {
    return { status: 'ok', uptimeSeconds: Math.round(process.uptime()) };
  }

  /**
   * Can this instance serve its API? Runs the readiness checks (PostgreSQL; Redis when configured and
   * required) concurrently, each under the configured deadline; one down check makes it 503.
   */
  async readiness(): Promise<ReadinessResponse> {
    if (this.shutdown.isShuttingDown) {
      return { status: 'shutting_down', details: {} };
    }
    return this.runChecks(this.dependencies.readinessChecks());
  }

  /** Every dependency, each under the deadline; used by /health/details, which never gates traffic. */
  dependencyDetails(): Promise<ReadinessResponse> {
    return this.runChecks(this.dependencies.allChecks());
  }

  private async runChecks(checks: [string, DependencyCheck][]): Promise<ReadinessResponse> {
    try {
      const result = await this.terminus.check(
        checks.map(
          ([name, check]) =>
            () =>
              this.run(name, check),
        ),
      );
      return { status: 'ok', details: result.details as Record<string, DependencyStatus> };
    } catch (error) {
      if (error instanceof ServiceUnavailableException) {
        const result = error.getResponse() as HealthCheckResult;
        return { status: 'error', details: result.details as Record<string, DependencyStatus> };
      }
      throw error;
    }
  }

  private async run(name: string, check: DependencyCheck): Promise<HealthIndicatorResult> {
    const session = this.indicators.check(name);
    const timeoutMs = this.config.get('health').checkTimeoutMs;
    try {
      const outcome = await withDeadline(check(), timeoutMs, `no answer within ${timeoutMs} ms`);
      return outcome.up ? session.up(outcome.details) : session.down(outcome.details);
    } catch (error) {
      return session.down({ message: error instanceof Error ? error.message : String(error) });
    }
  }
}
