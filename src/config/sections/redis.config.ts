import { IsBoolean, IsInt, IsOptional, IsString, Max, Min, Validate } from 'class-validator';
import { defineConfigSection } from '../config-section.js';
import { EnvBoolean, EnvNumber, EnvString, Secret } from '../env-decorators.js';
import { IsRedisUrl } from '../validators.js';

class RedisEnv {
  @Secret() @EnvString() @IsOptional() @Validate(IsRedisUrl) REDIS_URL?: string;
  @EnvString() @IsString() REDIS_KEY_PREFIX = 'ticker:';
  @EnvBoolean() @IsBoolean() REDIS_REQUIRED_FOR_READINESS = true;
  @EnvNumber() @IsInt() @Min(50) @Max(60_000) REDIS_COMMAND_TIMEOUT_MS = 2_000;
  @EnvNumber() @IsInt() @Min(50) @Max(60_000) REDIS_CONNECT_TIMEOUT_MS = 5_000;
  @EnvNumber() @IsInt() @Min(10) @Max(60_000) REDIS_RECONNECT_BASE_DELAY_MS = 100;
  @EnvNumber() @IsInt() @Min(100) @Max(300_000) REDIS_RECONNECT_MAX_DELAY_MS = 5_000;
  @EnvNumber() @IsInt() @Min(0) @Max(1_000_000) REDIS_MAX_OFFLINE_QUEUE = 10_000;
  @EnvNumber() @IsInt() @Min(1) @Max(1_000_000) EMBEDDED_BUS_MAX_PENDING = 10_000;
}

export interface RedisConfig {
  /** Unset means: use the in-process bus. */
  url: string | undefined;
  keyPrefix: string;
  /** With REDIS_URL set: an instance whose Redis does not answer reports not ready (503 on /health/ready). */
  requiredForReadiness: boolean;
  commandTimeoutMs: number;
  connectTimeoutMs: number;
  reconnectBaseDelayMs: number;
  reconnectMaxDelayMs: number;
  maxOfflineQueue: number;
  embeddedBusMaxPending: number;
}

export const redisConfig = defineConfigSection(RedisEnv, (env): RedisConfig => ({
  url: env.REDIS_URL,
  keyPrefix: env.REDIS_KEY_PREFIX,
  requiredForReadiness: env.REDIS_REQUIRED_FOR_READINESS,
  commandTimeoutMs: env.REDIS_COMMAND_TIMEOUT_MS,
  connectTimeoutMs: env.REDIS_CONNECT_TIMEOUT_MS,
  reconnectBaseDelayMs: env.REDIS_RECONNECT_BASE_DELAY_MS,
  reconnectMaxDelayMs: Math.max(env.REDIS_RECONNECT_MAX_DELAY_MS, env.REDIS_RECONNECT_BASE_DELAY_MS),
  maxOfflineQueue: env.REDIS_MAX_OFFLINE_QUEUE,
  embeddedBusMaxPending: env.EMBEDDED_BUS_MAX_PENDING,
}));
