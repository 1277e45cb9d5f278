import {
  ArrayNotEmpty,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  Validate,
  ValidateIf,
  ValidatorConstraint,
  type ValidatorConstraintInterface,
} from 'class-validator';
import { defineConfigSection } from '../config-section.js';
import { EnvBoolean, EnvList, EnvNumber, EnvString } from '../env-decorators.js';
import { EnvSecret, IsHttpUrl, SecretText } from './accounts-env.js';

/** Asymmetric algorithms only: a JWKS carries public keys, so HS* (and `none`) are never acceptable. */
export const JWT_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'EdDSA',
] as const;
export type JwtAlgorithm = (typeof JWT_ALGORITHMS)[number];
export const LOCAL_DEMO_MODES = ['auto', 'off'] as const;

/** `<key id>:<scrypt hash>` as printed by `npm run apikey -- bootstrap`. */
export const BOOTSTRAP_KEY_HASH_PATTERN =
  /^[a-z0-9]{12}:scrypt\$ln=\d{1,2},r=\d{1,2},p=\d{1,2}\$[A-Za-z0-9_-]{16,}\$[A-Za-z0-9_-]{32,}$/;

@ValidatorConstraint({ name: 'isBootstrapKeyHash' })
class IsBootstrapKeyHash implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return value instanceof SecretText && BOOTSTRAP_KEY_HASH_PATTERN.test(value.value);
  }
  defaultMessage(): string {
    return '$property must be the `<key id>:scrypt$…` line printed by `npm run apikey -- bootstrap`';
  }
}

const jwtConfigured = (env: AuthEnv): boolean => env.AUTH_JWT_JWKS_URL !== undefined;

class AuthEnv {
  @EnvString() @IsIn(LOCAL_DEMO_MODES) AUTH_LOCAL_DEMO: (typeof LOCAL_DEMO_MODES)[number] = 'auto';
  @EnvSecret() @IsOptional() @Validate(IsBootstrapKeyHash) AUTH_BOOTSTRAP_KEY_HASH?: SecretText;
  @EnvBoolean() @IsBoolean() AUTH_BOOTSTRAP_PRINT_KEY = true;
  @EnvNumber() @IsInt() @Min(1) @Max(1_000_000) AUTH_KEY_CACHE_MAX = 1_000;
  @EnvNumber() @IsInt() @Min(0) @Max(3_600_000) AUTH_KEY_CACHE_TTL_MS = 30_000;
  @EnvNumber() @IsInt() @Min(1) @Max(64) AUTH_HASH_MAX_CONCURRENT = 2;
  @EnvNumber() @IsInt() @Min(0) @Max(100_000) AUTH_HASH_MAX_QUEUED = 100;
  @EnvNumber() @IsInt() @Min(100) @Max(3_600_000) AUTH_LAST_USED_FLUSH_INTERVAL_MS = 60_000;
  @EnvNumber() @IsInt() @Min(1) @Max(1_000_000) AUTH_LAST_USED_MAX_PENDING = 10_000;
  @EnvNumber() @IsInt() @Min(1) @Max(1_000_000) AUTH_FAILURE_LIMIT_MAX = 10;
  @EnvNumber() @IsInt() @Min(1_000) @Max(86_400_000) AUTH_FAILURE_LIMIT_WINDOW_MS = 300_000;
  @EnvString() @IsOptional() @Validate(IsHttpUrl) AUTH_JWT_JWKS_URL?: string;
  @EnvString()
  @ValidateIf(jwtConfigured)
  @IsString({ message: 'AUTH_JWT_ISSUER is required when AUTH_JWT_JWKS_URL is set' })
  AUTH_JWT_ISSUER?: string;
  @EnvString()
  @ValidateIf(jwtConfigured)
  @IsString({ message: 'AUTH_JWT_AUDIENCE is required when AUTH_JWT_JWKS_URL is set' })
  AUTH_JWT_AUDIENCE?: string;
  @EnvList() @ArrayNotEmpty() @IsIn(JWT_ALGORITHMS, { each: true }) AUTH_JWT_ALGORITHMS: JwtAlgorithm[] = [
    'RS256',
    'ES256',
  ];
  @EnvNumber() @IsInt() @Min(0) @Max(600) AUTH_JWT_CLOCK_SKEW_S = 30;
  @EnvString() @Matches(/^[\w:./-]{1,100}$/) AUTH_JWT_SCOPES_CLAIM = 'scope';
  @EnvString() @IsOptional() @Matches(/^[\w:./-]{1,100}$/) AUTH_JWT_ACCOUNTS_CLAIM?: string;
  @EnvNumber() @IsInt() @Min(100) @Max(60_000) AUTH_JWT_JWKS_TIMEOUT_MS = 5_000;
  @EnvNumber() @IsInt() @Min(0) @Max(3_600_000) AUTH_JWT_JWKS_COOLDOWN_MS = 30_000;
  @EnvNumber() @IsInt() @Min(1_000) @Max(86_400_000) AUTH_JWT_JWKS_CACHE_MAX_AGE_MS = 600_000;
}

