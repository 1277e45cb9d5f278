import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Walks up from this file to the package root; works from src/ (tests) and dist/src/ (built). */
const readPackageVersion = (): string => {
  for (let dir = dirname(fileURLToPath(import.meta.url)); dirname(dir) !== dir; dir = dirname(dir)) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate)) {
      return (JSON.parse(readFileSync(candidate, 'utf8')) as { version: string }).version;
    }
  }
  return 'unknown';
};

export const SERVICE_VERSION = readPackageVersion();

/** The JavaScript runtime this process runs on (logged at boot, shown in /health/details). */
export const RUNTIME = { name: process.release.name, version: process.version } as const;

/** e.g. "node v24.11.0". */
export const runtimeDescription = (): string => `${RUNTIME.name} ${RUNTIME.version}`;
