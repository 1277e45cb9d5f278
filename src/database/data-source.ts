import { DataSource, type DataSourceOptions } from 'typeorm';
import { migrations } from '../../migrations/index.js';
import type { DatabaseConfig } from '../config/sections/database.config.js';

const APPLICATION_NAME = 'ticker-service';

/**
 * The one definition of how we talk to PostgreSQL, shared by the app (TypeOrmModule) and the migration
 * runner, so the two can never disagree about pool settings or the migration list.
 */
export const buildDataSourceOptions = (config: DatabaseConfig, url: string): DataSourceOptions => ({
  type: 'postgres',
  url,
  applicationName: APPLICATION_NAME,
  synchronize: false,
  migrationsRun: false,
  migrations,
  migrationsTableName: 'schema_migrations',
  migrationsTransactionMode: 'each',
  connectTimeoutMS: config.acquireTimeoutMs,
  poolSize: config.poolMax,
  extra: {
    min: config.poolMin,
    idleTimeoutMillis: config.idleTimeoutMs,
    statement_timeout: config.statementTimeoutMs,
    // Timestamps are stored as timestamptz and read as UTC instants, whatever the host's zone.
    options: '-c TimeZone=UTC',
  },
});

export const createDataSource = (config: DatabaseConfig, url: string): DataSource =>
  new DataSource(buildDataSourceOptions(config, url));
