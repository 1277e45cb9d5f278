import { Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import { PinoLogger } from 'nestjs-pino';
import type { Counter } from 'prom-client';
import { PROCESS_ERRORS } from '../infra/metrics/index.js';

export type FatalErrorHandler = (error: unknown) => void;

/**
 * Logs and counts unhandled rejections and uncaught exceptions. A rejection is isolated to its promise, so
 * the process carries on; after an uncaught exception the process state is unknown, so it shuts down
 * gracefully and exits non-zero (via the handler bootstrap installs) instead of living on half broken.
 */
@Injectable()
export class ProcessErrorMonitor implements OnModuleInit, OnApplicationShutdown {
  private fatalHandler: FatalErrorHandler | undefined;

  constructor(
    private readonly logger: PinoLogger,
    @InjectMetric(PROCESS_ERRORS) private readonly errors: Counter<string>,
  ) {
    logger.setContext(ProcessErrorMonitor.name);
  }

  onFatalError(handler: FatalErrorHandler): void {
    this.fatalHandler = handler;
  }

  onModuleInit(): void {
    process.on('unhandledRejection', this.onUnhandledRejection);
    process.on('uncaughtException', this.onUncaughtException);
  }

  onApplicationShutdown(): void {
    process.off('unhandledRejection', this.onUnhandledRejection);
    process.off('uncaughtException', this.onUncaughtException);
  }

  private readonly onUnhandledRejection = (reason: unknown): void => {
    this.errors.inc({ kind: 'unhandled_rejection' });
    this.logger.error({ err: reason }, 'Unhandled promise rejection');
  };

  private readonly onUncaughtException = (error: Error, origin: string): void => {
    this.errors.inc({ kind: 'uncaught_exception' });
    this.logger.fatal({ err: error, origin }, 'Uncaught exception: shutting down');
    this.fatalHandler?.(error);
  };
}
