import { IsDefined, IsInt, IsString, Matches, Max, Min, Validate, ValidateIf } from 'class-validator';
import { defineConfigSection } from '../config-section.js';
import { EnvNumber, EnvString, Secret } from '../env-decorators.js';
import {
  EnvSecret,
  IsAccountList,
  IsEncryptionKey,
  IsKeyRing,
  IsHttpUrl,
  parseAccountList,
  parseKeyRing,
  type ConfiguredAccount,
  SecretText,
} from './accounts-env.js';

export type { ConfiguredAccount } from './accounts-env.js';

const IST_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

const hasAccounts = (env: AccountsEnv): boolean => parseAccountList(env.KITE_ACCOUNTS?.value).accounts.length > 0;

class AccountsEnv {
  @Secret() @EnvSecret() @Validate(IsAccountList) KITE_ACCOUNTS?: SecretText;
  @Secret()
  @EnvSecret()
  @ValidateIf((env: AccountsEnv) => hasAccounts(env) || env.KITE_ENCRYPTION_KEY !== undefined)
  @IsDefined({ message: 'KITE_ENCRYPTION_KEY is required when KITE_ACCOUNTS configures any account' })
  @Validate(IsEncryptionKey)
  KITE_ENCRYPTION_KEY?: SecretText;
  @EnvString() @Matches(/^[A-Za-z0-9_-]{1,16}$/) KITE_ENCRYPTION_KEY_ID = 'k1';
  @Secret() @EnvSecret() @Validate(IsKeyRing) KITE_ENCRYPTION_PREVIOUS_KEYS?: SecretText;
  @EnvString() @Validate(IsHttpUrl) KITE_API_ROOT = 'https://api.kite.trade';
  @EnvString() @Validate(IsHttpUrl) KITE_LOGIN_URL = 'https://kite.zerodha.com/connect/login';
  @EnvString() @IsString() @Matches(IST_TIME) KITE_TOKEN_EXPIRY_IST = '06:00';
  @EnvNumber() @IsInt() @Min(100) @Max(3_600_000) KITE_SESSION_SWEEP_INTERVAL_MS = 30_000;
  @EnvNumber() @IsInt() @Min(100) @Max(120_000) KITE_REQUEST_TIMEOUT_MS = 7_000;
  @EnvNumber() @IsInt() @Min(1) @Max(1_000) KITE_RATE_QUOTE_PER_SECOND = 1;
  @EnvNumber() @IsInt() @Min(1) @Max(1_000) KITE_RATE_HISTORICAL_PER_SECOND = 3;
  @EnvNumber() @IsInt() @Min(1) @Max(1_000) KITE_RATE_ORDERS_PER_SECOND = 10;
  @EnvNumber() @IsInt() @Min(1) @Max(100_000) KITE_RATE_ORDERS_PER_MINUTE = 400;
  @EnvNumber() @IsInt() @Min(1) @Max(1_000_000) KITE_RATE_ORDERS_PER_DAY = 5_000;
  @EnvNumber() @IsInt() @Min(1) @Max(1_000) KITE_RATE_OTHER_PER_SECOND = 10;
  @EnvNumber() @IsInt() @Min(0) @Max(5_000) KITE_RATE_SAFETY_MARGIN_MS = 50;
  @EnvNumber() @IsInt() @Min(0) @Max(100_000) KITE_RATE_MAX_WAITERS = 200;
  @EnvNumber() @IsInt() @Min(1) @Max(1_000) KITE_BREAKER_FAILURE_THRESHOLD = 5;
  @EnvNumber() @IsInt() @Min(100) @Max(3_600_000) KITE_BREAKER_OPEN_MS = 30_000;
  @EnvNumber() @IsInt() @Min(1) @Max(100) KITE_BREAKER_HALF_OPEN_PROBES = 1;
  @EnvNumber() @IsInt() @Min(1) @Max(10) KITE_RETRY_MAX_ATTEMPTS = 3;
  @EnvNumber() @IsInt() @Min(1) @Max(60_000) KITE_RETRY_BASE_DELAY_MS = 200;
  @EnvNumber() @IsInt() @Min(1) @Max(300_000) KITE_RETRY_MAX_DELAY_MS = 3_000;
  @EnvNumber() @IsInt() @Min(1) @Max(1_000) KITE_MAX_CONCURRENT_PER_ACCOUNT = 8;
  @EnvNumber() @IsInt() @Min(0) @Max(100_000) KITE_MAX_QUEUED_PER_ACCOUNT = 200;
  @EnvNumber() @IsInt() @Min(1) @Max(600_000) KITE_QUEUE_WAIT_TIMEOUT_MS = 15_000;
}

