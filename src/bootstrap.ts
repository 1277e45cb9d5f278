import type { ModuleMetadata } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger as NestPinoLogger } from 'nestjs-pino';
import { pino, type Logger } from 'pino';
import { AppModule } from './app.module.js';
import { attachRequestContext } from './common/http/request-context.js';
import { assignRequestId, REQUEST_ID_HEADER } from './common/http/request-id.js';
import { effectiveLogFormat, pinoOptions } from './common/logging/logger-options.js';
import { type Clock, ControllableClock, clockFor } from './common/time/index.js';
import { runtimeDescription } from './common/version.js';
import type { AppConfig } from './config/index.js';
import { type EmbeddedPostgresHandle, startEmbeddedPostgres } from './database/embedded/embedded-postgres.js';
import { HttpMetrics } from './infra/metrics/index.js';
import { gracefulShutdown } from './lifecycle/graceful-shutdown.js';
import { ProcessErrorMonitor } from './lifecycle/process-error-monitor.js';
import { AuditTrail } from './modules/audit/index.js';
import { HttpSecurity } from './modules/auth/index.js';
import { setupOpenApi } from './openapi.js';
import {
  loadSimulatorConfig,
  type SimulatorSettings,
  simulatorOptions,
} from './simulator/config/load-simulator-config.js';
import { type KiteSimulator, startKiteSimulator } from './simulator/simulator.js';

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
  /**
   * Injected as the app's Clock (tests pin the date and share it with the simulator). Default: the clock
   * CLOCK_MODE/CLOCK_AT ask for.
   */
  clock?: Clock;
  /** Aborted (e.g. by SIGTERM) during start-up: whatever already runs is stopped and startService rejects. */
  signal?: AbortSignal;
  /** The simulator's validated SIM_* settings, used when SIMULATOR_EMBEDDED=true (default: its defaults). */
  simulator?: SimulatorSettings;
}

export const createBootstrapLogger = (config: AppConfig): Logger => {
  const app = config.get('app');
  return pino(pinoOptions({ level: app.logLevel, format: app.logFormat }));
};

const warnIfPrettyUnavailable = (config: AppConfig, logger: Logger): void => {
  if (effectiveLogFormat(config.get('app').logFormat).fellBack) {
    logger.warn('LOG_FORMAT=pretty needs the pino-pretty development dependency, which is not installed: logging JSON');
  }
};

/** Starts the whole service: embedded PostgreSQL when no DATABASE_URL, the Nest app, the HTTP listener. */
export const startService = async (config: AppConfig, options: StartOptions = {}): Promise<RunningService> => {
  const logger = createBootstrapLogger(config);
  warnIfPrettyUnavailable(config, logger);
  const database = config.get('database');
  const { signal } = options;
  const embedded: EmbeddedPostgresHandle | undefined =
    database.url === undefined ? await startEmbeddedPostgres(database.embedded, logger, signal) : undefined;
  let app: NestFastifyApplication | undefined;
  let simulator: KiteSimulator | undefined;
  try {
    signal?.throwIfAborted();
    const clock = options.clock ?? clockFor(config.get('clock'));
    if (config.get('embeddedSimulator').enabled) {
      simulator = await startEmbeddedSimulator(options.simulator, logger, clock);
      signal?.throwIfAborted();
    }
    app = await createApp(config, database.url ?? embedded?.url ?? '', { ...options, clock });
    signal?.throwIfAborted();
    const { host, port } = config.get('app');
    await app.listen({ host, port });
    signal?.throwIfAborted();
    const url = (await app.getUrl()).replace('[::1]', '127.0.0.1').replace('0.0.0.0', '127.0.0.1');
    const started = app;
    const clockMode = clock instanceof ControllableClock ? clock.currentMode : 'real';
    logger.info(
      {
        url,
        pid: process.pid,
        database: embedded ? 'embedded' : 'external',
        runtime: runtimeDescription(),
        clock: { mode: clockMode, now: clock.nowDate() },
      },
      'ticker-service listening',
    );
    let stopping: Promise<void> | undefined;
    return {
      app: started,
      url,
      shutdown: (reason) =>
        (stopping ??= (async () => {
          try {
            await gracefulShutdown(started, { drainMs: config.get('health').readinessDrainMs, logger, reason });
          } finally {
            await simulator?.handle.stop();
            await embedded?.stop();
          }
        })()),
      onFatalError: (handler) => started.get(ProcessErrorMonitor).onFatalError(handler),
    };
  } catch (error) {
    await app?.close().catch((closeError: unknown) => logger.error({ err: closeError }, 'Closing the app failed'));
    await simulator?.handle.stop();
    await embedded?.stop();
    throw error;
  }
};

/**
 * SIMULATOR_EMBEDDED=true: a Kite simulator in this process, where its own SIM_* settings say. It reads the
 * service's clock when that one is controllable (CLOCK_MODE fixed or shifted), so both agree on the date.
 */
const startEmbeddedSimulator = async (
  settings: SimulatorSettings = loadSimulatorConfig({}),
  logger: Logger,
  clock: Clock,
): Promise<KiteSimulator> => {
  const options = simulatorOptions(settings);
  const shared = clock instanceof ControllableClock ? { ...options.clock, instance: clock } : options.clock;
  const simulator = await startKiteSimulator({ ...options, clock: shared });
  const { restUrl, wsUrl, loginUrl, controlUrl } = simulator;
  logger.info({ restUrl, wsUrl, loginUrl, controlUrl }, 'Embedded Kite simulator listening');
  return simulator;
};

const createApp = async (config: AppConfig, databaseUrl: string, options: StartOptions) => {
  const app = config.get('app');
  const adapter = new FastifyAdapter({
    genReqId: assignRequestId,
    bodyLimit: app.bodyLimitBytes,
    requestTimeout: app.requestTimeoutMs,
    // Forwarded headers are believed only from the configured proxies; by default from no one.
    trustProxy: config.get('security').trustProxy.length > 0 ? config.get('security').trustProxy : false,
  });
  const nest = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot({
      config,
      databaseUrl,
      imports: options.imports,
      clock: options.clock,
    }),
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
  await nest.get(HttpSecurity).attach(nest);
  nest.get(AuditTrail).attach(fastify);
  if (config.get('security').docsEnabled ?? app.nodeEnv !== 'production') {
    setupOpenApi(nest);
  }
  return nest;
};
