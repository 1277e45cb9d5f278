import 'reflect-metadata';
import { startService, createBootstrapLogger } from './bootstrap.js';
import { AppConfig, ConfigValidationError } from './config/index.js';

const EXIT_FAILURE = 1;
const SIGNALS = ['SIGTERM', 'SIGINT'] as const;

const main = async (): Promise<void> => {
  const config = AppConfig.fromProcessEnv();
  const logger = createBootstrapLogger(config);
  const service = await startService(config);
  const graceMs = config.get('app').shutdownGracePeriodMs;

  const stop = (reason: string, exitCode: number): void => {
    const deadline = setTimeout(() => {
      logger.error({ graceMs }, 'Shutdown exceeded the grace period: forcing exit');
      process.exit(EXIT_FAILURE);
    }, graceMs);
    deadline.unref();
    service
      .shutdown(reason)
      .then(() => {
        logger.info({ exitCode }, 'Shutdown complete');
        logger.flush();
        process.exit(exitCode);
      })
      .catch((error: unknown) => {
        logger.error({ err: error }, 'Shutdown failed');
        process.exit(EXIT_FAILURE);
      });
  };

  for (const signal of SIGNALS) {
    process.once(signal, () => stop(signal, 0));
  }
  service.onFatalError(() => stop('uncaughtException', EXIT_FAILURE));
};

main().catch((error: unknown) => {
  // Before the logger exists (bad configuration) or while booting: say why, exit non-zero, never listen.
  const message = error instanceof ConfigValidationError ? error.message : `Startup failed: ${String(error)}`;
  process.stderr.write(`${message}\n`);
  if (!(error instanceof ConfigValidationError) && error instanceof Error && error.stack) {
    process.stderr.write(`${error.stack}\n`);
  }
  process.exit(EXIT_FAILURE);
});
