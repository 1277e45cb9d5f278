import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DeadlineExceededError, withDeadline } from './with-deadline.js';

describe(withDeadline.name, () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('should pass through a result that arrives in time and clear its timer', async () => {
    await expect(withDeadline(Promise.resolve(42), 100, 'late')).resolves.toBe(42);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('should pass through a rejection that arrives in time', async () => {
    await expect(withDeadline(Promise.reject(new Error('down')), 100, 'late')).rejects.toThrow('down');
  });

  it('should reject with the message once the deadline passes', async () => {
    const pending = withDeadline(new Promise(() => undefined), 100, 'no answer within 100 ms');
    vi.advanceTimersByTime(100);
    await expect(pending).rejects.toEqual(new DeadlineExceededError('no answer within 100 ms'));
  });
});
