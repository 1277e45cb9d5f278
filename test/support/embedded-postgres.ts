import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * A scratch directory for embedded PostgreSQL data. Not mkdtemp (mode 700): as root the server runs as
 * user "postgres", which must be able to traverse it.
 */
export const scratchDirectory = (label: string): { path: string; remove(): void } => {
  const path = join(tmpdir(), `ticker-${label}-${randomBytes(4).toString('hex')}`);
  mkdirSync(path, { mode: 0o755 });
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
};

/** Pids of live PostgreSQL processes whose command line names `dataDir` (postmaster and, by title, none else). */
export const postgresProcessesOn = (dataDir: string): number[] => {
  const wanted = resolve(dataDir);
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
        return args.some((arg) => arg.endsWith('/postgres')) && args.includes(wanted);
      } catch {
        return false; // gone meanwhile
      }
    })
    .map(Number);
};

/** The pid PostgreSQL recorded in its postmaster.pid, if the file exists. */
export const recordedPostmasterPid = (dataDir: string): number | undefined => {
  const file = join(dataDir, 'postmaster.pid');
  return existsSync(file) ? Number(readFileSync(file, 'utf8').split('\n')[0]) : undefined;
};

export const isProcessAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
