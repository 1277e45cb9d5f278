import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

export const MAIN_JS = resolve(import.meta.dirname, '../../dist/src/main.js');

export interface ChildService {
  process: ChildProcess;
  url: Promise<string>;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output(): string;
}

/** Runs the built service (`node dist/src/main.js`) as a real process; `url` resolves once it listens. */
export const spawnService = (env: Record<string, string>): ChildService => {
  if (!existsSync(MAIN_JS)) {
    throw new Error(`${MAIN_JS} is missing: run \`npm run build\` first (npm test does it)`);
  }
  const child = spawn(process.execPath, [MAIN_JS], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let resolveUrl: (url: string) => void = () => undefined;
  let rejectUrl: (error: Error) => void = () => undefined;
  const url = new Promise<string>((ok, fail) => {
    resolveUrl = ok;
    rejectUrl = fail;
  });
  const onData = (chunk: Buffer): void => {
    output += chunk.toString('utf8');
    const listening = /"url":"(http:\/\/[^"]+)"[^\n]*"msg":"ticker-service listening"/.exec(output);
    if (listening?.[1]) {
      resolveUrl(listening[1]);
    }
  };
  // Tests that expect an early exit never await `url`; keep its rejection from going unhandled.
  url.catch(() => undefined);
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((ok) => {
    child.on('exit', (code, signal) => {
      rejectUrl(new Error(`service exited (code ${code}) before listening:\n${output}`));
      ok({ code, signal });
    });
  });
  return { process: child, url, exit, output: () => output };
};
