import { Module } from '@nestjs/common';
import { GreeksMetrics, greeksMetricProviders } from './greeks.metrics.js';
import { GreeksService } from './greeks.service.js';

/**
 * Implied volatility, model price and Greeks for NSE index options (see GreeksService). Needs the global
 * ConfigModule and PrometheusModule; exports only GreeksService.
 */
@Module({
  providers: [...greeksMetricProviders, GreeksMetrics, GreeksService],
  exports: [GreeksService],
})
export class GreeksModule {}
