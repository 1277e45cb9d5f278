import { type DynamicModule, type ModuleMetadata, ValidationPipe } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { ScheduleModule } from '@nestjs/schedule';
import { GlobalExceptionFilter, RequestValidationError } from './common/errors/index.js';
import { type Clock, ClockModule } from './common/time/index.js';
import { LoggingModule } from './common/logging/logging.module.js';
import { type AppConfig, ConfigModule } from './config/index.js';
import { DatabaseModule } from './database/database.module.js';
import { HealthModule } from './infra/health/index.js';
import { MetricsModule } from './infra/metrics/index.js';
import { EventsModule } from './infra/events/index.js';
import { RedisModule } from './infra/redis/index.js';
import { SupervisorModule } from './infra/supervisor/index.js';
import { ProcessErrorMonitor } from './lifecycle/process-error-monitor.js';
import { AccountsModule } from './modules/accounts/index.js';
import { AuditModule } from './modules/audit/index.js';
import { AuthModule } from './modules/auth/index.js';
import { GreeksModule } from './modules/greeks/index.js';
import { GttModule } from './modules/gtt/index.js';
import { InstrumentsModule } from './modules/instruments/index.js';
import { MutualFundsModule } from './modules/mutual-funds/index.js';
import { PortfolioModule } from './modules/portfolio/index.js';
import { WebSocketPoolModule } from './modules/websocket-pool/index.js';

export interface AppModuleOptions {
  config: AppConfig;
  /** DATABASE_URL, or the embedded server's URL, resolved before the module graph is built. */
  databaseUrl: string;
  /** Extra modules (tests use this to add probe routes). */
  imports?: ModuleMetadata['imports'];
  /** The clock every module reads; tests pin it (and share it with the simulator). Default: the system clock. */
  clock?: Clock;
}

export class AppModule {
  static forRoot({ config, databaseUrl, imports = [], clock }: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        ClockModule.forRoot(clock),
        LoggingModule,
        MetricsModule,
        DatabaseModule.forRoot(databaseUrl),
        RedisModule,
        HealthModule,
        ScheduleModule.forRoot(),
        SupervisorModule,
        EventsModule,
        AuthModule,
        AuditModule,
        AccountsModule,
        InstrumentsModule,
        GreeksModule,
        PortfolioModule,
        GttModule,
        MutualFundsModule,
        WebSocketPoolModule,
        ...imports,
      ],
      providers: [
        ProcessErrorMonitor,
        { provide: APP_FILTER, useClass: GlobalExceptionFilter },
        {
          provide: APP_PIPE,
          useValue: new ValidationPipe({
            transform: true,
            whitelist: true,
            forbidNonWhitelisted: true,
            exceptionFactory: (errors) => RequestValidationError.fromValidationErrors(errors),
          }),
        },
      ],
    };
  }
}
