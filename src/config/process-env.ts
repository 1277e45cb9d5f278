import { existsSync } from 'node:fs';
import type { RawEnv } from './load-config.js';

/**
 * The process environment, after loading ./.env when present (real environment variables win). The only
 * place that reads process.env: the service's and the simulator's loaders validate what it returns.
 */
export const readProcessEnv = (envFile = '.env'): RawEnv => {
  if (existsSync(envFile)) {
    const before = { ...process.env };
    process.loadEnvFile(envFile);
    Object.assign(process.env, before);
  }
  return { ...process.env };
};
