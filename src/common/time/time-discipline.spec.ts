import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = new URL('../../', import.meta.url).pathname;
const COMMENT = /^\s*(\/\/|\*|\/\*)/;

const sourceFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      return sourceFiles(path);
    }
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });

const offending = (pattern: RegExp, allowed: readonly string[]): string[] =>
  sourceFiles(SRC).flatMap((file) => {
    const name = relative(SRC, file);
    if (allowed.includes(name)) {
      return [];
    }
    return readFileSync(file, 'utf8')
      .split('\n')
      .flatMap((line, index) =>
        pattern.test(line) && !COMMENT.test(line) ? [`${name}:${index + 1}: ${line.trim()}`] : [],
      );
  });

describe('time discipline of the product and simulator code', () => {
  it('should read "now" only through the injected Clock (no Date.now() or new Date() outside it)', () => {
    // SystemClock is the one reader of the host clock for dates. Log lines carry the host's real time by
    // design; the breaker measures its open period (a duration) on cockatiel's own clock, which is Date.now.
    const allowed = [
      'common/time/clock.ts',
      'common/logging/logger-options.ts',
      'modules/accounts/resilience/account-policies.ts',
    ];
    expect(offending(/Date\.now\(\)|new Date\(\)/, allowed)).toEqual([]);
  });

  it('should keep IST arithmetic in src/common/time/ist.ts (one implementation, no copies)', () => {
    expect(offending(/19_?800_?000|330 \* 60_?000|Asia\/Kolkata|\+05:?30\b/, ['common/time/ist.ts'])).toEqual([]);
  });
});