export interface RateLimitConfig {
  quotePerSecond: number;
  historicalPerSecond: number;
  ordersPerSecond: number;
  ordersPerMinute: number;
  /** Order placements per IST calendar day (modifications and cancellations do not count). */
  ordersPerDay: number;
  otherPerSecond: number;
  /** Added to every window, so requests that arrive at Kite closer together than we sent them still pass. */
  safetyMarginMs: number;
  /** Callers allowed to wait for a slot per API key and kind of call; beyond this a call fails at once. */
  maxWaiters: number;
}

export interface AccountsConfig {
  accounts: ConfiguredAccount[];
  encryption: { currentKeyId: string; keys: Map<string, Buffer> } | undefined;
  apiRoot: string;
  loginUrl: string;
  /** IST wall-clock time at which Kite invalidates every access token. */
  tokenExpiryIst: { hour: number; minute: number };
  /** How often expiries are applied and sessions stored by other instances picked up. */
  sessionSweepIntervalMs: number;
  requestTimeoutMs: number;
  rateLimits: RateLimitConfig;
  breaker: { failureThreshold: number; openMs: number; halfOpenProbes: number };
  retry: { maxAttempts: number; baseDelayMs: number; maxDelayMs: number };
  concurrency: { maxConcurrent: number; maxQueued: number; queueTimeoutMs: number };
}

const parseIstTime = (value: string): { hour: number; minute: number } => {
  const [hour = 0, minute = 0] = value.split(':').map(Number);
  return { hour, minute };
};

export const accountsConfig = defineConfigSection(AccountsEnv, (env): AccountsConfig => {
  const key = env.KITE_ENCRYPTION_KEY?.value;
  const keys = parseKeyRing(env.KITE_ENCRYPTION_PREVIOUS_KEYS?.value).keys;
  if (key !== undefined) {
    keys.set(env.KITE_ENCRYPTION_KEY_ID, Buffer.from(key, 'base64'));
  }
  return {
    accounts: parseAccountList(env.KITE_ACCOUNTS?.value).accounts,
    encryption: key === undefined ? undefined : { currentKeyId: env.KITE_ENCRYPTION_KEY_ID, keys },
    apiRoot: env.KITE_API_ROOT.replace(/\/+$/, ''),
    loginUrl: env.KITE_LOGIN_URL,
    tokenExpiryIst: parseIstTime(env.KITE_TOKEN_EXPIRY_IST),
    sessionSweepIntervalMs: env.KITE_SESSION_SWEEP_INTERVAL_MS,
    requestTimeoutMs: env.KITE_REQUEST_TIMEOUT_MS,
    rateLimits: {
      quotePerSecond: env.KITE_RATE_QUOTE_PER_SECOND,
      historicalPerSecond: env.KITE_RATE_HISTORICAL_PER_SECOND,
      ordersPerSecond: env.KITE_RATE_ORDERS_PER_SECOND,
      ordersPerMinute: env.KITE_RATE_ORDERS_PER_MINUTE,
      ordersPerDay: env.KITE_RATE_ORDERS_PER_DAY,
      otherPerSecond: env.KITE_RATE_OTHER_PER_SECOND,
      safetyMarginMs: env.KITE_RATE_SAFETY_MARGIN_MS,
      maxWaiters: env.KITE_RATE_MAX_WAITERS,
    },
    breaker: {
      failureThreshold: env.KITE_BREAKER_FAILURE_THRESHOLD,
      openMs: env.KITE_BREAKER_OPEN_MS,
      halfOpenProbes: env.KITE_BREAKER_HALF_OPEN_PROBES,
    },
    retry: {
      maxAttempts: env.KITE_RETRY_MAX_ATTEMPTS,
      baseDelayMs: env.KITE_RETRY_BASE_DELAY_MS,
      maxDelayMs: Math.max(env.KITE_RETRY_MAX_DELAY_MS, env.KITE_RETRY_BASE_DELAY_MS),
    },
    concurrency: {
      maxConcurrent: env.KITE_MAX_CONCURRENT_PER_ACCOUNT,
      maxQueued: env.KITE_MAX_QUEUED_PER_ACCOUNT,
      queueTimeoutMs: env.KITE_QUEUE_WAIT_TIMEOUT_MS,
    },
  };
});
