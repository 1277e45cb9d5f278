import { performance } from 'node:perf_hooks';

/**
 * Lets a repeated log line through at most once per interval per key, and says how many were held back
 * in between (metrics count every occurrence). Keys are bounded by the caller (account × connection × kind).
 */
export class LogThrottle {
  private readonly last = new Map<string, { atMs: number; suppressed: number }>();

  constructor(private readonly intervalMs: number) {}

  /** The number suppressed since the last line let through, or undefined to stay quiet now. */
  allow(key: string): number | undefined {
    const now = performance.now();
    const entry = this.last.get(key);
    if (entry === undefined) {
      this.last.set(key, { atMs: now, suppressed: 0 });
      return 0;
    }
    if (now - entry.atMs < this.intervalMs) {
      entry.suppressed += 1;
      return undefined;
    }
    const suppressed = entry.suppressed;
    entry.atMs = now;
    entry.suppressed = 0;
    return suppressed;
  }

  forget(prefix: string): void {
    for (const key of this.last.keys()) {
      if (key.startsWith(prefix)) {
        this.last.delete(key);
      }
    }
  }
}
