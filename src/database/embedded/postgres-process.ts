import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const PORT_PROBE_TIMEOUT_MS = 1_000;
const run = promisify(execFile);

/** The first lines of postmaster.pid: PostgreSQL writes its pid, then its data directory, then its start time, port. */
export interface PidFile {
  path: string;
  pid: number;
  dataDir: string;
  port: number | undefined;
}

export interface ProcessInfo {
  pid: number;
  parentPid: number;
  uid: number;
  /** argv, as the kernel reports it. */
  args: string[];
}

export const pidFilePath = (dataDir: string): string => join(dataDir, 'postmaster.pid');

export const readPidFile = async (dataDir: string): Promise<PidFile | undefined> => {
  const path = pidFilePath(dataDir);
  if (!existsSync(path)) {
    return undefined;
  }
  const [pidLine = '', dataDirLine = '', , portLine = ''] = (await readFile(path, 'utf8')).split('\n');
  const pid = Number(pidLine.trim());
  const port = Number(portLine.trim());
  return {
    path,
    pid: Number.isInteger(pid) && pid > 0 ? pid : 0,
    dataDir: dataDirLine.trim(),
    port: Number.isInteger(port) && port > 0 ? port : undefined,
  };
};

export const isAlive = (pid: number): boolean => {
  if (pid <= 0) {
    return false;
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone we may not signal.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** What the kernel says about a process (Linux /proc; `ps` elsewhere), or undefined once it is gone. */
export const inspectProcess = async (pid: number): Promise<ProcessInfo | undefined> => {
  if (!isAlive(pid)) {
    return undefined;
  }
  try {
    if (existsSync('/proc/self/status')) {
      const [status, cmdline] = await Promise.all([
        readFile(`/proc/${pid}/status`, 'utf8'),
        readFile(`/proc/${pid}/cmdline`, 'utf8'),
      ]);
      const field = (name: string) => /^(\S+):\s+(\d+)/m.exec(status.split('\n').find((l) => l.startsWith(name)) ?? '');
      return {
        pid,
        parentPid: Number(field('PPid:')?.[2] ?? 0),
        uid: Number(field('Uid:')?.[2] ?? -1),
        args: cmdline.split('\0').filter((arg) => arg.length > 0),
      };
    }
    const { stdout } = await run('ps', ['-o', 'ppid=,uid=,args=', '-p', String(pid)]);
    const [parentPid = '0', uid = '-1', ...args] = stdout.trim().split(/\s+/);
    return { pid, parentPid: Number(parentPid), uid: Number(uid), args };
  } catch {
    return undefined;
  }
};

/** True when `info` is a postmaster started from `binary` on `dataDir` (`postgres -D dataDir …`). */
export const isPostmasterOf = (info: ProcessInfo, binary: string, dataDir: string): boolean => {
  const dataDirIndex = info.args.indexOf('-D');
  return (
    info.args[0] !== undefined &&
    resolve(info.args[0]) === resolve(binary) &&
    dataDirIndex >= 0 &&
    info.args[dataDirIndex + 1] !== undefined &&
    resolve(info.args[dataDirIndex + 1]!) === resolve(dataDir)
  );
};

/** True when something accepts TCP connections on 127.0.0.1:port. */
export const isPortInUse = (port: number): Promise<boolean> =>
  new Promise((done) => {
    const socket = connect({ host: '127.0.0.1', port });
    const finish = (inUse: boolean) => {
      socket.destroy();
      done(inUse);
    };
    socket.setTimeout(PORT_PROBE_TIMEOUT_MS, () => finish(true));
    socket.once('connect', () => finish(true));
    socket.once('error', () => finish(false));
  });
