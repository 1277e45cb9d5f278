import type { PinoLogger } from 'nestjs-pino';
import { Counter, Registry } from 'prom-client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ProcessErrorMonitor } from './process-error-monitor.js';

type Listener = (...args: unknown[]) => void;

describe(ProcessErrorMonitor.name, () => {
  const created: ProcessErrorMonitor[] = [];

  afterEach(() => {
    created.splice(0).forEach((monitor) => monitor.onApplicationShutdown());
  });

  const setup = () => {
    const logger = { setContext: vi.fn(), error: vi.fn(), fatal: vi.fn() };
    const counter = new Counter({ name: 'errors_total', help: 'h', labelNames: ['kind'], registers: [new Registry()] });
    const sut = new ProcessErrorMonitor(logger as unknown as PinoLogger, counter);
    created.push(sut);
    // Grab the listeners the monitor adds, and call them directly: emitting on `process` would reach the
    // test runner's own handlers too.
    const before = {
      rejection: process.listeners('unhandledRejection'),
      exception: process.listeners('uncaughtException'),
    };
    sut.onModuleInit();
    const added = (current: unknown[], previous: unknown[]) =>
      current.find((listener) => !previous.includes(listener)) as Listener;
    return {
      sut,
      logger,
      counter,
      onRejection: added(process.listeners('unhandledRejection'), before.rejection),
      onException: added(process.listeners('uncaughtException'), before.exception),
    };
  };

  it('should log and count an unhandled rejection and keep the process running', async () => {
    const { sut, logger, counter, onRejection } = setup();
    const fatal = vi.fn();
    sut.onFatalError(fatal);
    onRejection(new Error('lost promise'));
    expect(logger.error).toHaveBeenCalledWith(
      expect.objectContaining({ err: expect.any(Error) }),
      'Unhandled promise rejection',
    );
    expect((await counter.get()).values).toEqual([
      expect.objectContaining({ labels: { kind: 'unhandled_rejection' }, value: 1 }),
    ]);
    expect(fatal).not.toHaveBeenCalled();
  });

  it('should log, count and hand an uncaught exception to the fatal handler', async () => {
    const { sut, logger, counter, onException } = setup();
    const fatal = vi.fn();
    sut.onFatalError(fatal);
    const error = new Error('boom');
    onException(error, 'uncaughtException');
    expect(logger.fatal).toHaveBeenCalled();
    expect(fatal).toHaveBeenCalledWith(error);
    expect((await counter.get()).values[0]).toMatchObject({ labels: { kind: 'uncaught_exception' }, value: 1 });
  });

  it('should remove its listeners on shutdown', () => {
    const { sut, onRejection } = setup();
    sut.onApplicationShutdown();
    expect(process.listeners('unhandledRejection')).not.toContain(onRejection);
  });
});
