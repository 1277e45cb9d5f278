import { Global, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { ShutdownState } from '../../lifecycle/shutdown-state.js';
import { DependencyChecks } from './dependency-checks.js';
import { HealthController } from './health.controller.js';
import { HealthService } from './health.service.js';
import { ReadinessRegistry } from './readiness-registry.js';

@Global()
@Module({
  // Failing checks are reported in the response and metrics; logging each probe would flood the logs.
  imports: [TerminusModule.forRoot({ logger: false })],
  controllers: [HealthController],
  providers: [HealthService, DependencyChecks, ReadinessRegistry, ShutdownState],
  exports: [ReadinessRegistry, ShutdownState],
})
export class HealthModule {}
