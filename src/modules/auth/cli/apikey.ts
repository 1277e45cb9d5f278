import 'reflect-metadata';
import { userInfo } from 'node:os';
import { pino } from 'pino';
import { pinoOptions } from '../../../common/logging/logger-options.js';
import { DomainError } from '../../../common/errors/index.js';
import { SystemClock } from '../../../common/time/index.js';
import { AppConfig, ConfigValidationError } from '../../../config/index.js';
import { createDataSource } from '../../../database/data-source.js';
import { runningEmbeddedPostgresUrl, startEmbeddedPostgres } from '../../../database/embedded/embedded-postgres.js';
import { ApiKeyAdmin } from '../api-keys/api-key-admin.js';
import { ApiKeyStore } from '../api-keys/api-key.store.js';
import { bootstrapLines, CliUsageError, runApiKeyCommand, USAGE } from './apikey-command.js';

/** `npm run apikey -- …`: API key administration straight against the database (DATABASE_URL or embedded). */
const main = async (): Promise<void> => {
  const argv = process.argv.slice(2);
  if (argv[0] === 'bootstrap') {
    process.stdout.write(`${await bootstrapLines()}\n`);
    return;
  }
  if (argv.length === 0 || argv[0] === 'help' || argv.includes('--help')) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const config = AppConfig.fromProcessEnv();
  const app = config.get('app');
  const logger = pino(pinoOptions({ level: app.logLevel === 'info' ? 'warn' : app.logLevel, format: app.logFormat }));
  const database = config.get('database');
  // With the embedded database: use the running service's server if there is one, else start (and stop) our own.
  const running = database.url === undefined ? await runningEmbeddedPostgresUrl(database.embedded) : undefined;
  const embedded =
    database.url === undefined && running === undefined
      ? await startEmbeddedPostgres(database.embedded, logger)
      : undefined;
  const dataSource = createDataSource(
    { ...database, poolMin: 0, poolMax: 1 },
    database.url ?? running ?? embedded?.url ?? '',
  );
  try {
    await dataSource.initialize();
    if (database.migrationsRun) {
      await dataSource.runMigrations({ transaction: 'each' });
    }
    const clock = new SystemClock();
    const admin = new ApiKeyAdmin(new ApiKeyStore(dataSource), clock);
    process.stdout.write(`${await runApiKeyCommand(argv, admin, clock, `cli:${userInfo().username}`)}\n`);
  } finally {
    await dataSource.destroy().catch(() => undefined);
    await embedded?.stop();
  }
};

main().catch((error: unknown) => {
  const message =
    error instanceof CliUsageError
      ? `${error.message}\n\n${USAGE}`
      : error instanceof ConfigValidationError || error instanceof DomainError
        ? error.message
        : `apikey failed: ${String(error)}`;
  process.stderr.write(`${message}\n`);
  process.exitCode = 1;
});
