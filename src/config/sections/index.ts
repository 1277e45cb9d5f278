import { accountsConfig } from './accounts.config.js';
import { appConfig } from './app.config.js';
import { auditConfig } from './audit.config.js';
import { authConfig } from './auth.config.js';
import { clockConfig } from './clock.config.js';
import { instrumentsConfig } from './instruments.config.js';
import { loginConfig } from './login.config.js';
import { databaseConfig, requireDatabaseUrlInProduction } from './database.config.js';
import { embeddedSimulatorConfig } from './embedded-simulator.config.js';
import { mutualFundsConfig } from './mutual-funds.config.js';
import { portfolioConfig } from './portfolio.config.js';
import { greeksConfig } from './greeks.config.js';
import { gttConfig } from './gtt.config.js';
import { healthConfig } from './health.config.js';
import { marketConfig } from './market.config.js';
import { redisConfig } from './redis.config.js';
import { securityConfig } from './security.config.js';
import { supervisorConfig } from './supervisor.config.js';
import { websocketPoolConfig } from './websocket-pool.config.js';

/** Every configuration area. A module that needs settings adds its section here. */
export const configSections = {
  app: appConfig,
  clock: clockConfig,
  market: marketConfig,
  database: databaseConfig,
  redis: redisConfig,
  health: healthConfig,
  supervisor: supervisorConfig,
  embeddedSimulator: embeddedSimulatorConfig,
  accounts: accountsConfig,
  login: loginConfig,
  instruments: instrumentsConfig,
  greeks: greeksConfig,
  portfolio: portfolioConfig,
  gtt: gttConfig,
  mutualFunds: mutualFundsConfig,
  websocketPool: websocketPoolConfig,
  security: securityConfig,
  auth: authConfig,
  audit: auditConfig,
} as const;

/** Rules that span sections, checked once every section is valid; each returns its problems. */
export const crossSectionRules = [requireDatabaseUrlInProduction];
