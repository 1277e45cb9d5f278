import { IsIn, IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { defineConfigSection } from '../config-section.js';
import { EnvNumber, EnvString } from '../env-decorators.js';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export const NODE_ENVS = ['development', 'production', 'test'] as const;
export type NodeEnv = (typeof NODE_ENVS)[number];
export const LOG_FORMATS = ['json', 'pretty'] as const;

class AppEnv {
  @EnvString() @IsIn(NODE_ENVS) NODE_ENV: NodeEnv = 'development';
  @EnvString() @IsString() HOST = '127.0.0.1';
  @EnvNumber() @IsInt() @Min(0) @Max(65535) PORT = 3000;
  @EnvString() @IsIn(LOG_LEVELS) LOG_LEVEL: LogLevel = 'info';
  @EnvString() @IsOptional() @IsIn(LOG_FORMATS) LOG_FORMAT?: (typeof LOG_FORMATS)[number];
  @EnvNumber() @IsInt() @Min(1000) @Max(600_000) SHUTDOWN_GRACE_PERIOD_MS = 25_000;
  @EnvNumber() @IsInt() @Min(1) @Max(600_000) HTTP_REQUEST_TIMEOUT_MS = 30_000;
  @EnvNumber() @IsInt() @Min(1024) @Max(104_857_600) HTTP_BODY_LIMIT_BYTES = 1_048_576;
}

export const appConfig = defineConfigSection(AppEnv, (env) => ({
  nodeEnv: env.NODE_ENV,
  host: env.HOST,
  port: env.PORT,
  logLevel: env.LOG_LEVEL,
  logFormat: env.LOG_FORMAT ?? (env.NODE_ENV === 'development' ? 'pretty' : 'json'),
  shutdownGracePeriodMs: env.SHUTDOWN_GRACE_PERIOD_MS,
  requestTimeoutMs: env.HTTP_REQUEST_TIMEOUT_MS,
  bodyLimitBytes: env.HTTP_BODY_LIMIT_BYTES,
}));
