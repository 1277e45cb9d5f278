import { randomBytes } from 'node:crypto';
import type { TestProject } from 'vitest/node';
import { migrations } from '../../migrations/index.js';
import { createDataSource } from '../../src/database/data-source.js';
import { AppConfig } from '../../src/config/index.js';
import { withAdmin } from './test-database.js';
import { databaseUrl } from './test-services.js';

declare module 'vitest' {
  export interface ProvidedContext {
    templateDatabase: string;
    runId: string;
  }
}

/**
 * Migrates a template database once per run; each test file then clones it (CREATE DATABASE … TEMPLATE),
 * which takes milliseconds instead of re-running migrations.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const runId = randomBytes(4).toString('hex');
  const template = `ticker_tpl_${runId}`;
  await withAdmin(async (client) => {
    await client.query(`CREATE DATABASE "${template}"`);
  });
  const config = AppConfig.fromEnv({ DATABASE_URL: databaseUrl(template) }).get('database');
  const dataSource = createDataSource({ ...config, poolMin: 0, poolMax: 1 }, databaseUrl(template));
  await dataSource.initialize();
  const applied = await dataSource.runMigrations({ transaction: 'each' });
  await dataSource.destroy();
  if (applied.length !== migrations.length) {
    throw new Error(`Template migration applied ${applied.length} of ${migrations.length} migrations`);
  }
  project.provide('templateDatabase', template);
  project.provide('runId', runId);
  return async () => {
    await withAdmin(async (client) => {
      const leftovers = await client.query<{ datname: string }>(
        `SELECT datname FROM pg_database WHERE datname LIKE $1 OR datname = $2`,
        [`ticker_test_${runId}_%`, template],
      );
      for (const { datname } of leftovers.rows) {
        await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
      }
    });
  };
}
