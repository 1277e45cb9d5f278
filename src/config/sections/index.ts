import { accountsConfig } from './accounts.config.js';
import { appConfig } from './app.config.js';
import { instrumentsConfig } from './instruments.config.js';
import { databaseConfig } from './database.config.js';
import { greeksConfig } from './greeks.config.js';
import { healthConfig } from './health.config.js';
import { redisConfig } from './redis.config.js';
import { simulatorTickerConfig } from './simulator-ticker.config.js';
import { simulatorConfig } from './simulator.config.js';
import { supervisorConfig } from './supervisor.config.js';

/** Every configuration area. A module that needs settings adds its section here. */
export const configSections = {
  app: appConfig,
  database: databaseConfig,
  redis: redisConfig,
  health: healthConfig,
  supervisor: supervisorConfig,
  simulatorTicker: simulatorTickerConfig,
  simulator: simulatorConfig,
  accounts: accountsConfig,
  instruments: instrumentsConfig,
  greeks: greeksConfig,
} as const;
