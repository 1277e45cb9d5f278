import { IsInt, Max, Min } from 'class-validator';
import { defineConfigSection } from '../config-section.js';
import { EnvNumber } from '../env-decorators.js';

const HOUR_MS = 3_600_000;

class PortfolioEnv {
  @EnvNumber() @IsInt() @Min(0) @Max(HOUR_MS) PORTFOLIO_PROFILE_CACHE_TTL_MS = 300_000;
  @EnvNumber() @IsInt() @Min(0) @Max(60_000) PORTFOLIO_MARGINS_CACHE_TTL_MS = 2_000;
  @EnvNumber() @IsInt() @Min(0) @Max(60_000) PORTFOLIO_HOLDINGS_CACHE_TTL_MS = 5_000;
  @EnvNumber() @IsInt() @Min(0) @Max(10_000) PORTFOLIO_POSITIONS_CACHE_TTL_MS = 1_000;
  @EnvNumber() @IsInt() @Min(1) @Max(100_000) PORTFOLIO_CACHE_MAX_ENTRIES = 1_000;
}

export interface PortfolioConfig {
  /** How long each kind of account data may be served from memory (0 = always ask Kite). */
  ttlMs: { profile: number; margins: number; holdings: number; positions: number };
  /** Entries kept (accounts × kinds); the least recently used goes first beyond it. */
  maxEntries: number;
}

export const portfolioConfig = defineConfigSection(PortfolioEnv, (env): PortfolioConfig => ({
  ttlMs: {
    profile: env.PORTFOLIO_PROFILE_CACHE_TTL_MS,
    margins: env.PORTFOLIO_MARGINS_CACHE_TTL_MS,
    holdings: env.PORTFOLIO_HOLDINGS_CACHE_TTL_MS,
    positions: env.PORTFOLIO_POSITIONS_CACHE_TTL_MS,
  },
  maxEntries: env.PORTFOLIO_CACHE_MAX_ENTRIES,
}));
