import { describe, expect, it } from 'vitest';
import { AppConfig } from './app-config.js';
import { ConfigValidationError, loadConfig } from './load-config.js';

describe(loadConfig.name, () => {
  it('should apply documented defaults to an empty environment', () => {
    const config = loadConfig({});
    expect(config.app).toMatchObject({
      port: 3000,
      logLevel: 'info',
      marketTimeZone: 'Asia/Kolkata',
      nodeEnv: 'development',
    });
    expect(config.app.shutdownGracePeriodMs).toBe(25_000);
    expect(config.database).toMatchObject({ url: undefined, poolMin: 2, poolMax: 20, acquireTimeoutMs: 5_000 });
    expect(config.database.migrationsRun).toBe(true);
    expect(config.redis.url).toBeUndefined();
  });

  it('should convert numbers and booleans from strings', () => {
    const config = loadConfig({
      PORT: '8080',
      DB_POOL_MAX: '7',
      DB_MIGRATIONS_RUN: 'false',
      DATABASE_URL: 'postgres://u@h:5432/d',
    });
    expect(config.app.port).toBe(8080);
    expect(config.database.poolMax).toBe(7);
    expect(config.database.migrationsRun).toBe(false);
  });

  it('should treat blank values as unset', () => {
    expect(loadConfig({ PORT: '', REDIS_URL: '  ' }).app.port).toBe(3000);
  });

  it('should name every bad variable and the rule it broke', () => {
    const attempt = () =>
      loadConfig({ PORT: '70000', DB_POOL_MIN: '-1', DB_MIGRATIONS_RUN: 'maybe', DATABASE_URL: 'mysql://x' });
    expect(attempt).toThrow(ConfigValidationError);
    try {
      attempt();
    } catch (error) {
      const { problems } = error as ConfigValidationError;
      expect(problems.join('\n')).toContain('PORT must not be greater than 65535');
      expect(problems.join('\n')).toContain('DB_POOL_MIN must not be less than 0');
      expect(problems.join('\n')).toContain('DB_MIGRATIONS_RUN must be a boolean value');
      expect(problems.join('\n')).toContain('DATABASE_URL must be a postgres:// or postgresql:// URL');
    }
  });

  it('should keep the pool minimum within the maximum', () => {
    expect(loadConfig({ DB_POOL_MIN: '50', DB_POOL_MAX: '10' }).database.poolMin).toBe(10);
  });
});

describe(AppConfig.name, () => {
  it('should expose sections by name', () => {
    expect(AppConfig.fromEnv({ LOG_LEVEL: 'debug' }).get('app').logLevel).toBe('debug');
  });
});
