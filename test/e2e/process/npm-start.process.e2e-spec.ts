import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  isProcessAlive,
  postgresProcessesOn,
  recordedPostmasterPid,
  scratchDirectory,
} from '../../support/embedded-postgres.js';
import { freePort } from '../../support/net.js';
import { type NpmStart, npmStart } from '../../support/npm-start.js';

/**
 * `npm start` as a user, systemd or a container runtime runs it: the signal goes to npm's pid alone.
 * These tests run after every other file (their own Vitest project), because `npm start` rebuilds dist/.
 */
describe('npm start as a real process tree', () => {
  const running: { started: NpmStart; dataDir: string; remove(): void }[] = [];

  const start = async () => {
    const scratch = scratchDirectory('npm-start');
    const dataDir = join(scratch.path, 'postgres');
    const started = npmStart({
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'info',
      LOG_FORMAT: 'json',
      EMBEDDED_PG_DATA_DIR: dataDir,
      EMBEDDED_PG_PORT: String(await freePort()),
    });
    running.push({ started, dataDir, remove: scratch.remove });
    return { started, dataDir };
  };

  afterEach(async () => {
    // Only after a failure is anything left: stop what this test started (by its pids), then remove its data.
    for (const { started, dataDir, remove } of running.splice(0)) {
      if (started.process.exitCode === null && started.process.signalCode === null) {
        started.process.kill('SIGKILL');
        await started.exit;
      }
      const service = started.loggedPid();
      if (service !== undefined && isProcessAlive(service)) {
        process.kill(service, 'SIGKILL');
      }
      for (const pid of postgresProcessesOn(dataDir)) {
        process.kill(pid, 'SIGQUIT');
      }
      remove();
    }
  });

  it('should run the service on the pinned Node 24 and say so in the listening line', async () => {
    const { started } = await start();
    const listening = await started.logLine('ticker-service listening');
    expect(listening.runtime).toMatch(/^node v24\./);
    started.process.kill('SIGTERM');
    expect((await started.exit).code).toBe(0);
  });

  it('should stop the service and its embedded PostgreSQL on SIGTERM sent to npm alone', async () => {
    const { started, dataDir } = await start();
    const ready = await started.logLine('Embedded PostgreSQL ready');
    const listening = await started.logLine('ticker-service listening');
    const url = listening.url as string;
    const postmaster = ready.pid as number;
    expect(recordedPostmasterPid(dataDir)).toBe(postmaster);
    expect((await fetch(`${url}/health/live`)).status).toBe(200);

    started.process.kill('SIGTERM');
    expect(await started.exit).toEqual({ code: 0, signal: null });
    expect(isProcessAlive(listening.pid as number)).toBe(false);
    await expect(fetch(`${url}/health/live`)).rejects.toThrow();
    expect(isProcessAlive(postmaster)).toBe(false);
    expect(postgresProcessesOn(dataDir)).toEqual([]);
  });

  it('should stop the embedded PostgreSQL when SIGTERM arrives while it starts', async () => {
    const { started, dataDir } = await start();
    await started.logLine('Starting embedded PostgreSQL');
    started.process.kill('SIGTERM');
    expect((await started.exit).code).toBe(0);
    await expect.poll(() => postgresProcessesOn(dataDir)).toEqual([]);
    expect(recordedPostmasterPid(dataDir)).toBeUndefined();
  });
});
