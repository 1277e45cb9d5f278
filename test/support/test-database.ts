import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { databaseUrl, TEST_PG_ADMIN_URL } from './test-services.js';

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

export const withAdmin = async <T>(fn: (client: pg.Client) => Promise<T>): Promise<T> => {
  const client = new pg.Client({ connectionString: TEST_PG_ADMIN_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
};

/** A fresh database cloned from the migrated template; drop() removes it. */
export const createTestDatabase = async (): Promise<TestDatabase> => {
  const name = `ticker_test_${inject('runId')}_${randomBytes(4).toString('hex')}`;
  await withAdmin((client) => client.query(`CREATE DATABASE "${name}" TEMPLATE "${inject('templateDatabase')}"`));
  return {
    name,
    url: databaseUrl(name),
    drop: async () => {
      await withAdmin((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
};
