import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { delimiter, resolve } from 'node:path';

export const PROJECT_ROOT = resolve(import.meta.dirname, '../..');

export interface NpmStart {
  /** npm itself: the process a container runtime or systemd signals. */
  process: ChildProcess;
  /** Resolves with the first log line whose msg is `message` (parsed), rejects if npm exits first. */
  logLine(message: string): Promise<Record<string, unknown>>;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output(): string;
  /** The service's own pid, once its listening line was logged. */
  loggedPid(): number | undefined;
}

/**
 * The machine's PATH without any node_modules/.bin: npm then runs on whatever Node the system has (20 on
 * the CI image), as it would for a user typing `npm start`; the project's scripts must still run on the
 * pinned Node 24. Falls back to the full PATH when npm is only reachable through node_modules.
 */
const systemPath = (): string => {
  const full = process.env.PATH ?? '';
  const stripped = full
    .split(delimiter)
    .filter((entry) => !entry.includes('node_modules'))
    .join(delimiter);
  return spawnSync('npm', ['--version'], { env: { PATH: stripped } }).status === 0 ? stripped : full;
};

/** Runs `npm start` in the project, as a user or a service manager would, with `env` on top of PATH and HOME. */
export const npmStart = (env: Record<string, string>): NpmStart => {
  const child = spawn('npm', ['start'], {
    cwd: PROJECT_ROOT,
    env: { PATH: systemPath(), HOME: process.env.HOME ?? '/tmp', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const waiters: { message: string; resolve: (line: Record<string, unknown>) => void }[] = [];
  const lines: Record<string, unknown>[] = [];
  let pending = '';
  const onData = (chunk: Buffer): void => {
    output += chunk.toString('utf8');
    pending += chunk.toString('utf8');
    const complete = pending.split('\n');
    pending = complete.pop() ?? '';
    for (const text of complete.filter((line) => line.startsWith('{'))) {
      const line = JSON.parse(text) as Record<string, unknown>;
      lines.push(line);
      for (const waiter of waiters.filter((w) => w.message === line.msg)) {
        waiter.resolve(line);
      }
    }
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => {
    child.on('exit', (code, signal) => done({ code, signal }));
  });
  const logLine = (message: string) =>
    new Promise<Record<string, unknown>>((done, fail) => {
      const seen = lines.find((line) => line.msg === message);
      if (seen) {
        done(seen);
        return;
      }
      waiters.push({ message, resolve: done });
      void exit.then(() => fail(new Error(`npm start exited before logging "${message}":\n${output}`)));
    });
  const loggedPid = () => lines.find((line) => line.msg === 'ticker-service listening')?.pid as number | undefined;
  return { process: child, logLine, exit, output: () => output, loggedPid };
};
