import { pino } from 'pino';
import { AppConfig, ConfigValidationError } from '../config/index.js';
import { pinoOptions } from '../common/logging/logger-options.js';
import { createDataSource } from './data-source.js';
import { startEmbeddedPostgres } from './embedded/embedded-postgres.js';

/** `npm run migration:run`: applies pending migrations to DATABASE_URL, or to the embedded database. */
const main = async (): Promise<void> => {
  const config = AppConfig.fromProcessEnv();
  const app = config.get('app');
  const logger = pino(pinoOptions({ level: app.logLevel, format: app.logFormat }));
  const database = config.get('database');
  const embedded = database.url === undefined ? await startEmbeddedPostgres(database.embedded, logger) : undefined;
  const dataSource = createDataSource(database, database.url ?? embedded?.url ?? '');
  try {
    await dataSource.initialize();
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    logger.info({ applied: applied.map((m) => m.name) }, `Applied ${applied.length} migration(s)`);
  } finally {
    await dataSource.destroy().catch(() => undefined);
    await embedded?.stop();
  }
};

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof ConfigValidationError ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
