import { describe, expect, it } from 'vitest';
import { BoundedRunner, QueueFullError } from './bounded-queue.js';

const deferred = () => {
  let resolve: () => void = () => undefined;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
};

describe(BoundedRunner.name, () => {
  it('should run at most maxConcurrent tasks, queue up to maxQueued and refuse the rest', async () => {
    const depths: number[] = [];
    const runner = new BoundedRunner(1, 1, (depth) => depths.push(depth));
    const first = deferred();
    const order: string[] = [];
    const a = runner.run(async () => {
      order.push('a');
      await first.promise;
    });
    const b = runner.run(() => {
      order.push('b');
      return Promise.resolve();
    });
    await expect(runner.run(() => Promise.resolve())).rejects.toBeInstanceOf(QueueFullError);
    expect(order).toEqual(['a']);
    expect(runner.depth).toBe(2);
    first.resolve();
    await Promise.all([a, b]);
    expect(order).toEqual(['a', 'b']);
    expect(runner.depth).toBe(0);
    expect(depths.at(-1)).toBe(0);
  });

  it('should free its slot when a task fails', async () => {
    const runner = new BoundedRunner(1, 0);
    await expect(runner.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(runner.run(() => Promise.resolve(7))).resolves.toBe(7);
  });
});
