import type { Config, RawEnv } from './load-config.js';
import { loadConfig } from './load-config.js';
import { readProcessEnv } from './process-env.js';

/**
 * The typed, validated configuration. The only reader of process.env in the service: every other
 * class receives it through dependency injection.
 */
export class AppConfig {
  private constructor(private readonly values: Config) {}

  static fromEnv(raw: RawEnv): AppConfig {
    return new AppConfig(loadConfig(raw));
  }

  /** Loads ./.env when present (real environment variables win), then validates. */
  static fromProcessEnv(envFile = '.env'): AppConfig {
    return AppConfig.fromEnv(readProcessEnv(envFile));
  }

  get<K extends keyof Config>(section: K): Config[K] {
    return this.values[section];
  }
}
