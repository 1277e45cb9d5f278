import { IsBoolean, IsInt, IsOptional, Max, Min, Validate } from 'class-validator';
import { defineConfigSection } from '../config-section.js';
import { EnvBoolean, EnvList, EnvNumber } from '../env-decorators.js';
import { EnvSecret, type SecretText } from './accounts-env.js';
import { IsLongSecret, IsOriginList, IsProxyList } from './security-validators.js';

const MIN_METRICS_TOKEN_LENGTH = 32;

/** Transport and browser hygiene, inbound rate limits and the Prometheus scrape token. */
class SecurityEnv {
  @EnvList() @Validate(IsProxyList) TRUST_PROXY: string[] = [];
  @EnvList() @Validate(IsOriginList) CORS_ALLOWED_ORIGINS: string[] = [];
  @EnvBoolean() @IsOptional() @IsBoolean() API_DOCS_ENABLED?: boolean;
  @EnvSecret() @IsOptional() @Validate(IsLongSecret, [MIN_METRICS_TOKEN_LENGTH]) METRICS_BEARER_TOKEN?: SecretText;
  @EnvBoolean() @IsBoolean() RATE_LIMIT_ENABLED = true;
  @EnvNumber() @IsInt() @Min(100) @Max(86_400_000) RATE_LIMIT_WINDOW_MS = 60_000;
  @EnvNumber() @IsInt() @Min(1) @Max(10_000_000) RATE_LIMIT_PER_CREDENTIAL = 1_200;
  @EnvNumber() @IsInt() @Min(1) @Max(10_000_000) RATE_LIMIT_PER_IP = 300;
  @EnvNumber() @IsInt() @Min(100) @Max(10_000_000) RATE_LIMIT_LOCAL_CACHE_SIZE = 10_000;
}

export interface SecurityConfig {
  /** Addresses or CIDRs of reverse proxies whose X-Forwarded-* headers are believed; empty: none. */
  trustProxy: string[];
  /** Origins allowed to call the API from a browser; empty: CORS off (same-origin only). */
  corsAllowedOrigins: string[];
  /** Swagger UI and the OpenAPI document; undefined: on, except with NODE_ENV=production. */
  docsEnabled: boolean | undefined;
  metricsBearerToken: string | undefined;
  rateLimit: {
    enabled: boolean;
    windowMs: number;
    perCredential: number;
    perIp: number;
    /** Keys the in-process store keeps (LRU) when Redis is not configured. */
    localCacheSize: number;
  };
}

export const securityConfig = defineConfigSection(SecurityEnv, (env): SecurityConfig => {
  return {
    trustProxy: env.TRUST_PROXY,
    corsAllowedOrigins: env.CORS_ALLOWED_ORIGINS,
    docsEnabled: env.API_DOCS_ENABLED,
    metricsBearerToken: env.METRICS_BEARER_TOKEN?.value,
    rateLimit: {
      enabled: env.RATE_LIMIT_ENABLED,
      windowMs: env.RATE_LIMIT_WINDOW_MS,
      perCredential: env.RATE_LIMIT_PER_CREDENTIAL,
      perIp: env.RATE_LIMIT_PER_IP,
      localCacheSize: env.RATE_LIMIT_LOCAL_CACHE_SIZE,
    },
  };
});
