import { spawnSync } from 'node:child_process';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pg from 'pg';
import { pino } from 'pino';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import {
  type EmbeddedPostgresHandle,
  startEmbeddedPostgres,
} from '../../../src/database/embedded/embedded-postgres.js';
import { EmbeddedPostgresStartupError } from '../../../src/database/embedded/startup-error.js';
import {
  isProcessAlive,
  postgresProcessesOn,
  recordedPostmasterPid,
  scratchDirectory,
} from '../../support/embedded-postgres.js';
import { freePort } from '../../support/net.js';

/** A logger that hands each message to `onMessage` (so a test can act on "Starting embedded PostgreSQL"). */
const capturingLogger = (onMessage: (msg: string) => void = () => undefined) =>
  pino(
    { level: 'info' },
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        onMessage((JSON.parse(chunk.toString('utf8')) as { msg: string }).msg);
        done();
      },
    }),
  );

const scalar = async (url: string, sql: string): Promise<unknown> => {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return Object.values((await client.query<Record<string, unknown>>(sql)).rows[0] ?? {})[0];
  } finally {
    await client.end();
  }
};

describe('embedded PostgreSQL', () => {
  const scratch = scratchDirectory('embedded-it');
  const started: EmbeddedPostgresHandle[] = [];

  const start = async (dataDir: string, port: number, signal?: AbortSignal) => {
    const handle = await startEmbeddedPostgres({ dataDir, port }, capturingLogger(), signal);
    started.push(handle);
    return handle;
  };

  afterEach(async () => {
    await Promise.all(started.splice(0).map((handle) => handle.stop()));
  });

  afterAll(() => scratch.remove());

  it('should run a server of its own, verified by postmaster.pid, and stop exactly that process', async () => {
    const dataDir = join(scratch.path, 'own');
    const handle = await start(dataDir, await freePort());
    expect(await scalar(handle.url, 'SELECT current_database()')).toBe('ticker');
    expect(recordedPostmasterPid(dataDir)).toBe(handle.pid);
    expect(postgresProcessesOn(dataDir)).toContain(handle.pid);

    await handle.stop();
    expect(isProcessAlive(handle.pid)).toBe(false);
    expect(recordedPostmasterPid(dataDir)).toBeUndefined();
    expect(postgresProcessesOn(dataDir)).toEqual([]);
  });

  it('should refuse a data directory another running server holds, and leave that server alone', async () => {
    const dataDir = join(scratch.path, 'held');
    const port = await freePort();
    const holder = await start(dataDir, port);

    const attempt = startEmbeddedPostgres({ dataDir, port }, capturingLogger());
    await expect(attempt).rejects.toThrow(EmbeddedPostgresStartupError);
    await expect(attempt).rejects.toThrow(`already served by PostgreSQL pid ${holder.pid}`);
    await expect(attempt).rejects.toThrow(`kill -INT ${holder.pid}`);
    expect(isProcessAlive(holder.pid)).toBe(true);
    expect(await scalar(holder.url, 'SELECT 1')).toBe(1);
  });

  it('should refuse a port another program listens on, starting nothing', async () => {
    const port = await freePort();
    const squatter: Server = createServer();
    await new Promise<void>((resolve) => squatter.listen(port, '127.0.0.1', resolve));
    const dataDir = join(scratch.path, 'port-taken');
    try {
      await expect(startEmbeddedPostgres({ dataDir, port }, capturingLogger())).rejects.toThrow(
        `Port ${port} on 127.0.0.1 is already in use`,
      );
      expect(postgresProcessesOn(dataDir)).toEqual([]);
    } finally {
      await new Promise((resolve) => squatter.close(resolve));
    }
  });

  it('should refuse a pid file that names a live process which is not our PostgreSQL', async () => {
    const dataDir = join(scratch.path, 'foreign-pid');
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    writeFileSync(join(dataDir, 'postmaster.pid'), `${process.pid}\n${dataDir}\n0\n5432\n`);
    await expect(startEmbeddedPostgres({ dataDir, port: await freePort() }, capturingLogger())).rejects.toThrow(
      `names pid ${process.pid}, which is not a PostgreSQL on this data directory`,
    );
    expect(isProcessAlive(process.pid)).toBe(true);
  });

  it('should start over a stale pid file whose process is gone', async () => {
    const dataDir = join(scratch.path, 'stale-pid');
    const port = await freePort();
    await (await start(dataDir, port)).stop();
    const gone = spawnSync('true').pid;
    writeFileSync(join(dataDir, 'postmaster.pid'), `${gone}\n${dataDir}\n0\n${port}\n`);
    const handle = await start(dataDir, port);
    expect(recordedPostmasterPid(dataDir)).toBe(handle.pid);
  });

  it('should stop the server it was starting when aborted during start-up', async () => {
    const dataDir = join(scratch.path, 'aborted');
    const controller = new AbortController();
    const logger = capturingLogger((msg) => {
      if (msg === 'Starting embedded PostgreSQL') {
        controller.abort('SIGTERM');
      }
    });
    await expect(startEmbeddedPostgres({ dataDir, port: await freePort() }, logger, controller.signal)).rejects.toBe(
      'SIGTERM',
    );
    expect(postgresProcessesOn(dataDir)).toEqual([]);
    expect(recordedPostmasterPid(dataDir)).toBeUndefined();
  });

  it.runIf(process.getuid?.() === 0)(
    'should, as root, name the directory user postgres cannot enter and never change its mode',
    async () => {
      const privateDir = join(scratch.path, 'private');
      mkdirSync(privateDir, { mode: 0o700 });
      const dataDir = join(privateDir, 'postgres');
      await expect(startEmbeddedPostgres({ dataDir, port: await freePort() }, capturingLogger())).rejects.toThrow(
        `it may not enter ${privateDir} (mode 700`,
      );
      expect(statSync(privateDir).mode & 0o777).toBe(0o700);
      expect(postgresProcessesOn(dataDir)).toEqual([]);
    },
  );
});
