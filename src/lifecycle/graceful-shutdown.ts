import type { Server } from 'node:http';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { SchedulerRegistry } from '@nestjs/schedule';
import type { Logger } from 'pino';
import { ShutdownState } from './shutdown-state.js';

const IDLE_SWEEP_INTERVAL_MS = 50;

/**
 * The shutdown sequence: readiness turns 503, scheduled jobs stop, an optional drain lets load balancers
 * notice, the listener closes while in-flight requests finish, then modules close their pools.
 */
export const gracefulShutdown = async (
  app: NestFastifyApplication,
  options: { drainMs: number; logger: Logger; reason: string },
): Promise<void> => {
  const { drainMs, logger, reason } = options;
  logger.info({ reason }, 'Shutting down: readiness now reports 503');
  app.get(ShutdownState).begin();
  stopScheduledJobs(app.get(SchedulerRegistry));
  if (drainMs > 0) {
    await new Promise((resolve) => setTimeout(resolve, drainMs));
  }
  await closeListener(app.getHttpServer());
  logger.info('HTTP listener closed; in-flight requests finished');
  await app.close();
};

const stopScheduledJobs = (registry: SchedulerRegistry): void => {
  for (const job of registry.getCronJobs().values()) {
    void job.stop();
  }
  for (const name of registry.getIntervals()) {
    registry.deleteInterval(name);
  }
  for (const name of registry.getTimeouts()) {
    registry.deleteTimeout(name);
  }
};

/** Stops accepting connections and resolves once every open one has finished its current request. */
const closeListener = (server: Server): Promise<void> =>
  new Promise((resolve) => {
    if (!server.listening) {
      resolve();
      return;
    }
    // Keep-alive connections become idle after their in-flight response; sweep them as they do.
    const sweeper = setInterval(() => server.closeIdleConnections(), IDLE_SWEEP_INTERVAL_MS);
    server.close(() => {
      clearInterval(sweeper);
      resolve();
    });
    server.closeIdleConnections();
  });
