import { Global, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { ShutdownState } from '../../lifecycle/shutdown-state.js';
import { BackgroundTasksDetails } from './background-tasks-details.js';
import { DependencyChecks } from './dependency-checks.js';
import { HealthDetailsRegistry } from './health-details-registry.js';
import { HealthDetailsService } from './health-details.service.js';
import { HealthController } from './health.controller.js';
import { HealthService } from './health.service.js';

@Global()
@Module({
  // Failing checks are reported in the response and metrics; logging each probe would flood the logs.
  imports: [TerminusModule.forRoot({ logger: false })],
  controllers: [HealthController],
  providers: [
    HealthService,
    HealthDetailsService,
    DependencyChecks,
    HealthDetailsRegistry,
    BackgroundTasksDetails,
    ShutdownState,
  ],
  exports: [HealthDetailsRegistry, ShutdownState],
})
export class HealthModule {}
