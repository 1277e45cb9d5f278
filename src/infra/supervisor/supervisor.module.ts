import { Global, Module } from '@nestjs/common';
import { SupervisorMetrics, supervisorMetricProviders } from './supervisor.metrics.js';
import { TaskSupervisor } from './task-supervisor.js';

/** The one place background work is started, restarted and reported (global: every module registers its tasks). */
@Global()
@Module({
  providers: [...supervisorMetricProviders, SupervisorMetrics, TaskSupervisor],
  exports: [TaskSupervisor],
})
export class SupervisorModule {}
