import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig } from '../../config/index.js';
import { pinoOptions } from './logger-options.js';

@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => {
        const app = config.get('app');
        return {
          pinoHttp: {
            ...pinoOptions({ level: app.logLevel, format: app.logFormat }),
            // Request lines and the request id come from Fastify hooks (attachRequestContext); pino-http's
            // middleware is not reliable under Fastify's middie for requests with a body.
            autoLogging: false,
            quietReqLogger: true,
          },
        };
      },
    }),
  ],
})
export class LoggingModule {}
