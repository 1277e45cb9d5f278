import { Injectable } from '@nestjs/common';
import { withDeadline } from '../../common/async/with-deadline.js';
import { Clock } from '../../common/time/index.js';
import { RUNTIME, SERVICE_VERSION } from '../../common/version.js';
import { AppConfig } from '../../config/index.js';
import { ServiceInstance } from '../../database/service-instance.js';
import { ShutdownState } from '../../lifecycle/shutdown-state.js';
import { BatchPublisher } from '../redis/index.js';
import { DependencyChecks } from './dependency-checks.js';
import { HealthDetailsRegistry } from './health-details-registry.js';
import type { HealthDetailsResponse } from './health.dto.js';
import { HealthService } from './health.service.js';

/**
 * GET /health/details: everything an operator needs to see at once, for dashboards and alerts, never for
 * routing. It only reads (dependency pings and in-memory state): it writes nothing and calls no broker.
 */
@Injectable()
export class HealthDetailsService {
  constructor(
    private readonly health: HealthService,
    private readonly registry: HealthDetailsRegistry,
    private readonly dependencies: DependencyChecks,
    private readonly publisher: BatchPublisher,
    private readonly shutdown: ShutdownState,
    private readonly instance: ServiceInstance,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  async details(): Promise<HealthDetailsResponse> {
    const [checked, sections] = await Promise.all([this.health.dependencyDetails(), this.sections()]);
    const dependencies: Record<string, Record<string, unknown>> = {};
    for (const [name, status] of Object.entries(checked.details)) {
      dependencies[name] = { ...status, requiredForReadiness: this.dependencies.requiredForReadiness(name) };
    }
    dependencies.bus = {
      status: this.publisher.isReady() ? 'up' : 'down',
      ...this.publisher.describe(),
      requiredForReadiness: false,
    };
    const ready = Object.values(dependencies).every((d) => d.status === 'up' || d.requiredForReadiness === false);
    return {
      status: this.shutdown.isShuttingDown ? 'shutting_down' : ready ? 'ok' : 'error',
      checkedAt: this.clock.nowDate().toISOString(),
      service: {
        version: SERVICE_VERSION,
        runtime: RUNTIME,
        instanceId: this.instance.id,
        nodeEnv: this.config.get('app').nodeEnv,
        uptimeSeconds: Math.round(process.uptime()),
      },
      dependencies,
      ...sections,
    };
  }

  /** Each registered provider, under the health-check deadline; a failing one reports its error alone. */
  private async sections(): Promise<Record<string, unknown>> {
    const timeoutMs = this.config.get('health').checkTimeoutMs;
    const entries = await Promise.all(
      this.registry.entries().map(async ([name, provider]): Promise<[string, unknown]> => {
        try {
          return [name, await withDeadline(Promise.resolve(provider()), timeoutMs, `no answer within ${timeoutMs} ms`)];
        } catch (error) {
          return [name, { status: 'error', message: error instanceof Error ? error.message : String(error) }];
        }
      }),
    );
    return Object.fromEntries(entries);
  }
}
