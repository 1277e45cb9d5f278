import { Module } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig } from '../../config/index.js';
import { REQUEST_ID_HEADER } from '../http/request-id.js';
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
            // The id was assigned by Fastify's genReqId, which stores it on the raw request header.
            genReqId: (req: IncomingMessage) => String(req.headers[REQUEST_ID_HEADER]),
            customLogLevel: (_req, res, err) =>
              err !== undefined || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
            autoLogging: { ignore: (req) => req.url === '/health/live' || req.url === '/metrics' },
            serializers: {
              req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url }),
            },
          },
        };
      },
    }),
  ],
})
export class LoggingModule {}
