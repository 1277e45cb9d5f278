import { type DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../config/index.js';
import { buildDataSourceOptions } from './data-source.js';
import { DatabasePoolMetrics, databaseUpGauge, poolConnectionsGauge } from './pool-metrics.js';
import { ServiceInstance } from './service-instance.js';

@Module({})
export class DatabaseModule {
  /** `url` is the configured DATABASE_URL or the embedded server's, resolved before the app is built. */
  static forRoot(url: string): DynamicModule {
    return {
      module: DatabaseModule,
      global: true,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [AppConfig],
          useFactory: (config: AppConfig) => ({
            ...buildDataSourceOptions(config.get('database'), url),
            autoLoadEntities: true,
            migrationsRun: config.get('database').migrationsRun,
            // Fail boot fast instead of TypeORM's default of retrying nine times.
            retryAttempts: 0,
          }),
        }),
      ],
      providers: [poolConnectionsGauge, databaseUpGauge, DatabasePoolMetrics, ServiceInstance],
      exports: [ServiceInstance],
    };
  }
}