export interface JwtConfig {
  jwksUrl: string;
  issuer: string;
  audience: string;
  algorithms: JwtAlgorithm[];
  clockSkewSeconds: number;
  scopesClaim: string;
  accountsClaim: string | undefined;
  jwksTimeoutMs: number;
  /** After a fetch, no refetch (even for an unknown kid) for this long: bounds what bad tokens can cost. */
  jwksCooldownMs: number;
  jwksCacheMaxAgeMs: number;
}

export interface AuthConfig {
  localDemo: (typeof LOCAL_DEMO_MODES)[number];
  /** `<key id>:<scrypt hash>` of the first admin key, seeded when the api_key table is empty. */
  bootstrapKeyHash: string | undefined;
  /** With no key stored and no bootstrap hash: create one admin key and print it once on stderr. */
  bootstrapPrintKey: boolean;
  keyCache: { max: number; ttlMs: number };
  hashing: { maxConcurrent: number; maxQueued: number };
  lastUsed: { flushIntervalMs: number; maxPending: number };
  failureLimit: { max: number; windowMs: number };
  jwt: JwtConfig | undefined;
}

export const authConfig = defineConfigSection(AuthEnv, (env): AuthConfig => ({
  localDemo: env.AUTH_LOCAL_DEMO,
  bootstrapKeyHash: env.AUTH_BOOTSTRAP_KEY_HASH?.value,
  bootstrapPrintKey: env.AUTH_BOOTSTRAP_PRINT_KEY,
  keyCache: { max: env.AUTH_KEY_CACHE_MAX, ttlMs: env.AUTH_KEY_CACHE_TTL_MS },
  hashing: { maxConcurrent: env.AUTH_HASH_MAX_CONCURRENT, maxQueued: env.AUTH_HASH_MAX_QUEUED },
  lastUsed: { flushIntervalMs: env.AUTH_LAST_USED_FLUSH_INTERVAL_MS, maxPending: env.AUTH_LAST_USED_MAX_PENDING },
  failureLimit: { max: env.AUTH_FAILURE_LIMIT_MAX, windowMs: env.AUTH_FAILURE_LIMIT_WINDOW_MS },
  jwt:
    env.AUTH_JWT_JWKS_URL === undefined
      ? undefined
      : {
          jwksUrl: env.AUTH_JWT_JWKS_URL,
          issuer: env.AUTH_JWT_ISSUER ?? '',
          audience: env.AUTH_JWT_AUDIENCE ?? '',
          algorithms: [...new Set(env.AUTH_JWT_ALGORITHMS)],
          clockSkewSeconds: env.AUTH_JWT_CLOCK_SKEW_S,
          scopesClaim: env.AUTH_JWT_SCOPES_CLAIM,
          accountsClaim: env.AUTH_JWT_ACCOUNTS_CLAIM,
          jwksTimeoutMs: env.AUTH_JWT_JWKS_TIMEOUT_MS,
          jwksCooldownMs: env.AUTH_JWT_JWKS_COOLDOWN_MS,
          jwksCacheMaxAgeMs: env.AUTH_JWT_JWKS_CACHE_MAX_AGE_MS,
        },
}));
