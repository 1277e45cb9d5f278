import type { ModuleMetadata } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger as NestPinoLogger } from 'nestjs-pino';
import { pino, type Logger } from 'pino';
import { AppModule } from './app.module.js';
import { attachRequestContext } from './common/http/request-context.js';
import { assignRequestId, REQUEST_ID_HEADER } from './common/http/request-id.js';
import { pinoOptions } from './common/logging/logger-options.js';
import type { Clock } from './common/time/index.js';
import type { AppConfig } from './config/index.js';
import { type EmbeddedPostgresHandle, startEmbeddedPostgres } from './database/embedded-postgres.js';
import { HttpMetrics } from './infra/metrics/index.js';
import { gracefulShutdown } from './lifecycle/graceful-shutdown.js';
import { ProcessErrorMonitor } from './lifecycle/process-error-monitor.js';
import { setupOpenApi } from './openapi.js';

export interface RunningService {
  app: NestFastifyApplication;
  /** Base URL the service listens on, e.g. http://127.0.0.1:3000 */
  url: string;
  /** Idempotent: runs the graceful shutdown sequence once, then stops the embedded database. */
  shutdown(reason: string): Promise<void>;
  /** Called with the error when an uncaught exception makes the process unfit to continue. */
  onFatalError(handler: (error: unknown) => void): void;
}

export interface StartOptions {
  imports?: ModuleMetadata['imports'];
  /** Injected as the app's Clock (tests pin the date; the demo shares it with the embedded simulator). */
  clock?: Clock;
}

export const createBootstrapLogger = (config: AppConfig): Logger => {
  const app = config.get('app');
  return pino(pinoOptions({ level: app.logLevel, format: app.logFormat }));
};

/** Starts the whole service: embedded PostgreSQL when no DATABASE_URL, the Nest app, the HTTP listener. */
export const startService = async (config: AppConfig, options: StartOptions = {}): Promise<RunningService> => {
  const logger = createBootstrapLogger(config);
  const database = config.get('database');
  const embedded: EmbeddedPostgresHandle | undefined =
    database.url === undefined ? await startEmbeddedPostgres(database.embedded, logger) : undefined;
  try {
    const app = await createApp(config, database.url ?? embedded?.url ?? '', options);
    const { host, port } = config.get('app');
    await app.listen({ host, port });
    const url = (await app.getUrl()).replace('[::1]', '127.0.0.1').replace('0.0.0.0', '127.0.0.1');
    logger.info({ url, database: embedded ? 'embedded' : 'external' }, 'ticker-service listening');
    let stopping: Promise<void> | undefined;
    return {
      app,
      url,
      shutdown: (reason) =>
        (stopping ??= (async () => {
          try {
            await gracefulShutdown(app, { drainMs: config.get('health').readinessDrainMs, logger, reason });
          } finally {
            await embedded?.stop();
          }
        })()),
      onFatalError: (handler) => app.get(ProcessErrorMonitor).onFatalError(handler),
    };
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
};

const createApp = async (config: AppConfig, databaseUrl: string, options: StartOptions) => {
  const app = config.get('app');
  const adapter = new FastifyAdapter({
    genReqId: assignRequestId,
    bodyLimit: app.bodyLimitBytes,
    requestTimeout: app.requestTimeoutMs,
    trustProxy: true,
  });
  const nest = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot({ config, databaseUrl, imports: options.imports, clock: options.clock }),
    adapter,
    { bufferLogs: true, abortOnError: false },
  );
  nest.useLogger(nest.get(NestPinoLogger));
  const fastify = nest.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header(REQUEST_ID_HEADER, request.id);
    done();
  });
  attachRequestContext(fastify);
  nest.get(HttpMetrics).attach(fastify);
  setupOpenApi(nest);
  return nest;
};
