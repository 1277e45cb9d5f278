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
  @EnvBoolean() @IsBoolean() EMBEDDED_PG_GRANT_TRAVERSE = true;
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
  embedded: { dataDir: string; port: number; grantTraverse: boolean };
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
    grantTraverse: env.EMBEDDED_PG_GRANT_TRAVERSE,
  },
}));
