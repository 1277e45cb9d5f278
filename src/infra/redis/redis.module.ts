import { Global, Module } from '@nestjs/common';
import { AppConfig } from '../../config/index.js';
import { BatchPublisher } from './batch-publisher.js';
import { EmbeddedBus } from './embedded-bus.js';
import { RedisPublisher } from './redis-publisher.js';
import { RedisMetrics, redisMetricProviders } from './redis.metrics.js';

@Global()
@Module({
  providers: [
    ...redisMetricProviders,
    RedisMetrics,
    {
      provide: BatchPublisher,
      inject: [AppConfig, RedisMetrics],
      useFactory: (config: AppConfig, metrics: RedisMetrics): BatchPublisher =>
        config.get('redis').url === undefined ? new EmbeddedBus(config, metrics) : new RedisPublisher(config, metrics),
    },
  ],
  exports: [BatchPublisher],
})
export class RedisModule {}
