import 'reflect-metadata';
import { startService, createBootstrapLogger, type RunningService } from './bootstrap.js';
import { AppConfig, ConfigValidationError, readProcessEnv } from './config/index.js';
import { EmbeddedPostgresStartupError } from './database/embedded/startup-error.js';
import { loadSimulatorConfig } from './simulator/config/load-simulator-config.js';

const EXIT_SUCCESS = 0;
const EXIT_FAILURE = 1;
const SIGNALS = ['SIGTERM', 'SIGINT'] as const;

/** Errors whose message says everything: printed without a stack trace. */
const isExplained = (error: unknown): error is Error =>
  error instanceof ConfigValidationError || error instanceof EmbeddedPostgresStartupError;

const main = async (): Promise<void> => {
  const env = readProcessEnv();
  const config = AppConfig.fromEnv(env);
  // SIM_* belong to the simulator: validated by its own loader, and only when the service runs one.
  const simulator = config.get('embeddedSimulator').enabled ? loadSimulatorConfig(env) : undefined;
  const logger = createBootstrapLogger(config);
  const graceMs = config.get('app').shutdownGracePeriodMs;
  // Installed before anything starts (the embedded database included): a signal during start-up aborts
  // it and stops whatever already runs, instead of killing the process and orphaning the database.
  const startup = new AbortController();
  let service: RunningService | undefined;
  let stopping = false;

  const exit = (exitCode: number): void => {
    logger.flush();
    process.exit(exitCode);
  };

  const stop = (reason: string, exitCode: number): void => {
    if (stopping) {
      logger.warn({ reason }, 'Already shutting down');
      return;
    }
    stopping = true;
    const deadline = setTimeout(() => {
      logger.error({ graceMs }, 'Shutdown exceeded the grace period: forcing exit');
      exit(EXIT_FAILURE);
    }, graceMs);
    deadline.unref();
    if (!service) {
      logger.info({ reason }, 'Stop requested during start-up: stopping what already runs');
      startup.abort(reason);
      return;
    }
    service
      .shutdown(reason)
      .then(() => {
        logger.info({ exitCode }, 'Shutdown complete');
        exit(exitCode);
      })
      .catch((error: unknown) => {
        logger.error({ err: error }, 'Shutdown failed');
        exit(EXIT_FAILURE);
      });
  };

  for (const signal of SIGNALS) {
    process.on(signal, () => stop(signal, EXIT_SUCCESS));
  }
  try {
    service = await startService(config, { signal: startup.signal, simulator });
  } catch (error) {
    if (startup.signal.aborted) {
      logger.info({ reason: startup.signal.reason as unknown }, 'Start-up interrupted; everything started has stopped');
      exit(EXIT_SUCCESS);
      return;
    }
    throw error;
  }
  service.onFatalError(() => stop('uncaughtException', EXIT_FAILURE));
};

main().catch((error: unknown) => {
  // Before the logger exists (bad configuration) or while booting: say why, exit non-zero, never listen.
  const message = isExplained(error) ? error.message : `Startup failed: ${String(error)}`;
  process.stderr.write(`${message}\n`);
  if (!isExplained(error) && error instanceof Error && error.stack) {
    process.stderr.write(`${error.stack}\n`);
  }
  process.exit(EXIT_FAILURE);
});
