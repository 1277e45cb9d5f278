import { IsBoolean, IsIn, IsInt, IsNumber, IsOptional, IsString, Max, Min } from 'class-validator';
import { defineConfigSection } from '../../config/config-section.js';
import { EnvBoolean, EnvList, EnvNumber, EnvString, Secret } from '../../config/env-decorators.js';

const CLOCK_MODES = ['real', 'fixed', 'shifted'] as const;
const MAX_RATE = 1_000_000;

/**
 * Knobs of the Kite simulator's market, REST side and sessions (docs/simulator.md, simulator.env.example). The
 * simulator validates these itself (loadSimulatorConfig); the product's configuration never reads SIM_*.
 * 0 disables a rate limit.
 */
class SimulatorEnv {
  @EnvString() @IsString() SIM_HOST = '127.0.0.1';
  @EnvNumber() @IsInt() @Min(0) @Max(65535) SIM_PORT = 8765;
  @EnvNumber() @IsInt() @Min(0) @Max(2_147_483_647) SIM_SEED = 1;
  @EnvString() @IsIn(CLOCK_MODES) SIM_CLOCK_MODE: (typeof CLOCK_MODES)[number] = 'real';
  @EnvString() @IsOptional() @IsString() SIM_CLOCK_AT?: string;
  @EnvList() @IsString({ each: true }) SIM_HOLIDAYS: string[] = [];
  @EnvBoolean() @IsBoolean() SIM_MOVE_OUTSIDE_SESSION = false;
  @EnvBoolean() @IsBoolean() SIM_ENFORCE_MARKET_HOURS = true;
  @EnvBoolean() @IsBoolean() SIM_CSV_TRAILING_NEWLINE = true;
  @EnvString() @IsString() SIM_API_KEY = 'simkey';
  @Secret() @EnvString() @IsString() SIM_API_SECRET = 'simsecret';
  @Secret() @EnvString() @IsString() SIM_ACCESS_TOKEN = 'simtoken';
  @EnvString() @IsString() SIM_USER_ID = 'SIM001';
  @EnvString() @IsOptional() @IsString() SIM_LOGIN_REDIRECT_URL?: string;
  @EnvNumber() @IsNumber() @Min(0) @Max(MAX_RATE) SIM_RATE_QUOTE_PER_SECOND = 1;
  @EnvNumber() @IsNumber() @Min(0) @Max(MAX_RATE) SIM_RATE_HISTORICAL_PER_SECOND = 3;
  @EnvNumber() @IsNumber() @Min(0) @Max(MAX_RATE) SIM_RATE_ORDERS_PER_SECOND = 10;
  @EnvNumber() @IsNumber() @Min(0) @Max(MAX_RATE) SIM_RATE_ORDERS_PER_MINUTE = 400;
  @EnvNumber() @IsNumber() @Min(0) @Max(MAX_RATE) SIM_RATE_ORDERS_PER_DAY = 5_000;
  @EnvNumber() @IsNumber() @Min(0) @Max(MAX_RATE) SIM_RATE_OTHER_PER_SECOND = 10;
  @EnvNumber() @IsInt() @Min(1) @Max(1_000) SIM_MAX_ORDER_MODIFICATIONS = 25;
  @EnvNumber() @IsNumber() @Min(0) SIM_OPENING_BALANCE = 10_000_000;
}

export const simulatorConfig = defineConfigSection(SimulatorEnv, (env) => ({
  host: env.SIM_HOST,
  port: env.SIM_PORT,
  seed: env.SIM_SEED,
  clock: { mode: env.SIM_CLOCK_MODE, at: env.SIM_CLOCK_AT, holidays: env.SIM_HOLIDAYS },
  moveOutsideSession: env.SIM_MOVE_OUTSIDE_SESSION,
  enforceMarketHours: env.SIM_ENFORCE_MARKET_HOURS,
  csvTrailingNewline: env.SIM_CSV_TRAILING_NEWLINE,
  user: {
    apiKey: env.SIM_API_KEY,
    apiSecret: env.SIM_API_SECRET,
    accessToken: env.SIM_ACCESS_TOKEN,
    userId: env.SIM_USER_ID,
  },
  loginRedirectUrl: env.SIM_LOGIN_REDIRECT_URL,
  rateLimits: {
    quotePerSecond: env.SIM_RATE_QUOTE_PER_SECOND,
    historicalPerSecond: env.SIM_RATE_HISTORICAL_PER_SECOND,
    ordersPerSecond: env.SIM_RATE_ORDERS_PER_SECOND,
    ordersPerMinute: env.SIM_RATE_ORDERS_PER_MINUTE,
    ordersPerDay: env.SIM_RATE_ORDERS_PER_DAY,
    otherPerSecond: env.SIM_RATE_OTHER_PER_SECOND,
  },
  maxModifications: env.SIM_MAX_ORDER_MODIFICATIONS,
  openingBalance: env.SIM_OPENING_BALANCE,
}));

export type SimulatorConfig = ReturnType<typeof simulatorConfig.map>;
