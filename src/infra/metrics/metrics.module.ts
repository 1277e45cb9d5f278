import { Global, Module, type OnModuleInit } from '@nestjs/common';
import { PrometheusModule } from '@willsoto/nestjs-prometheus';
import { collectDefaultMetrics, register } from 'prom-client';
import { HttpMetrics, httpDurationHistogram } from './http-metrics.js';
import { MetricsCollectors } from './metrics-collectors.js';
import { MetricsController } from './metrics.controller.js';
import { processErrorsCounter } from './process-metrics.js';

@Global()
@Module({
  imports: [
    PrometheusModule.register({ path: '/metrics', controller: MetricsController, defaultMetrics: { enabled: false } }),
  ],
  providers: [MetricsCollectors, HttpMetrics, httpDurationHistogram, processErrorsCounter],
  exports: [MetricsCollectors, HttpMetrics, processErrorsCounter],
})
export class MetricsModule implements OnModuleInit {
  // Default metrics live in prom-client's global registry, where registering them twice (a second app in
  // the same process, as in tests) throws; so they are registered here, once, instead of by PrometheusModule.
  onModuleInit(): void {
    if (register.getSingleMetric('process_cpu_user_seconds_total') === undefined) {
      collectDefaultMetrics();
    }
  }
}
