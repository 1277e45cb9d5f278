import { randomBytes } from 'node:crypto';
import type { ModuleMetadata } from '@nestjs/common';
import { Redis } from 'ioredis';
import { type RunningService, startService } from '../../src/bootstrap.js';
import { type Clock, ControllableClock, parseIstDateTime } from '../../src/common/time/index.js';
import { AppConfig, type RawEnv } from '../../src/config/index.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';
import { TEST_REDIS_URL } from './test-services.js';

/**
 * The admin key every test app is seeded with (AUTH_BOOTSTRAP_KEY_HASH): all scopes, all accounts. The
 * hash uses a cheap scrypt cost (ln=4) so tests stay fast; production keys use ln=14.
 */
export const TEST_ADMIN_KEY = 'tks_testadmin001_Xv35DjgzCZsjyVxv6FidUNLAyZeskL0V4wyBJHKVFTU';
export const TEST_ADMIN_KEY_HASH =
  'testadmin001:scrypt$ln=4,r=8,p=1$FCSLTXRk_MTrzOmTmUpSjg$bYm15hvuvyUBy6sFBaXrXmFKWpxYzie-77mTpoem9D0';
export const ADMIN_HEADERS: Readonly<Record<string, string>> = { 'x-api-key': TEST_ADMIN_KEY };

/** `init` with the admin key added (callers' headers win). */
export const asAdmin = (init: RequestInit = {}): RequestInit => ({
  ...init,
  headers: { ...ADMIN_HEADERS, ...(init.headers as Record<string, string> | undefined) },
});

export interface TestApp {
  service: RunningService;
  url: string;
  /** fetch(`${url}${path}`) with the admin key. */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  database: TestDatabase;
  redisPrefix: string;
  /** Shuts the app down (if still running), drops its database and deletes its Redis keys. */
  close(): Promise<void>;
}

export const uniqueRedisPrefix = (): string => `test:${randomBytes(6).toString('hex')}:`;

/** Where a test's clock starts unless the test pins its own: a Tuesday session (no test reads the host date). */
export const TEST_CLOCK_START = '2026-12-01 10:30:00';

/** A clock that reads TEST_CLOCK_START now and runs at real speed from there. */
export const testClock = (): ControllableClock => ControllableClock.startingAt(parseIstDateTime(TEST_CLOCK_START)!);

/**
 * The environment every booted test app starts from: real Postgres and Redis, any free port, quiet logs,
 * the admin key seeded, local demo access off (tests authenticate like production clients) and request
 * limits high enough not to trip (the tests of those limits lower them).
 */
export const testEnv = (database: TestDatabase, redisPrefix: string, overrides: RawEnv = {}): RawEnv => ({
  NODE_ENV: 'test',
  HOST: '127.0.0.1',
  PORT: '0',
  LOG_LEVEL: 'warn',
  LOG_FORMAT: 'json',
  DATABASE_URL: database.url,
  DB_POOL_MIN: '0',
  DB_POOL_MAX: '5',
  REDIS_URL: TEST_REDIS_URL,
  REDIS_KEY_PREFIX: redisPrefix,
  AUTH_BOOTSTRAP_KEY_HASH: TEST_ADMIN_KEY_HASH,
  AUTH_LOCAL_DEMO: 'off',
  RATE_LIMIT_PER_CREDENTIAL: '1000000',
  RATE_LIMIT_PER_IP: '1000000',
  AUTH_FAILURE_LIMIT_MAX: '1000000',
  ...overrides,
});

/** Boots the service on a fresh database; its clock is `clock` (shared with a simulator) or a testClock(). */
export const bootTestApp = async (
  options: { env?: RawEnv; imports?: ModuleMetadata['imports']; clock?: Clock } = {},
): Promise<TestApp> => {
  const database = await createTestDatabase();
  const redisPrefix = uniqueRedisPrefix();
  try {
    const config = AppConfig.fromEnv(testEnv(database, redisPrefix, options.env));
    const service = await startService(config, { imports: options.imports, clock: options.clock ?? testClock() });
    return {
      service,
      url: service.url,
      fetch: (path, init) => fetch(`${service.url}${path}`, asAdmin(init)),
      database,
      redisPrefix,
      close: async () => {
        await service.shutdown('test finished');
        await deleteRedisKeys(redisPrefix);
        await database.drop();
      },
    };
  } catch (error) {
    await database.drop();
    throw error;
  }
};

export const deleteRedisKeys = async (prefix: string): Promise<void> => {
  const redis = new Redis(TEST_REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      if (keys.length > 0) {
        await redis.del(...keys);
      }
      cursor = next;
    } while (cursor !== '0');
  } catch {
    // Redis may be down on purpose in the test that booted this app.
  } finally {
    redis.disconnect();
  }
};
