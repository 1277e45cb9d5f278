import { IsBoolean, IsInt, IsOptional, IsString, Max, Min, Validate } from 'class-validator';
import { defineConfigSection } from '../config-section.js';
import { EnvBoolean, EnvNumber, EnvString, Secret } from '../env-decorators.js';
import { IsPostgresUrl } from '../validators.js';

class DatabaseEnv {
  @Secret() @EnvString() @IsOptional() @Validate(IsPostgresUrl) DATABASE_URL?: string;
  @EnvNumber() @IsInt() @Min(0) @Max(1000) DB_POOL_MIN = 2;
  @EnvNumber() @IsInt() @Min(1) @Max(1000) DB_POOL_MAX = 20;
  @EnvNumber() @IsInt() @Min(100) @Max(120_000) DB_POOL_ACQUIRE_TIMEOUT_MS = 5_000;
  @EnvNumber() @IsInt() @Min(1000) @Max(3_600_000) DB_POOL_IDLE_TIMEOUT_MS = 30_000;
  @EnvNumber() @IsInt() @Min(100) @Max(600_000) DB_STATEMENT_TIMEOUT_MS = 15_000;
  @EnvBoolean() @IsOptional() @IsBoolean() DB_MIGRATIONS_RUN?: boolean;
  @EnvString() @IsString() EMBEDDED_PG_DATA_DIR = './.data/postgres';
  @EnvNumber() @IsInt() @Min(1024) @Max(65535) EMBEDDED_PG_PORT = 54329;
}

export interface DatabaseConfig {
  /** Unset means: start the embedded PostgreSQL server. */
  url: string | undefined;
  poolMin: number;
  poolMax: number;
  acquireTimeoutMs: number;
  idleTimeoutMs: number;
  statementTimeoutMs: number;
  /** Apply pending migrations at start-up. Defaults to on for the embedded database, off otherwise. */
  migrationsRun: boolean;
  embedded: { dataDir: string; port: number };
}

export const databaseConfig = defineConfigSection(DatabaseEnv, (env): DatabaseConfig => ({
  url: env.DATABASE_URL,
  poolMin: Math.min(env.DB_POOL_MIN, env.DB_POOL_MAX),
  poolMax: env.DB_POOL_MAX,
  acquireTimeoutMs: env.DB_POOL_ACQUIRE_TIMEOUT_MS,
  idleTimeoutMs: env.DB_POOL_IDLE_TIMEOUT_MS,
  statementTimeoutMs: env.DB_STATEMENT_TIMEOUT_MS,
  migrationsRun: env.DB_MIGRATIONS_RUN ?? env.DATABASE_URL === undefined,
  embedded: {
    dataDir: env.EMBEDDED_PG_DATA_DIR,
    port: env.EMBEDDED_PG_PORT,
  },
}));

/**
 * The embedded PostgreSQL is a development and demo convenience (one local server, data in a directory,
 * no backups, no replicas): production must name its database.
 */
export const requireDatabaseUrlInProduction = (config: {
  app: { nodeEnv: string };
  database: DatabaseConfig;
}): string[] =>
  config.app.nodeEnv === 'production' && config.database.url === undefined
    ? [
        'DATABASE_URL must be set when NODE_ENV=production: the embedded PostgreSQL is for development and ' +
          'demos only (set DATABASE_URL to your PostgreSQL server, or NODE_ENV=development for a local run) [DATABASE_URL]',
      ]
    : [];
