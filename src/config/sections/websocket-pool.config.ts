import {
  IsInt,
  IsNumber,
  Max,
  Min,
  Validate,
  ValidatorConstraint,
  type ValidatorConstraintInterface,
} from 'class-validator';
import { defineConfigSection } from '../config-section.js';
import { EnvNumber, EnvString } from '../env-decorators.js';

/** Kite's documented WebSocket limits (kite-protocol.md §4): never configure past them. */
export const KITE_MAX_CONNECTIONS_PER_API_KEY = 3;
export const KITE_MAX_INSTRUMENTS_PER_CONNECTION = 3000;

@ValidatorConstraint({ name: 'isWsUrl' })
class IsWsUrl implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    if (typeof value !== 'string') {
      return false;
    }
    try {
      return ['ws:', 'wss:'].includes(new URL(value).protocol);
    } catch {
      return false;
    }
  }
  defaultMessage(): string {
    return '$property must be a ws:// or wss:// URL';
  }
}

class WebSocketPoolEnv {
  @EnvString() @Validate(IsWsUrl) KITE_WS_ROOT = 'wss://ws.kite.trade/';
  @EnvNumber() @IsInt() @Min(1) @Max(KITE_MAX_CONNECTIONS_PER_API_KEY) KITE_WS_CONNECTIONS_PER_ACCOUNT = 3;
  @EnvNumber() @IsInt() @Min(1) @Max(KITE_MAX_INSTRUMENTS_PER_CONNECTION) KITE_WS_INSTRUMENTS_PER_CONNECTION = 3000;
  @EnvNumber() @IsInt() @Min(10) @Max(60_000) WS_POOL_RECONNECT_INITIAL_DELAY_MS = 250;
  @EnvNumber() @IsInt() @Min(100) @Max(600_000) WS_POOL_RECONNECT_MAX_DELAY_MS = 5_000;
  @EnvNumber() @IsNumber() @Min(0) @Max(1) WS_POOL_RECONNECT_JITTER = 0.5;
  @EnvNumber() @IsInt() @Min(100) @Max(120_000) WS_POOL_CONNECT_TIMEOUT_MS = 10_000;
  @EnvNumber() @IsInt() @Min(500) @Max(600_000) WS_POOL_STALE_AFTER_MS = 5_000;
  @EnvNumber() @IsInt() @Min(500) @Max(3_600_000) WS_POOL_NO_TICKS_AFTER_MS = 30_000;
  @EnvNumber() @IsInt() @Min(1) @Max(KITE_MAX_INSTRUMENTS_PER_CONNECTION) WS_POOL_NO_TICKS_MIN_INSTRUMENTS = 10;
  @EnvNumber() @IsInt() @Min(50) @Max(60_000) WS_POOL_WATCHDOG_INTERVAL_MS = 1_000;
  @EnvNumber() @IsInt() @Min(0) @Max(3_600_000) WS_POOL_FAILOVER_AFTER_MS = 15_000;
  @EnvNumber() @IsInt() @Min(100) @Max(3_600_000) WS_POOL_REBALANCE_INTERVAL_MS = 5_000;
  @EnvNumber()
  @IsInt()
  @Min(1)
  @Max(KITE_MAX_INSTRUMENTS_PER_CONNECTION * KITE_MAX_CONNECTIONS_PER_API_KEY)
  WS_POOL_REBALANCE_MAX_MOVES = 500;
  @EnvNumber() @IsInt() @Min(1) @Max(KITE_MAX_INSTRUMENTS_PER_CONNECTION) WS_POOL_TOKENS_PER_MESSAGE = 1_000;
  @EnvNumber() @IsInt() @Min(1) @Max(10_000_000) WS_POOL_MAX_DESIRED_TOKENS = 100_000;
  @EnvNumber() @IsInt() @Min(1) @Max(1_000) WS_POOL_MAX_OWNERS_PER_TOKEN = 32;
  @EnvNumber() @IsNumber() @Min(0.01) @Max(1) WS_POOL_CAPACITY_WARNING_RATIO = 0.8;
  @EnvNumber() @IsInt() @Min(16) @Max(65_535) WS_POOL_BATCH_CAPACITY = 4_096;
  @EnvNumber() @IsInt() @Min(65_536) @Max(268_435_456) WS_POOL_MAX_FRAME_BYTES = 16_777_216;
  @EnvNumber() @IsInt() @Min(0) @Max(3_600_000) WS_POOL_LOG_INTERVAL_MS = 10_000;
}

export interface WebSocketPoolConfig {
  /** Kite's ticker root; the pool appends `?api_key=…&access_token=…` (a secret: never logged). */
  root: string;
  connectionsPerAccount: number;
  instrumentsPerConnection: number;
  reconnect: { initialDelayMs: number; maxDelayMs: number; jitter: number };
  connectTimeoutMs: number;
  staleAfterMs: number;
  noTicksAfterMs: number;
  /** The no-ticks watchdog ignores connections with fewer instruments (a few illiquid ones may rightly be quiet). */
  noTicksMinInstruments: number;
  watchdogIntervalMs: number;
  failoverAfterMs: number;
  rebalance: { intervalMs: number; maxMoves: number };
  tokensPerMessage: number;
  maxDesiredTokens: number;
  maxOwnersPerToken: number;
  capacityWarningRatio: number;
  batchCapacity: number;
  maxFrameBytes: number;
  logIntervalMs: number;
}

export const websocketPoolConfig = defineConfigSection(WebSocketPoolEnv, (env): WebSocketPoolConfig => ({
  root: env.KITE_WS_ROOT,
  connectionsPerAccount: env.KITE_WS_CONNECTIONS_PER_ACCOUNT,
  instrumentsPerConnection: env.KITE_WS_INSTRUMENTS_PER_CONNECTION,
  reconnect: {
    initialDelayMs: env.WS_POOL_RECONNECT_INITIAL_DELAY_MS,
    maxDelayMs: Math.max(env.WS_POOL_RECONNECT_MAX_DELAY_MS, env.WS_POOL_RECONNECT_INITIAL_DELAY_MS),
    jitter: env.WS_POOL_RECONNECT_JITTER,
  },
  connectTimeoutMs: env.WS_POOL_CONNECT_TIMEOUT_MS,
  staleAfterMs: env.WS_POOL_STALE_AFTER_MS,
  noTicksAfterMs: env.WS_POOL_NO_TICKS_AFTER_MS,
  noTicksMinInstruments: env.WS_POOL_NO_TICKS_MIN_INSTRUMENTS,
  watchdogIntervalMs: env.WS_POOL_WATCHDOG_INTERVAL_MS,
  failoverAfterMs: env.WS_POOL_FAILOVER_AFTER_MS,
  rebalance: { intervalMs: env.WS_POOL_REBALANCE_INTERVAL_MS, maxMoves: env.WS_POOL_REBALANCE_MAX_MOVES },
  tokensPerMessage: env.WS_POOL_TOKENS_PER_MESSAGE,
  maxDesiredTokens: env.WS_POOL_MAX_DESIRED_TOKENS,
  maxOwnersPerToken: env.WS_POOL_MAX_OWNERS_PER_TOKEN,
  capacityWarningRatio: env.WS_POOL_CAPACITY_WARNING_RATIO,
  batchCapacity: env.WS_POOL_BATCH_CAPACITY,
  maxFrameBytes: env.WS_POOL_MAX_FRAME_BYTES,
  logIntervalMs: env.WS_POOL_LOG_INTERVAL_MS,
}));
