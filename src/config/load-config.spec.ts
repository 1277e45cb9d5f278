import { describe, expect, it } from 'vitest';
import { AppConfig } from './app-config.js';
import { ConfigValidationError, loadConfig } from './load-config.js';

describe(loadConfig.name, () => {
  it('should apply documented defaults to an empty environment', () => {
    const config = loadConfig({});
    expect(config.app).toMatchObject({
      port: 3000,
      logLevel: 'info',
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

  it('should refuse NODE_ENV=production without DATABASE_URL: the embedded PostgreSQL is for development only', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(
      /DATABASE_URL must be set when NODE_ENV=production.*\[DATABASE_URL\]/,
    );
    expect(loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://u@h:5432/d' }).app.nodeEnv).toBe(
      'production',
    );
    expect(loadConfig({ NODE_ENV: 'development' }).database.url).toBeUndefined();
  });

  it('should leave SIM_* to the simulator: the service neither reads nor validates them', () => {
    const config = loadConfig({ SIM_PORT: 'not-a-port', SIM_CLOCK_MODE: 'sideways' });
    expect(Object.keys(config)).not.toContain('simulator');
    expect(config.embeddedSimulator).toEqual({ enabled: false });
    expect(loadConfig({ SIMULATOR_EMBEDDED: 'true' }).embeddedSimulator).toEqual({ enabled: true });
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

  it('should name a bad secret variable and its rule without ever printing its value', () => {
    const secrets = {
      DATABASE_URL: 'mysql://trader:hunter2-db-pass@db.internal:3306/ticker',
      REDIS_URL: 'http://:redis-pass-77@cache.internal:6379',
      KITE_ENCRYPTION_KEY: 'not-a-real-key-but-still-secret',
      KITE_ACCOUNTS: '[{"id":"a","api_key":"k","api_secret":"acct-secret-91"',
      KITE_ENCRYPTION_PREVIOUS_KEYS: 'old:prev-key-secret-33',
    };
    const problems = (() => {
      try {
        loadConfig(secrets);
      } catch (error) {
        return (error as ConfigValidationError).problems.join('\n') + (error as Error).message;
      }
      return '';
    })();
    for (const name of Object.keys(secrets)) {
      expect(problems).toContain(`[${name}]`);
    }
    expect(problems).toContain('DATABASE_URL must be a postgres:// or postgresql:// URL');
    for (const fragment of [
      'hunter2',
      'redis-pass-77',
      'not-a-real-key',
      'acct-secret-91',
      'prev-key-secret-33',
      'db.internal',
    ]) {
      expect(problems).not.toContain(fragment);
    }
  });

  it('should keep showing the value of a bad setting that is not secret', () => {
    expect(() => loadConfig({ PORT: '70000' })).toThrow('(got 70000) [PORT]');
  });

  it('should keep the pool minimum within the maximum', () => {
    expect(loadConfig({ DB_POOL_MIN: '50', DB_POOL_MAX: '10' }).database.poolMin).toBe(10);
  });
});

describe('clock and market calendar configuration', () => {
  const problemsOf = (env: Record<string, string>): string => {
    try {
      loadConfig(env);
      return '';
    } catch (error) {
      return (error as ConfigValidationError).problems.join('\n');
    }
  };

  it('should run on the real clock with no extra holidays by default', () => {
    const config = loadConfig({});
    expect(config.clock).toEqual({ mode: 'real', atMs: undefined });
    expect(config.market).toEqual({ extraHolidays: [], specialSessions: [] });
  });

  it.each([
    ['2026-12-01 15:29:00', Date.parse('2026-12-01T09:59:00Z')],
    ['2026-12-01T09:59:00Z', Date.parse('2026-12-01T09:59:00Z')],
    ['1796119140000', 1_796_119_140_000],
  ])('should read CLOCK_AT=%s as IST wall time, ISO or epoch ms', (at, expected) => {
    expect(loadConfig({ CLOCK_MODE: 'fixed', CLOCK_AT: at }).clock).toEqual({ mode: 'fixed', atMs: expected });
  });

  it('should refuse a fixed or shifted clock in production, naming the rule', () => {
    for (const mode of ['fixed', 'shifted']) {
      expect(problemsOf({ NODE_ENV: 'production', CLOCK_MODE: mode, DATABASE_URL: 'postgres://u@h/d' })).toContain(
        'CLOCK_MODE must be real when NODE_ENV=production',
      );
    }
    expect(
      loadConfig({ NODE_ENV: 'production', CLOCK_MODE: 'real', DATABASE_URL: 'postgres://u@h/d' }).clock.mode,
    ).toBe('real');
  });

  it('should refuse an unreadable CLOCK_AT, impossible holiday dates and malformed special sessions', () => {
    const problems = problemsOf({
      CLOCK_AT: 'next tuesday',
      MARKET_HOLIDAYS_EXTRA: '2027-03-22,2027-02-30',
      MARKET_SPECIAL_SESSIONS: '2026-11-08@19:00-18:00',
    });
    expect(problems).toContain('CLOCK_AT must be an IST "yyyy-mm-dd hh:mm:ss"');
    expect(problems).toContain('MARKET_HOLIDAYS_EXTRA must be a comma-separated list of real dates');
    expect(problems).toContain('MARKET_SPECIAL_SESSIONS must be a comma-separated list of YYYY-MM-DD@HH:MM-HH:MM');
  });

  it('should parse extra holidays and special sessions', () => {
    expect(
      loadConfig({ MARKET_HOLIDAYS_EXTRA: '2027-03-22', MARKET_SPECIAL_SESSIONS: '2026-11-08@18:00-19:15' }).market,
    ).toEqual({
      extraHolidays: ['2027-03-22'],
      specialSessions: [
        expect.objectContaining({ date: '2026-11-08', open: { hour: 18, minute: 0 }, close: { hour: 19, minute: 15 } }),
      ],
    });
  });
});

describe(AppConfig.name, () => {
  it('should expose sections by name', () => {
    expect(AppConfig.fromEnv({ LOG_LEVEL: 'debug' }).get('app').logLevel).toBe('debug');
  });
});
