import { type ChildProcess, spawn } from 'node:child_process';
import { POLL } from '../../support/polling.js';
import { freePort } from '../../support/net.js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { bootTestApp, type TestApp } from '../../support/test-app.js';

const startRedis = async (port: number): Promise<ChildProcess> => {
  const redis = spawn('redis-server', [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--save',
    '',
    '--appendonly',
    'no',
  ]);
  await new Promise<void>((resolve, reject) => {
    redis.stdout?.on('data', (chunk: Buffer) => chunk.toString().includes('Ready to accept') && resolve());
    redis.on('exit', (code) => reject(new Error(`redis-server exited with ${code}`)));
  });
  return redis;
};

const stop = (child: ChildProcess): Promise<void> =>
  new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });

const readiness = async (url: string) => {
  const response = await fetch(`${url}/health/ready`);
  return { status: response.status, body: (await response.json()) as { details: Record<string, { status: string }> } };
};

describe('Redis outage and recovery', () => {
  let port: number;
  let redis: ChildProcess;
  let app: TestApp;

  beforeAll(async () => {
    port = await freePort();
    redis = await startRedis(port);
    app = await bootTestApp({
      env: {
        REDIS_URL: `redis://127.0.0.1:${port}`,
        REDIS_RECONNECT_MAX_DELAY_MS: '200',
        HEALTH_CHECK_TIMEOUT_MS: '500',
      },
    });
  });

  afterAll(async () => {
    await app?.close();
    if (redis.exitCode === null) {
      await stop(redis);
    }
  });

  it('should turn ready to 503 while Redis is down, keep live at 200, and recover by itself', async () => {
    expect((await readiness(app.url)).status).toBe(200);

    await stop(redis);
    await vi.waitFor(async () => {
      const { status, body } = await readiness(app.url);
      expect(status).toBe(503);
      expect(body.details.redis?.status).toBe('down');
      expect(body.details.database?.status).toBe('up');
    }, POLL);
    expect((await fetch(`${app.url}/health/live`)).status).toBe(200);
    const metrics = await (await app.fetch('/metrics')).text();
    expect(metrics).toMatch(/ticker_redis_connection_state\{state="ready"\} 0/);

    redis = await startRedis(port);
    await vi.waitFor(async () => {
      expect((await readiness(app.url)).status).toBe(200);
    }, POLL);
    const recovered = await (await app.fetch('/metrics')).text();
    expect(recovered).toMatch(/ticker_redis_connection_state\{state="ready"\} 1/);
  });
});

describe('Redis unreachable from the start', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await bootTestApp({
      env: { REDIS_URL: `redis://127.0.0.1:${await freePort()}`, HEALTH_CHECK_TIMEOUT_MS: '300' },
    });
  });

  afterAll(async () => {
    await app?.close();
  });

  it('should boot, stay live, and report Redis down in readiness', async () => {
    const { status, body } = await readiness(app.url);
    expect(status).toBe(503);
    expect(body.details.redis?.status).toBe('down');
    expect((await fetch(`${app.url}/health/live`)).status).toBe(200);
  });
});
